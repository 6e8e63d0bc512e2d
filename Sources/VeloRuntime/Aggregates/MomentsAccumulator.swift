import VeloCore

/// `STDDEV(x)` / `VARIANCE(x)`, the sample forms (divide by n − 1); NULL for fewer than 2 values.
///
/// Welford's running mean and sum of squared deviations: one pass, no catastrophic cancellation
/// (Σx² − (Σx)²/n loses every digit when the mean is large next to the spread). Merging uses Chan et
/// al.'s pairwise formula, so session merges stay as accurate as one pass.
final class MomentsAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    private let isStddev: Bool
    private var count: Int64 = 0
    private var mean: Double = 0
    /// Σ (x − mean)².
    private var m2: Double = 0

    init(isStddev: Bool) {
        self.isStddev = isStddev
    }

    init(decoding reader: inout StateReader, isStddev: Bool) throws(StateFormatError) {
        self.isStddev = isStddev
        _ = try reader.readAccumulatorHeader(.moments, maxVersion: Self.version)
        count = try reader.readNonNegative("value count")
        mean = try reader.readDouble()
        m2 = try reader.readDouble()
    }

    func add(_ value: Value, time: Int64) {
        let x: Double
        switch value {
        case .int(let i): x = Double(i)
        case .double(let d): x = d
        case .decimal(let d): x = d.doubleValue
        default: return  // NULL, or a non-number in schema-less input
        }
        count &+= 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? MomentsAccumulator, other.count > 0 else { return }
        if count == 0 {
            (count, mean, m2) = (other.count, other.mean, other.m2)
            return
        }
        let n = Double(count) + Double(other.count)
        let delta = other.mean - mean
        mean += delta * Double(other.count) / n
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / n
        count &+= other.count
    }

    var result: Value {
        guard count >= 2 else { return .null }
        // Rounding can leave a tiny negative m2 for constant input.
        let variance = max(m2, 0) / Double(count - 1)
        return .double(isStddev ? variance.squareRoot() : variance)
    }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.moments, version: Self.version)
        writer.write(count)
        writer.write(mean)
        writer.write(m2)
    }

    var approximateBytes: Int { 48 }
}
