import VeloCore

/// `MIN(x)` / `MAX(x)`: the smallest or largest non-NULL value, kept as it arrived (a DECIMAL keeps its
/// exact digits and scale). Orders by `ValueComparison.totalOrder`, so numbers compare across kinds,
/// strings by code point, times as times, and values that cannot be compared still give an answer that
/// does not depend on arrival order. Ties keep the value seen first (the receiver's, on merge).
final class ExtremeAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private let isMax: Bool
    private var best: Value = .null

    init(isMax: Bool) {
        self.isMax = isMax
    }

    init(decoding reader: inout StateReader, isMax: Bool) throws(StateFormatError) {
        self.isMax = isMax
        _ = try reader.readAccumulatorHeader(.extreme, maxVersion: Self.version)
        best = try reader.readValue()
    }

    func add(_ value: Value, time: Int64) {
        if case .null = value { return }
        if beats(value) { best = value }
    }

    /// Whether `value` (not NULL) should replace the current best.
    @inline(__always)
    private func beats(_ value: Value) -> Bool {
        let order: Int
        switch (value, best) {
        case (_, .null):
            return true
        case let (.int(x), .int(y)), let (.timestamp(x), .timestamp(y)), let (.interval(x), .interval(y)):
            // The common cases without the general comparison's dispatch.
            return isMax ? x > y : x < y
        case let (.double(x), .double(y)) where !x.isNaN && !y.isNaN:
            return isMax ? x > y : x < y
        default:
            order = ValueComparison.totalOrder(value, best)
        }
        return isMax ? order > 0 : order < 0
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? ExtremeAccumulator else { return }
        add(other.best, time: 0)
    }

    var result: Value { best }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.extreme, version: Self.version)
        writer.write(best)
    }

    var approximateBytes: Int { 48 + AccumulatorMemory.bytes(of: best) }
}

/// Rough in-memory sizes of values, for `approximateBytes`.
enum AccumulatorMemory {
    static func bytes(of value: Value) -> Int {
        switch value {
        case .string(let s): return 16 + s.utf8.count
        case .array(let elements): return 32 + elements.reduce(0) { $0 + bytes(of: $1) }
        case .map(let entries), .struct(let entries):
            return 32 + entries.reduce(0) { $0 + 16 + $1.key.utf8.count + bytes(of: $1.value) }
        default: return 0
        }
    }
}
