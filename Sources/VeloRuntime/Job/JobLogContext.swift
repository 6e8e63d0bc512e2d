import Logging

/// The job a piece of work belongs to, as task-local state: every log line written while a job runs
/// (its own, the Kafka client's on the job's task) carries `job=<name>` once the logging system is
/// bootstrapped with `metadataProvider`.
public enum JobLogContext {
    @TaskLocal public static var job: String?

    /// The runtime's own log lines (state discarded, …).
    static let logger = Logger(label: "velo.runtime")

    public static let metadataProvider = Logger.MetadataProvider {
        guard let job else { return [:] }
        return ["job": .string(job)]
    }
}
