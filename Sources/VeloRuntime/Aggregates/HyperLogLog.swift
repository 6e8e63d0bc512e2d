import VeloCore

/// `APPROX_COUNT_DISTINCT(x)`: a HyperLogLog sketch of the non-NULL values, in bounded memory.
///
/// - Exact while small: up to `sparseLimit` distinct hashes are kept in a set and counted exactly
///   (64-bit hashes: collisions are negligible), so small groups cost little memory and no error.
/// - Then dense: 2^14 one-byte registers (16 KiB, standard error 1.04/√16384 ≈ 0.8%), estimated with
///   Ertl's improved raw estimator ("New cardinality estimation algorithms for HyperLogLog sketches",
///   2017), which needs no bias tables and no switch to linear counting.
/// - Merge is the union of sets / the register-wise maximum, so the result for a multiset of values
///   does not depend on how it was split or in which order it arrived.
///
/// Values are hashed by `StableValueHash`, never by Swift's `Hasher` (seeded per process): the sketch
/// is checkpointed, and a restarted job must hash the same value to the same register.
final class HyperLogLogAccumulator: AggregateAccumulator {
    private static let version: UInt8 = 1
    static let precision = 14
    static let registerCount = 1 << precision
    /// Register values run 1…(64 − precision + 1).
    static let maxRank = UInt8(64 - precision + 1)
    /// Distinct hashes kept exactly before switching to registers (8 KiB of hashes, under the 16 KiB
    /// of registers).
    static let sparseLimit = 1024

    private var sparse: Set<UInt64> = []
    /// Empty while sparse.
    private var registers: [UInt8] = []
    private var hasher = StableValueHash()

    init() {}

    init(decoding reader: inout StateReader) throws(StateFormatError) {
        _ = try reader.readAccumulatorHeader(.hyperLogLog, maxVersion: Self.version)
        let modeStart = reader.offset
        switch try reader.readByte() {
        case 0:
            let countStart = reader.offset
            let count = try reader.readCount()
            guard count <= Self.sparseLimit else {
                throw StateFormatError("\(count) sparse hashes exceed the limit \(Self.sparseLimit)", offset: countStart)
            }
            sparse.reserveCapacity(count)
            for _ in 0..<count { sparse.insert(UInt64(bitPattern: try reader.readInt64())) }
        case 1:
            let precisionStart = reader.offset
            let precision = try reader.readByte()
            guard Int(precision) == Self.precision else {
                throw StateFormatError("HyperLogLog precision \(precision), expected \(Self.precision)", offset: precisionStart)
            }
            let registersStart = reader.offset
            let bytes = try reader.readBytes()
            guard bytes.count == Self.registerCount, !bytes.contains(where: { $0 > Self.maxRank }) else {
                throw StateFormatError("malformed HyperLogLog registers", offset: registersStart)
            }
            registers = bytes
        case let mode:
            throw StateFormatError("unknown HyperLogLog mode \(mode)", offset: modeStart)
        }
    }

    func add(_ value: Value, time: Int64) {
        if case .null = value { return }
        insert(hasher.hash(value))
    }

    private func insert(_ hash: UInt64) {
        if registers.isEmpty {
            sparse.insert(hash)
            if sparse.count > Self.sparseLimit { densify() }
        } else {
            Self.update(&registers, hash)
        }
    }

    @inline(__always)
    private static func update(_ registers: inout [UInt8], _ hash: UInt64) {
        let index = Int(truncatingIfNeeded: hash >> UInt64(64 - precision))
        let rest = hash << UInt64(precision)
        let rank = rest == 0 ? maxRank : UInt8(rest.leadingZeroBitCount + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    private func densify() {
        registers = [UInt8](repeating: 0, count: Self.registerCount)
        for hash in sparse { Self.update(&registers, hash) }
        sparse = []
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? HyperLogLogAccumulator, other !== self else { return }
        if other.registers.isEmpty {
            for hash in other.sparse { insert(hash) }
            return
        }
        if registers.isEmpty { densify() }
        for index in 0..<Self.registerCount where other.registers[index] > registers[index] {
            registers[index] = other.registers[index]
        }
    }

    var result: Value {
        if registers.isEmpty { return .int(Int64(sparse.count)) }
        return .int(Int64(Self.estimate(registers).rounded()))
    }

    /// Ertl's improved raw estimator (his algorithm 6).
    static func estimate(_ registers: [UInt8]) -> Double {
        let q = 64 - precision
        var histogram = [Int](repeating: 0, count: q + 2)
        for register in registers { histogram[Int(register)] += 1 }
        let m = Double(registers.count)
        var z = m * tau(1 - Double(histogram[q + 1]) / m)
        for k in stride(from: q, through: 1, by: -1) {
            z = 0.5 * (z + Double(histogram[k]))
        }
        z += m * sigma(Double(histogram[0]) / m)
        // α∞ = 1 / (2 ln 2)
        return 0.721_347_520_444_481_7 * m * m / z
    }

    private static func sigma(_ x: Double) -> Double {
        if x == 1 { return .infinity }
        var x = x
        var y = 1.0
        var z = x
        while true {
            x *= x
            let previous = z
            z += x * y
            y += y
            if z == previous { return z }
        }
    }

    private static func tau(_ x: Double) -> Double {
        if x == 0 || x == 1 { return 0 }
        var x = x
        var y = 1.0
        var z = 1 - x
        while true {
            x = x.squareRoot()
            let previous = z
            y *= 0.5
            z -= (1 - x) * (1 - x) * y
            if z == previous { return z / 3 }
        }
    }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(.hyperLogLog, version: Self.version)
        if registers.isEmpty {
            writer.writeByte(0)
            writer.writeCount(sparse.count)
            // Sorted, so the same state always encodes to the same bytes.
            for hash in sparse.sorted() { writer.write(Int64(bitPattern: hash)) }
        } else {
            writer.writeByte(1)
            writer.writeByte(UInt8(Self.precision))
            writer.write(registers)
        }
    }

    var approximateBytes: Int { 96 + registers.count + sparse.capacity * 9 }
}

/// A 64-bit hash of a value that is the same in every process and release: FNV-1a over the value's
/// `StateWriter` encoding, then MurmurHash3's 64-bit finalizer to spread FNV's weak high bits (the
/// sketch indexes registers by the top bits). Top-level values that compare equal but encode
/// differently are made alike first: decimals lose trailing zeros (1.50 = 1.5), -0.0 becomes 0.0,
/// every NaN is one NaN (inside arrays and structs they are hashed as encoded).
/// Changing any of this changes persisted sketches: do not.
struct StableValueHash {
    /// Reused between values, so hashing allocates nothing once it has grown.
    private var writer = StateWriter(reservingCapacity: 32)

    mutating func hash(_ value: Value) -> UInt64 {
        writer.removeAll()
        writer.write(Self.canonical(value))
        return Self.hash(writer.bytes)
    }

    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    private static func canonical(_ value: Value) -> Value {
        switch value {
        case .double(let x):
            if x.isNaN { return .double(.nan) }
            return x == 0 ? .double(0) : value
        case .decimal(var d):
            if d.significand == 0 { return .decimal(.zero) }
            while d.scale > 0 && d.significand % 10 == 0 {
                d.significand /= 10
                d.scale -= 1
            }
            return .decimal(d)
        default:
            return value
        }
    }
}
