import Synchronization

/// A `StateStore` that keeps the last committed checkpoint in memory: for tests and for jobs run
/// without a state directory. A test can run a job, stop it, and start a new runner on the same store
/// object to check what it restores; `close` therefore forgets nothing.
public final class MemoryStateStore: StateStore {
    private let stored: Mutex<Stored>

    /// Starts from `snapshot` (empty by default), as if a checkpoint had left it.
    public init(_ snapshot: StateSnapshot = StateSnapshot()) {
        var start = Stored(snapshot: StateSnapshot(checkpointID: snapshot.checkpointID), bytes: 0)
        start.apply(StateCheckpoint(
            id: snapshot.checkpointID,
            changes: snapshot.entries.mapValues { entries in entries.map { .put(key: $0.key, value: $0.value) } },
            positions: snapshot.positions))
        stored = Mutex(start)
    }

    public func restore() throws(StateError) -> StateSnapshot {
        stored.withLock { $0.snapshot }
    }

    /// Cannot fail, so it is trivially atomic.
    public func commit(_ checkpoint: StateCheckpoint) throws(StateError) {
        stored.withLock { $0.apply(checkpoint) }
    }

    public var sizeBytes: Int64 {
        stored.withLock { $0.bytes }
    }

    /// Keeps the state: a runner started later on this object restores it.
    public func close() {}
}

private struct Stored {
    var snapshot: StateSnapshot
    /// Sum of key and value bytes, kept up to date by `commit` so `sizeBytes` never walks the state.
    var bytes: Int64

    mutating func apply(_ checkpoint: StateCheckpoint) {
        for (namespace, changes) in checkpoint.changes where !changes.isEmpty {
            var entries = snapshot.entries.removeValue(forKey: namespace) ?? [:]
            for change in changes {
                switch change {
                case .put(let key, let value):
                    if let old = entries.updateValue(value, forKey: key) { bytes -= Int64(key.count + old.count) }
                    bytes += Int64(key.count + value.count)
                case .delete(let key):
                    if let old = entries.removeValue(forKey: key) { bytes -= Int64(key.count + old.count) }
                }
            }
            // SQLite keeps no trace of an emptied namespace either; both stores restore the same.
            if !entries.isEmpty { snapshot.entries[namespace] = entries }
        }
        if !checkpoint.positions.isEmpty {
            var positions: [PartitionKey: Int64] = [:]
            for position in snapshot.positions + checkpoint.positions {
                positions[PartitionKey(source: position.source, partition: position.partition)] = position.nextOffset
            }
            // Sorted as SQLiteStateStore returns them, so a restore does not depend on commit order.
            snapshot.positions = positions
                .map { SourcePosition(source: $0.key.source, partition: $0.key.partition, nextOffset: $0.value) }
                .sorted { ($0.source, $0.partition) < ($1.source, $1.partition) }
        }
        snapshot.checkpointID = checkpoint.id
    }
}

private struct PartitionKey: Hashable {
    var source: Int
    var partition: Int32
}
