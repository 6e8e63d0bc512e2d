import VeloCore

/// One group of an aggregate (for one window, or one session): its key, its accumulators, and what
/// the checkpoint needs to know about it.
final class AggregateGroup {
    let key: [Value]
    var accumulators: [any AggregateAccumulator]
    /// When the group first received a row, across the operator: groups fire in this order, so the
    /// output order does not depend on hashing.
    let sequence: Int64
    /// Window bounds (epoch ms); a session's end is its last event + gap. Unused without a window.
    var start: Int64
    var end: Int64
    /// Changed since the last checkpoint (listed in the operator's dirty list once).
    var dirty = false
    /// A checkpoint has written it, so removing it must delete it from the store too.
    var persisted = false
    /// Fired or merged away: a dirty-list entry for it is stale.
    var alive = true

    init(key: [Value], accumulators: [any AggregateAccumulator], sequence: Int64, start: Int64 = 0, end: Int64 = 0) {
        self.key = key
        self.accumulators = accumulators
        self.sequence = sequence
        self.start = start
        self.end = end
    }

    var approximateBytes: Int {
        64 + key.count * 24 + accumulators.reduce(0) { $0 + $1.approximateBytes }
    }
}
