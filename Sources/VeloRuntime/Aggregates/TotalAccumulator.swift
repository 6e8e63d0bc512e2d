import VeloCore

/// The exact running total behind SUM and AVG.
///
/// Each kind of number has its own total, so no row pays for a conversion and nothing is rounded
/// before the end: integers in an Int128 (a SUM that leaves Int64 on the way but comes back still
/// fits; it cannot overflow 128 bits below 2^64 rows), DECIMAL exactly, DOUBLE in binary, INTERVAL
/// apart. Typed input has one kind; schema-less input may mix them, and the result then promotes
/// INT → DECIMAL → DOUBLE as arithmetic does. Values that are not numbers are ignored, as NULL is.
struct NumericTotal {
    /// Numbers folded (INT, DECIMAL, DOUBLE).
    var count: Int64 = 0
    var intervalCount: Int64 = 0
    var integers: Int128 = 0
    var decimals = SQLDecimal.zero
    var doubles: Double = 0
    var intervals: Int128 = 0
    var kinds: Kinds = []

    struct Kinds: OptionSet {
        var rawValue: UInt8
        static let integer = Kinds(rawValue: 1)
        static let decimal = Kinds(rawValue: 2)
        static let double = Kinds(rawValue: 4)
        /// The exact decimal total left 38 digits: the DECIMAL result is NULL.
        static let decimalOverflow = Kinds(rawValue: 8)
        static let all: Kinds = [.integer, .decimal, .double, .decimalOverflow]
    }

    @inline(__always)
    mutating func add(_ value: Value) {
        switch value {
        case .int(let x):
            // Int128 cannot overflow from Int64 addends below 2^64 rows.
            integers &+= Int128(x)
            count &+= 1
            kinds.insert(.integer)
        case .double(let x):
            doubles += x
            count &+= 1
            kinds.insert(.double)
        case .decimal(let x):
            addDecimal(x)
            count &+= 1
        case .interval(let x):
            intervals &+= Int128(x)
            intervalCount &+= 1
        default:
            break
        }
    }

    private mutating func addDecimal(_ x: SQLDecimal) {
        kinds.insert(.decimal)
        if kinds.contains(.decimalOverflow) { return }
        if let sum = decimals.adding(x) {
            decimals = sum
        } else {
            kinds.insert(.decimalOverflow)
        }
    }

    mutating func merge(_ other: NumericTotal) {
        count &+= other.count
        intervalCount &+= other.intervalCount
        integers &+= other.integers
        doubles += other.doubles
        intervals &+= other.intervals
        if other.kinds.contains(.decimal) { addDecimal(other.decimals) }
        kinds.formUnion(other.kinds)
    }

    /// The sum in the kind its input asks for; nil when no number (or interval) was folded.
    var sum: Value? {
        if count > 0 {
            if kinds.contains(.double) {
                var total = doubles
                if kinds.contains(.integer) { total += Double(integers) }
                if kinds.contains(.decimal) { total += decimals.doubleValue }
                return .double(total)
            }
            if kinds.contains(.decimal) {
                return exactDecimal.map(Value.decimal) ?? .null
            }
            // Integer SUM that does not fit BIGINT: NULL, not a trap.
            return Int64(exactly: integers).map(Value.int) ?? .null
        }
        if intervalCount > 0 { return Int64(exactly: intervals).map(Value.interval) ?? .null }
        return nil
    }

    /// The mean in the kind its input asks for (DOUBLE for integers); nil when nothing was folded.
    var mean: Value? {
        if count > 0 {
            if kinds.contains(.double) || !kinds.contains(.decimal) {
                var total = doubles
                if kinds.contains(.integer) { total += Double(integers) }
                if kinds.contains(.decimal) { total += decimals.doubleValue }
                return .double(total / Double(count))
            }
            // Exact: SQLDecimal division keeps scale max(s, 6), rounded half away from zero.
            guard let total = exactDecimal, let quotient = total.dividing(by: SQLDecimal(count)) else { return .null }
            return .decimal(quotient)
        }
        if intervalCount > 0 {
            return Int64(exactly: intervals / Int128(intervalCount)).map(Value.interval) ?? .null
        }
        return nil
    }

    /// The decimals' total plus any integers, exactly; nil on overflow.
    private var exactDecimal: SQLDecimal? {
        if kinds.contains(.decimalOverflow) { return nil }
        if !kinds.contains(.integer) || integers == 0 { return decimals }
        return decimals.adding(SQLDecimal(significand: integers, scale: 0))
    }

    func encode(into writer: inout StateWriter) {
        writer.writeByte(kinds.rawValue)
        writer.write(count)
        writer.write(intervalCount)
        Self.write(integers, into: &writer)
        writer.write(.decimal(decimals))
        writer.write(doubles)
        Self.write(intervals, into: &writer)
    }

    init() {}

    init(decoding reader: inout StateReader) throws(StateFormatError) {
        let start = reader.offset
        kinds = Kinds(rawValue: try reader.readByte())
        guard Kinds.all.isSuperset(of: kinds) else {
            throw StateFormatError("unknown numeric total flags \(kinds.rawValue)", offset: start)
        }
        count = try reader.readNonNegative("number count")
        intervalCount = try reader.readNonNegative("interval count")
        integers = try Self.readInt128(&reader)
        let decimalStart = reader.offset
        guard case .decimal(let d) = try reader.readValue() else {
            throw StateFormatError("expected the decimal total", offset: decimalStart)
        }
        decimals = d
        doubles = try reader.readDouble()
        intervals = try Self.readInt128(&reader)
    }

    private static func write(_ value: Int128, into writer: inout StateWriter) {
        writer.write(Int64(truncatingIfNeeded: value))
        writer.write(Int64(truncatingIfNeeded: value >> 64))
    }

    private static func readInt128(_ reader: inout StateReader) throws(StateFormatError) -> Int128 {
        let low = UInt64(bitPattern: try reader.readInt64())
        let high = try reader.readInt64()
        return Int128(high) << 64 | Int128(low)
    }
}

/// `SUM(x)` and `AVG(x)`: one running total read two ways. SUM is NULL when no non-NULL value
/// arrived, exact for DECIMAL (at the column's scale), NULL when an integer sum does not fit BIGINT.
/// AVG is DOUBLE for integers and doubles; for DECIMAL(p, s) the exact sum divided by the count at
/// scale max(s, 6) (SQLDecimal's division, rounded half away from zero).
final class TotalAccumulator: AggregateAccumulator {
    enum Reading {
        case sum, mean
    }

    private static let version: UInt8 = 1
    private var total = NumericTotal()
    private let reading: Reading
    private let resultType: SQLType

    init(_ reading: Reading, resultType: SQLType) {
        self.reading = reading
        self.resultType = resultType
    }

    init(decoding reader: inout StateReader, _ reading: Reading, resultType: SQLType) throws(StateFormatError) {
        self.reading = reading
        self.resultType = resultType
        _ = try reader.readAccumulatorHeader(Self.kind(reading), maxVersion: Self.version)
        total = try NumericTotal(decoding: &reader)
    }

    /// The state's kind byte (SUM and AVG states stay distinguishable, as format 1 wrote them).
    private static func kind(_ reading: Reading) -> AccumulatorKind {
        reading == .sum ? .sum : .average
    }

    func add(_ value: Value, time: Int64) {
        total.add(value)
    }

    func merge(_ other: any AggregateAccumulator) {
        guard let other = other as? TotalAccumulator, other.reading == reading else { return }
        total.merge(other.total)
    }

    var result: Value {
        guard let value = reading == .sum ? total.sum : total.mean else { return .null }
        return AggregateResult.conform(value, to: resultType)
    }

    func encode(into writer: inout StateWriter) {
        writer.writeAccumulatorHeader(Self.kind(reading), version: Self.version)
        total.encode(into: &writer)
    }

    var approximateBytes: Int { 96 }
}
