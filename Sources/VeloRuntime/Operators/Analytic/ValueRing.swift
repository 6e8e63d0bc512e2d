import VeloCore

/// The last `capacity` values of a partition's rows, oldest first: what LAG reads back and what a
/// bounded frame (`n PRECEDING`) folds. Appending to a full ring drops its oldest value, so a
/// partition's memory stays bounded however long it runs. A class, so a partition's state enum can
/// hold it and it still changes in place (an enum payload would be copied on write).
final class ValueRing {
    let capacity: Int
    private var storage: [Value] = []
    /// Where the oldest value sits once the ring is full (0 until then).
    private var head = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 0)
        storage.reserveCapacity(min(self.capacity, 64))
    }

    var count: Int { storage.count }

    /// Adds the newest value; returns the value it pushed out (the value itself when capacity is 0).
    @discardableResult
    func append(_ value: Value) -> Value? {
        if capacity == 0 { return value }
        if storage.count < capacity {
            storage.append(value)
            return nil
        }
        let evicted = storage[head]
        storage[head] = value
        head = head + 1 == capacity ? 0 : head + 1
        return evicted
    }

    /// The value `k` rows back (1 is the newest), nil when the ring holds fewer than `k`.
    func back(_ k: Int) -> Value? {
        guard k >= 1, k <= storage.count else { return nil }
        return self[storage.count - k]
    }

    /// The `i`-th value, oldest first.
    subscript(_ i: Int) -> Value {
        let slot = head + i
        return storage[slot < storage.count ? slot : slot - storage.count]
    }

    /// The values oldest first (for frames and checkpoints).
    var elements: [Value] {
        (0..<storage.count).map { self[$0] }
    }
}
