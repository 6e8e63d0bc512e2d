/// Everything `velo-sql server` can be told (PRODUCT.md §5), with its defaults. Read from
/// `server-config/velo-sql.yaml`, then the environment, then flags — each later one wins
/// (`ConfigLoader`). server-config/velo-sql.yaml documents every key.
public struct ServerConfig: Sendable, Equatable {
    public enum ProcessingGuarantee: String, Sendable, CaseIterable {
        case atLeastOnce = "at_least_once"
        case exactlyOnce = "exactly_once"
    }

    public enum ErrorPolicy: String, Sendable, CaseIterable {
        case dlq, skip, fail
    }

    // server
    public var host = "127.0.0.1"
    public var port = 8080
    /// How long SIGTERM waits for jobs to checkpoint and close before the server exits anyway.
    public var shutdownTimeout: Duration = .seconds(30)
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes = 1 << 20

    // kafka
    public var brokers = "127.0.0.1:9092"
    /// Passed to librdkafka as they are, for every job's consumers and producers.
    public var kafkaProperties: [String: String] = [:]

    // state
    public var stateDirectory = "./velo-data"
    public var checkpointInterval: Duration = .seconds(5)

    // jobs
    public var maxJobs = 100
    public var processingGuarantee: ProcessingGuarantee = .atLeastOnce
    /// What a job does with a record it cannot read when its SQL does not say ('errors' = …).
    public var errors: ErrorPolicy = .dlq

    // auth
    /// Bearer tokens accepted on /api/v1; empty = no authentication.
    public var tokens: [String] = []

    // metrics
    public var metricsEnabled = true

    // log
    public var logLevel = "info"

    public init() {}
}
