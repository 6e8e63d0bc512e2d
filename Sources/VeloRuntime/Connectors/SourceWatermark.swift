import VeloCore

/// One source's watermark (PRODUCT.md §3.4): the minimum over its active partitions of the largest
/// event time seen, less `watermark.delay`. A partition that has sent nothing for `watermark.idle`
/// stops holding it back until it sends again. It never goes backwards.
struct SourceWatermark {
    let delay: Int64
    let idle: Duration
    private(set) var current: Int64 = .min
    private var latest: [Int32: Int64] = [:]
    private var lastSeen: [Int32: ContinuousClock.Instant] = [:]
    private var idlePartitions: Set<Int32> = []
    /// The value last sent on as a control element.
    private var announced: Int64 = .min

    init(delay: Int64, idle: Duration) {
        self.delay = delay
        self.idle = idle
    }

    /// Partitions that will send records hold the watermark back from the start (until they send
    /// or go idle), so a backlog read one partition after another closes no window early.
    mutating func expect(_ partitions: [Int32], now: ContinuousClock.Instant) {
        for partition in partitions where latest[partition] == nil {
            latest[partition] = .min
            lastSeen[partition] = now
        }
    }

    /// Notes which partitions are alive (wall-clock time per batch, not per record).
    mutating func sawBatch(_ messages: [BusMessage], now: ContinuousClock.Instant) {
        guard let first = messages.first else { return }
        lastSeen[first.partition] = now
        if let last = messages.last, last.partition != first.partition {
            for message in messages { lastSeen[message.partition] = now }
        }
    }

    /// A record's event time: returns the watermark counting it.
    mutating func saw(_ time: Int64, partition: Int32) -> Int64 {
        if let previous = latest[partition], previous >= time, previous != .min, !idlePartitions.contains(partition) { return current }
        latest[partition] = max(latest[partition] ?? .min, time)
        idlePartitions.remove(partition)
        recompute()
        return current
    }

    /// Lets idle partitions go; the watermark when it moved since the last call.
    mutating func update(now: ContinuousClock.Instant) -> Int64? {
        for (partition, seen) in lastSeen where !idlePartitions.contains(partition) && now - seen >= idle {
            idlePartitions.insert(partition)
        }
        recompute()
        guard current > announced else { return nil }
        announced = current
        return current
    }

    private mutating func recompute() {
        var lowest = Int64.max
        for (partition, time) in latest where !idlePartitions.contains(partition) {
            lowest = min(lowest, time)
        }
        // Every partition idle: nothing holds the watermark back, nothing moves it either.
        guard lowest != .max else { return }
        let candidate = lowest == .min ? .min : lowest - delay
        if candidate > current { current = candidate }
    }
}
