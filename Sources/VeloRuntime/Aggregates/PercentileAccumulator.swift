import VeloCore

/// `MEDIAN(x)` and `PERCENTILE_CONT(x, p)`: DOUBLE, over the non-NULL values, which it keeps (an exact
/// percentile needs them all); `result` sorts a copy. PERCENTILE_CONT interpolates linearly between
/// the two values around rank p·(n − 1); MEDIAN is the middle value, or the mean of the middle two.
/// NaN sorts above every number, as in comparisons.
final class PercentileAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private let fraction: Double
    private let isMedian: Bool
    private var values: [Double] = []

    init(fraction: Double, isMedian: Bool) {
        self.fraction = fraction
        self.isMedian = isMedian
    }

    init(decoding reader: inout StateReader, fraction: Double, isMedian: Bool) throws(StateFormatError) {
        self.fraction = fraction
        self.isMedian = isMedian
        _ = try reader.readAccumulatorHeader(.percentile, maxVersion: Self.version)
        let count = try reader.readCount()
        // Capped: a corrupt count must fail at the end of the input, not in the allocator.
        values.reserveCapacity(min(count, reader.remaining / 8))
        for _ in 0..<count { values.append(try reader.readDouble()) }
    }

    func add(_ value: Value, time: Int64) {
        switch value {
        case .int(let i): values.append(Double(i))
        case .double(let d): values.append(d)
        case .decimal(let d): values.append(d.doubleValue)
        default: return
        }
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? PercentileAccumulator else { return }
        values.append(contentsOf: other.values)
    }

    var result: Value {
        guard !values.isEmpty else { return .null }
        let sorted = values.sorted { $0 < $1 || (!$0.isNaN && $1.isNaN) }
        let n = sorted.count
        if isMedian {
            let middle = n / 2
            if n % 2 == 1 { return .double(sorted[middle]) }
            return .double((sorted[middle - 1] + sorted[middle]) / 2)
        }
        let rank = fraction * Double(n - 1)
        let lower = min(Int(rank), n - 1)
        let upper = min(lower + 1, n - 1)
        let weight = rank - Double(lower)
        if weight == 0 || lower == upper { return .double(sorted[lower]) }
        return .double(sorted[lower] + (sorted[upper] - sorted[lower]) * weight)
    }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.percentile, version: Self.version)
        writer.writeCount(values.count)
        for value in values { writer.write(value) }
    }

    var approximateBytes: Int { 64 + values.capacity * 8 }
}
