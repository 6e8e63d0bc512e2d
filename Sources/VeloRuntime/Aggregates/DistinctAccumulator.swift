import VeloCore

/// `COUNT(DISTINCT x)`, `COUNT_DISTINCT(x)`, `SUM(DISTINCT x)`, `AVG(DISTINCT x)` …: remembers every
/// distinct non-NULL value and forwards only the first occurrence of each to the inner accumulator.
/// A merge forwards the other part's values this one has not seen, in the order they arrived there.
///
/// Values are distinct as `Value ==` says (1.5 and 1.50 are one value; 1 and 1.0 of different kinds
/// are two), except that every NaN is one value. The state is the values in arrival order with their
/// event times; decoding replays them into a fresh inner accumulator, so the inner state is never
/// stored twice.
final class DistinctAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private let inner: any AggregateAccumulator
    private var seen: Set<DistinctKey> = []
    /// In arrival order, for merges and encoding that do not depend on the set's (seeded) order.
    private var values: [Value] = []
    private var times: [Int64] = []
    private var bytes = 0

    init(inner: any AggregateAccumulator) {
        self.inner = inner
    }

    /// Reads the values and replays them into `inner` (fresh, from the factory).
    init(decoding reader: inout StateReader, inner: any AggregateAccumulator) throws(StateFormatError) {
        self.inner = inner
        _ = try reader.readAccumulatorHeader(.distinct, maxVersion: Self.version)
        let count = try reader.readCount()
        for _ in 0..<count {
            let start = reader.offset
            let time = try reader.readInt64()
            let value = try reader.readValue()
            guard !value.isNull else { throw StateFormatError("NULL in a DISTINCT aggregate's values", offset: start) }
            add(value, time: time)
        }
    }

    func add(_ value: Value, time: Int64) {
        if case .null = value { return }
        guard seen.insert(DistinctKey(value)).inserted else { return }
        values.append(value)
        times.append(time)
        bytes += 24 + AccumulatorMemory.bytes(of: value)
        inner.add(value, time: time)
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? DistinctAccumulator, other !== self else { return }
        for index in other.values.indices { add(other.values[index], time: other.times[index]) }
    }

    var result: Value { inner.result }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.distinct, version: Self.version)
        writer.writeCount(values.count)
        for index in values.indices {
            writer.write(times[index])
            writer.write(values[index])
        }
    }

    var approximateBytes: Int { 64 + bytes * 2 + inner.approximateBytes }
}

/// A value as a set member: `Value`'s equality, except that NaN equals NaN (a NaN would otherwise be
/// a new distinct value every time it arrives).
private struct DistinctKey: Hashable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }

    static func == (lhs: DistinctKey, rhs: DistinctKey) -> Bool {
        if case .double(let x) = lhs.value, case .double(let y) = rhs.value, x.isNaN && y.isNaN { return true }
        return lhs.value == rhs.value
    }

    func hash(into hasher: inout Hasher) {
        if case .double(let x) = value, x.isNaN {
            hasher.combine(Double.nan)
            return
        }
        hasher.combine(value)
    }
}
