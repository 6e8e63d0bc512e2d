import VeloCore

/// What flows along the edges of a running graph besides record batches. Control elements travel in
/// order with the records, so an operator sees a barrier only after every record before it: a
/// checkpoint is consistent without stopping the job, and windowed operators (next issue) close
/// windows on watermarks the same way.
public enum ControlElement: Sendable, Equatable {
    /// Event time has reached this instant (epoch ms) on this path.
    case watermark(Int64)
    /// Checkpoint `id`: make everything before it durable (sinks flush).
    case barrier(Int)
    /// The input has ended (bounded sources drained, or a LIMIT reached).
    case end
}

/// One operator of a running job. Batches are pushed downstream synchronously within the job's task.
public protocol OperatorNode: AnyObject {
    func push(_ batch: [Record]) async throws
    func control(_ element: ControlElement) async throws
}
