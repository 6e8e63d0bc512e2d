import VeloState

/// An operator whose state lives across records (windows, groups, analytic partitions). Its working
/// state is in memory; the job restores it from the store when it starts, and at each checkpoint
/// barrier collects what changed since the last one, to be written with the source positions in one
/// transaction.
protocol StatefulOperator: AnyObject {
    /// The operator's namespace in the store (`"node<id>"`, unique within the job).
    var stateNamespace: String { get }
    /// Rebuilds the in-memory state from what the last checkpoint wrote (called before any record).
    func restore(_ entries: [[UInt8]: [UInt8]]) throws
    /// The changes since the previous call (puts of changed entries, deletes of expired ones); called
    /// when the checkpoint barrier reaches the operator, before the barrier goes on.
    func drainChanges() -> [StateChange]
    /// Roughly how many bytes the in-memory state holds (the job's state-size metric).
    var stateBytes: Int { get }
}
