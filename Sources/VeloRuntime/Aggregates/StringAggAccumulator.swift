import VeloCore

/// `STRING_AGG(x, sep)`: the non-NULL values' text (as CAST to STRING) joined with `sep`, in arrival
/// order; a merge appends the other part's text after the receiver's. NULL when no value arrived.
/// The joined text is built as values arrive, so `result` is free.
final class StringAggAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private let separator: String
    private var text = ""
    private var count: Int64 = 0

    init(separator: String) {
        self.separator = separator
    }

    init(decoding reader: inout StateReader, separator: String) throws(StateFormatError) {
        self.separator = separator
        _ = try reader.readAccumulatorHeader(.stringAgg, maxVersion: Self.version)
        count = try reader.readNonNegative("value count")
        text = try reader.readString()
    }

    func add(_ value: Value, time: Int64) {
        guard let piece = ValueCast.text(value) else { return }
        append(piece, values: 1)
    }

    private func append(_ piece: String, values: Int64) {
        if count > 0 { text += separator }
        text += piece
        count &+= values
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? StringAggAccumulator, other.count > 0 else { return }
        append(other.text, values: other.count)
    }

    var result: Value { count > 0 ? .string(text) : .null }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.stringAgg, version: Self.version)
        writer.write(count)
        writer.write(text)
    }

    var approximateBytes: Int { 48 + text.utf8.count }
}
