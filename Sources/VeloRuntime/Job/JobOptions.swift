/// How a job runs, beyond what its SQL says.
public struct JobOptions: Sendable {
    /// Kafka sources stop at the end offsets they saw when the job started (a bounded read: tests,
    /// the demo's replay, `velo-sql run --until-end`). Otherwise they run until stopped.
    public var readToEnd = false
    /// How often sinks are flushed and source offsets committed (at-least-once: offsets only after
    /// everything before them is delivered).
    public var checkpointInterval: Duration = .seconds(1)
    /// Records per poll of a source.
    public var batchSize = 4_096
    public var pollTimeout: Duration = .milliseconds(100)
    /// Consumer groups are named `<prefix><job name>`.
    public var groupPrefix = "velo-"
    /// Where the console sink (a transient SELECT) writes its lines.
    public var console: @Sendable (String) -> Void = { print($0) }

    public init() {}
}
