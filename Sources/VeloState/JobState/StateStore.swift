/// A job's durable operator state and the source positions that state reflects. The runtime keeps
/// working state in memory and, at each checkpoint, hands the store what changed since the last one;
/// the store writes the changes and the positions together (one SQLite transaction for
/// `SQLiteStateStore`), so after a crash state and positions always agree.
public protocol StateStore: AnyObject, Sendable {
    /// What the last committed checkpoint left (empty for a new job).
    func restore() throws(StateError) -> StateSnapshot
    /// Applies one checkpoint atomically: every change of every namespace, the positions, the id.
    func commit(_ checkpoint: StateCheckpoint) throws(StateError)
    /// Bytes the stored state takes (for the `velo_job_state_bytes` metric; an estimate is fine).
    var sizeBytes: Int64 { get }
    func close()
}

/// One operator's change to one state entry.
public enum StateChange: Sendable, Hashable {
    case put(key: [UInt8], value: [UInt8])
    case delete(key: [UInt8])
}

/// Where a source had got to: the next offset to read of one partition.
public struct SourcePosition: Sendable, Hashable, Codable {
    /// The source's position in the job's graph (0, 1, … in graph order).
    public var source: Int
    public var partition: Int32
    public var nextOffset: Int64

    public init(source: Int, partition: Int32, nextOffset: Int64) {
        self.source = source
        self.partition = partition
        self.nextOffset = nextOffset
    }
}

public struct StateCheckpoint: Sendable {
    public var id: Int64
    /// Namespace (one per stateful operator, e.g. `"node3"`) → its changes, in order.
    public var changes: [String: [StateChange]]
    /// Every source partition's position (replaces what was stored for that source and partition).
    public var positions: [SourcePosition]

    public init(id: Int64, changes: [String: [StateChange]], positions: [SourcePosition]) {
        self.id = id
        self.changes = changes
        self.positions = positions
    }
}

public struct StateSnapshot: Sendable {
    /// The id of the checkpoint it came from (0: none yet).
    public var checkpointID: Int64
    /// Namespace → key → value.
    public var entries: [String: [[UInt8]: [UInt8]]]
    public var positions: [SourcePosition]

    public init(checkpointID: Int64 = 0, entries: [String: [[UInt8]: [UInt8]]] = [:], positions: [SourcePosition] = []) {
        self.checkpointID = checkpointID
        self.entries = entries
        self.positions = positions
    }
}
