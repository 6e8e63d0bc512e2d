import VeloCore

/// `FIRST_VALUE(x)` / `LAST_VALUE(x)` in a GROUP BY: the non-NULL value with the earliest / latest
/// event time. Records arrive out of order, so "first" is by event time, not arrival; equal times keep
/// the first added for FIRST_VALUE and the last added for LAST_VALUE. On merge the receiver counts as
/// having arrived earlier, so splitting a sequence and merging the parts in order gives the same answer.
final class EdgeValueAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private let isLast: Bool
    private var value: Value = .null
    private var time: Int64 = 0
    private var hasValue = false

    init(isLast: Bool) {
        self.isLast = isLast
    }

    init(decoding reader: inout StateReader, isLast: Bool) throws(StateFormatError) {
        self.isLast = isLast
        _ = try reader.readAccumulatorHeader(.edgeValue, maxVersion: Self.version)
        hasValue = try reader.readBool()
        time = try reader.readInt64()
        value = try reader.readValue()
    }

    func add(_ value: Value, time: Int64) {
        if case .null = value { return }
        // Later arrivals win ties for LAST_VALUE (>=) and lose them for FIRST_VALUE (<).
        if !hasValue || (isLast ? time >= self.time : time < self.time) {
            self.value = value
            self.time = time
            hasValue = true
        }
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? EdgeValueAccumulator, other.hasValue else { return }
        add(other.value, time: other.time)
    }

    var result: Value { hasValue ? value : .null }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.edgeValue, version: Self.version)
        writer.write(hasValue)
        writer.write(time)
        writer.write(value)
    }

    var approximateBytes: Int { 56 + AccumulatorMemory.bytes(of: value) }
}
