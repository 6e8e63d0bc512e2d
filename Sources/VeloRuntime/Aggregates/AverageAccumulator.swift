import VeloCore

/// `AVG(x)`: DOUBLE for integers and doubles; for DECIMAL(p, s) the exact sum divided by the count at
/// scale max(s, 6) (SQLDecimal's division, rounded half away from zero); NULL for no non-NULL values.
final class AverageAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private var total = NumericTotal()
    private let resultType: SQLType

    init(resultType: SQLType) {
        self.resultType = resultType
    }

    init(decoding reader: inout StateReader, resultType: SQLType) throws(StateFormatError) {
        self.resultType = resultType
        _ = try reader.readAccumulatorHeader(.average, maxVersion: Self.version)
        total = try NumericTotal(decoding: &reader)
    }

    func add(_ value: Value, time: Int64) {
        total.add(value)
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? AverageAccumulator else { return }
        total.merge(other.total)
    }

    var result: Value {
        guard let mean = total.mean else { return .null }
        return AggregateResult.conform(mean, to: resultType)
    }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.average, version: Self.version)
        total.encode(into: &writer)
    }

    var approximateBytes: Int { 96 }
}
