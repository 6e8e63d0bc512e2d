import Synchronization

/// What a running job has done so far; read from any thread (progress line, server status).
public struct JobStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case starting, running, paused, finished, failed, stopped
    }

    public var state: State = .starting
    public var recordsIn = 0
    public var recordsOut = 0
    /// Records that could not be decoded or converted (each went to the DLQ, was skipped, or failed the job).
    public var badRecords = 0
    public var deadLettered = 0
    /// Expression errors (division by zero, failed CAST …) that turned a value into NULL.
    public var expressionErrors = 0
    public var checkpoints = 0
    /// Records for windows already closed (counted; dead-lettered under `errors = 'dlq'`).
    public var lateRecords = 0
    /// Bytes of operator state held (windows, groups, partitions); 0 for a stateless job.
    public var stateBytes = 0
    /// Records behind the end of the source topics at the last checkpoint (nil when unknown).
    public var lag: Int64?
    /// Records read per second over the last checkpoint interval.
    public var ratePerSecond = 0.0
    public var failure: String?
}

/// The status behind a lock, shared by the job's task and its observers.
final class JobStatusCell: Sendable {
    private let cell = Mutex(JobStatus())

    var snapshot: JobStatus { cell.withLock { $0 } }

    func update(_ change: (inout JobStatus) -> Void) {
        cell.withLock { change(&$0) }
    }
}
