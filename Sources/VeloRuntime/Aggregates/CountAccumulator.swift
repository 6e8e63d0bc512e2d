import VeloCore

/// `COUNT(*)` counts every row, whatever its value (the operator passes `.null`); `COUNT(x)` counts
/// non-NULL values (under a `DistinctAccumulator`, distinct ones). One counter; the state's kind byte
/// keeps the two apart, as format 1 wrote them.
final class CountAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private let countsNulls: Bool
    private(set) var count: Int64 = 0

    /// `countsNulls`: COUNT(*).
    init(countsNulls: Bool) {
        self.countsNulls = countsNulls
    }

    init(decoding reader: inout StateReader, countsNulls: Bool) throws(StateFormatError) {
        self.countsNulls = countsNulls
        _ = try reader.readAccumulatorHeader(Self.kind(countsNulls), maxVersion: Self.version)
        count = try reader.readNonNegative(countsNulls ? "row count" : "value count")
    }

    private static func kind(_ countsNulls: Bool) -> AccumulatorKind {
        countsNulls ? .countRows : .count
    }

    func add(_ value: Value, time: Int64) {
        if !countsNulls, case .null = value { return }
        count &+= 1
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? CountAccumulator, other.countsNulls == countsNulls else { return }
        count &+= other.count
    }

    var result: Value { .int(count) }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(Self.kind(countsNulls), version: Self.version)
        writer.write(count)
    }

    var approximateBytes: Int { 32 }
}
