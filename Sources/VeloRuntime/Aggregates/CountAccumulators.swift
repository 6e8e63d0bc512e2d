import VeloCore

/// `COUNT(*)`: every row, whatever its value (the operator passes `.null`).
final class CountRowsAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private(set) var count: Int64 = 0

    init() {}

    init(decoding reader: inout StateReader) throws(StateFormatError) {
        _ = try reader.readAccumulatorHeader(.countRows, maxVersion: Self.version)
        count = try reader.readNonNegative("row count")
    }

    func add(_ value: Value, time: Int64) {
        count &+= 1
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? CountRowsAccumulator else { return }
        count &+= other.count
    }

    var result: Value { .int(count) }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.countRows, version: Self.version)
        writer.write(count)
    }

    var approximateBytes: Int { 32 }
}

/// `COUNT(x)`: non-NULL values (under a `DistinctAccumulator`, distinct ones).
final class CountAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private(set) var count: Int64 = 0

    init() {}

    init(decoding reader: inout StateReader) throws(StateFormatError) {
        _ = try reader.readAccumulatorHeader(.count, maxVersion: Self.version)
        count = try reader.readNonNegative("value count")
    }

    func add(_ value: Value, time: Int64) {
        if case .null = value { return }
        count &+= 1
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? CountAccumulator else { return }
        count &+= other.count
    }

    var result: Value { .int(count) }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.count, version: Self.version)
        writer.write(count)
    }

    var approximateBytes: Int { 32 }
}
