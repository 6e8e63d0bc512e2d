/// An exact decimal number: `significand × 10^-scale`, up to 38 significant digits (Int128).
/// SQL `DECIMAL(p, s)` values, exact sums and averages, and JSON numbers read into DECIMAL columns.
/// Arithmetic that would not fit returns nil (the caller turns it into NULL and counts an error);
/// nothing is ever rounded silently except where SQL says so (division, CAST to a smaller scale).
///
/// Values made by this type keep `0 <= scale <= maxScale` and `|significand| <= maxSignificand`.
/// A value built outside that range through `init(significand:scale:)` still compares, hashes and
/// prints, but arithmetic on it returns nil.
public struct SQLDecimal: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public static let maxDigits = 38
    public static let maxScale = 38
    /// Scale of a quotient when neither operand asks for more (as in most SQL engines).
    public static let divisionScale = 6
    /// The largest significand magnitude: 38 nines.
    public static var maxSignificand: Int128 { 99_999_999_999_999_999_999_999_999_999_999_999_999 }

    public var significand: Int128
    public var scale: Int

    public init(significand: Int128, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    public init(_ value: Int64) {
        self.init(significand: Int128(value), scale: 0)
    }

    /// Zero with scale 0.
    public static var zero: SQLDecimal { SQLDecimal(significand: 0, scale: 0) }

    public var isZero: Bool { significand == 0 }

    /// -1, 0 or 1.
    public var signum: Int { significand < 0 ? -1 : (significand == 0 ? 0 : 1) }

    /// True when the value is inside the range this type's operations produce and accept.
    public var isValid: Bool {
        scale >= 0 && scale <= Self.maxScale && significand.magnitude <= Self.maxMagnitude
    }

    static var maxMagnitude: UInt128 { 99_999_999_999_999_999_999_999_999_999_999_999_999 }
}

// MARK: - Equality, hashing, ordering (by numeric value: 1.0 == 1.00)

extension SQLDecimal {
    public static func == (lhs: SQLDecimal, rhs: SQLDecimal) -> Bool {
        if lhs.scale == rhs.scale { return lhs.significand == rhs.significand }
        return compare(lhs, rhs) == 0
    }

    public static func < (lhs: SQLDecimal, rhs: SQLDecimal) -> Bool {
        if lhs.scale == rhs.scale { return lhs.significand < rhs.significand }
        return compare(lhs, rhs) < 0
    }

    /// Hashes the value with trailing zeros stripped, so equal values hash alike whatever their scale.
    public func hash(into hasher: inout Hasher) {
        var s = significand
        var x = scale
        if s == 0 {
            x = 0
        } else {
            while s % 10 == 0 {
                s /= 10
                x &-= 1
            }
        }
        hasher.combine(s)
        hasher.combine(x)
    }

    /// -1, 0 or 1 as `lhs` is less than, equal to or greater than `rhs`; exact for any scales.
    public static func compare(_ lhs: SQLDecimal, _ rhs: SQLDecimal) -> Int {
        let ls = lhs.signum
        let rs = rhs.signum
        if ls != rs { return ls < rs ? -1 : 1 }
        if ls == 0 { return 0 }
        let c = compareMagnitudes(lhs.significand.magnitude, lhs.scale, rhs.significand.magnitude, rhs.scale)
        return ls > 0 ? c : -c
    }

    /// Compares `a × 10^-aScale` with `b × 10^-bScale` for nonzero magnitudes.
    private static func compareMagnitudes(_ a: UInt128, _ aScale: Int, _ b: UInt128, _ bScale: Int) -> Int {
        if aScale == bScale { return a < b ? -1 : (a == b ? 0 : 1) }
        if aScale > bScale { return -compareMagnitudes(b, bScale, a, aScale) }
        // a has the smaller scale: bring it up to b's scale.
        let (shift, overflow) = bScale.subtractingReportingOverflow(aScale)
        // a ≥ 1, so a × 10^39 exceeds every UInt128.
        if overflow || shift > maxScale { return 1 }
        let wide = UInt256.product(a, pow10(shift))
        if wide.high != 0 { return 1 }
        return wide.low < b ? -1 : (wide.low == b ? 0 : 1)
    }
}

// MARK: - Arithmetic (nil when the exact result does not fit 38 digits)

extension SQLDecimal {
    /// The value with the sign flipped (always exact for valid values).
    public var negated: SQLDecimal {
        SQLDecimal(significand: 0 &- significand, scale: scale)
    }

    /// `self + other`, exact; the scale is the larger of the two unless trailing zeros must go to fit.
    public func adding(_ other: SQLDecimal) -> SQLDecimal? {
        guard isValid, other.isValid else { return nil }
        if scale == other.scale {
            let (sum, overflow) = significand.addingReportingOverflow(other.significand)
            if !overflow && sum.magnitude <= Self.maxMagnitude {
                return SQLDecimal(significand: sum, scale: scale)
            }
        } else {
            let (low, high) = scale < other.scale ? (self, other) : (other, self)
            let (aligned, o1) = low.significand.multipliedReportingOverflow(by: Int128(Self.pow10(high.scale - low.scale)))
            if !o1 {
                let (sum, o2) = aligned.addingReportingOverflow(high.significand)
                if !o2 && sum.magnitude <= Self.maxMagnitude {
                    return SQLDecimal(significand: sum, scale: high.scale)
                }
            }
        }
        return Self.wideSum(self, other)
    }

    /// `self - other`, exact (see `adding`).
    public func subtracting(_ other: SQLDecimal) -> SQLDecimal? {
        adding(other.negated)
    }

    /// `self × other`, exact: the scale is the sum of the scales, less any trailing zeros that must go
    /// to fit 38 digits; nil when it still does not fit.
    public func multiplying(by other: SQLDecimal) -> SQLDecimal? {
        guard isValid, other.isValid else { return nil }
        let scaleSum = scale + other.scale
        let (product, overflow) = significand.multipliedReportingOverflow(by: other.significand)
        if !overflow && product.magnitude <= Self.maxMagnitude && scaleSum <= Self.maxScale {
            return SQLDecimal(significand: product, scale: scaleSum)
        }
        let wide = UInt256.product(significand.magnitude, other.significand.magnitude)
        return Self.fitting(negative: (significand < 0) != (other.significand < 0), magnitude: wide, scale: scaleSum)
    }

    /// `self ÷ other` at scale `max(self.scale, other.scale, divisionScale)`, rounded half away from
    /// zero (trailing zeros dropped only if it must, to fit). Returns nil on overflow, and also for a
    /// zero divisor (SQL makes that NULL; the caller counts it). The exact intermediate is limited to
    /// 77 digits, so a few quotients of extreme operands that would fit after dropping zeros are nil.
    public func dividing(by other: SQLDecimal) -> SQLDecimal? {
        guard isValid, other.isValid, other.significand != 0 else { return nil }
        let resultScale = Swift.max(scale, other.scale, Self.divisionScale)
        // Trailing zeros of the divisor only inflate the intermediate.
        var divisor = other.significand.magnitude
        var divisorScale = other.scale
        while divisorScale > 0 && divisor % 10 == 0 {
            divisor /= 10
            divisorScale -= 1
        }
        // self/other = (a × 10^(resultScale - scale + divisorScale) / b) × 10^-resultScale
        let exponent = resultScale - scale + divisorScale
        guard let numerator = UInt256(significand.magnitude).multiplied(byPowerOf10: exponent) else { return nil }
        let negative = (significand < 0) != (other.significand < 0)
        let quotient: UInt256
        let remainder: UInt128
        if numerator.high == 0 {
            let (q, r) = numerator.low.quotientAndRemainder(dividingBy: divisor)
            (quotient, remainder) = (UInt256(q), r)
        } else {
            (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: divisor)
        }
        var magnitude = quotient
        if Self.roundsAway(quotient: quotient.low, remainder: remainder, divisor: divisor, negative: negative, rule: .toNearestOrAwayFromZero) {
            guard let next = quotient.adding(UInt256(1)) else { return nil }
            magnitude = next
        }
        if magnitude.high == 0 && magnitude.low <= Self.maxMagnitude {
            return SQLDecimal(magnitude: magnitude.low, negative: negative, scale: resultScale)
        }
        return Self.fitting(negative: negative, magnitude: magnitude, scale: resultScale)
    }

    /// The remainder of truncated division (sign of `self`, as SQL `%`); nil for a zero divisor.
    public func remainder(dividingBy other: SQLDecimal) -> SQLDecimal? {
        guard isValid, other.isValid, other.significand != 0 else { return nil }
        if scale == other.scale {
            let (r, overflow) = significand.remainderReportingOverflow(dividingBy: other.significand)
            return overflow ? nil : SQLDecimal(significand: r, scale: scale)
        }
        let common = Swift.max(scale, other.scale)
        guard let a = UInt256(significand.magnitude).multiplied(byPowerOf10: common - scale),
              let b = UInt256(other.significand.magnitude).multiplied(byPowerOf10: common - other.scale)
        else { return nil }
        let r: UInt128
        if b.high != 0 {
            // Only one side was scaled up, so a still fits 128 bits and is below b.
            r = a.low
        } else {
            r = a.remainder(dividingBy: b.low)
        }
        return SQLDecimal(magnitude: r, negative: significand < 0, scale: common)
    }

    /// The same value at another scale: rounded (half away from zero by default) when the scale
    /// shrinks, nil when it does not fit 38 digits or `scale` is outside 0...38.
    public func rescaled(to newScale: Int, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> SQLDecimal? {
        guard isValid else { return nil }
        return Self.rescale(negative: significand < 0, magnitude: significand.magnitude, from: scale, to: newScale, rule: rule)
    }

    /// The integer part (truncated toward zero), nil when it does not fit Int64.
    public var int64Value: Int64? {
        if scale <= 0 {
            guard scale > -Self.maxDigits else { return significand == 0 ? 0 : nil }
            let (v, overflow) = significand.multipliedReportingOverflow(by: Int128(Self.pow10(-scale)))
            return overflow ? nil : Int64(exactly: v)
        }
        if scale > Self.maxScale { return significand.magnitude < Self.pow10(Self.maxScale) ? 0 : nil }
        return Int64(exactly: significand / Int128(Self.pow10(scale)))
    }

    /// The nearest Double (correctly rounded).
    public var doubleValue: Double {
        // Both operands exact in a Double, so one IEEE division rounds correctly.
        if significand.magnitude <= 1 << 53 && scale >= 0 && scale <= 22 {
            return Double(significand) / Self.doublePow10[scale]
        }
        var bytes: [UInt8] = []
        write(to: &bytes)
        return Double(String(decoding: bytes, as: UTF8.self)) ?? Double(significand)
    }

    private static let doublePow10: [Double] = (0...22).map { n in
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }
}

// MARK: - Conversion from Double

extension SQLDecimal {
    /// The Double's exact binary value, nil when that needs more than 38 digits or scale 38
    /// (0.5 converts; 0.1 does not) or it is NaN/infinite.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 {
            self = .zero
            return
        }
        let bits = value.significandBitPattern
        var mantissa: UInt64
        var exponent: Int
        if value.exponentBitPattern == 0 {
            mantissa = bits
            exponent = -1074
        } else {
            mantissa = bits | (1 << 52)
            exponent = Int(value.exponentBitPattern) - 1075
        }
        let zeros = mantissa.trailingZeroBitCount
        mantissa >>= zeros
        exponent += zeros
        var magnitude = UInt128(mantissa)
        var resultScale = 0
        if exponent >= 0 {
            guard exponent < 128 - (64 - mantissa.leadingZeroBitCount) else { return nil }
            magnitude <<= exponent
        } else {
            // m × 2^-k = m × 5^k × 10^-k
            let k = -exponent
            guard k <= Self.maxScale else { return nil }
            var power: UInt128 = 1
            for _ in 0..<k { power *= 5 }
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: power)
            guard !overflow else { return nil }
            magnitude = product
            resultScale = k
        }
        guard magnitude <= Self.maxMagnitude else { return nil }
        self.init(magnitude: magnitude, negative: value < 0, scale: resultScale)
    }

    /// The Double's shortest round-trip decimal text, rounded half away from zero to `scale`
    /// (as `CAST(double AS DECIMAL(p, s))`: 1.005 → 1.01). Nil for NaN, infinities, a result
    /// over 38 digits or `scale` outside 0...38.
    public init?(rounding value: Double, scale: Int) {
        guard value.isFinite else { return nil }
        var text = value.description
        let parsed = text.withUTF8 { Self.parseText(UnsafeRawBufferPointer($0)) }
        guard let parsed,
              let result = Self.rescale(negative: parsed.negative, magnitude: parsed.magnitude, from: parsed.scale, to: scale, rule: .toNearestOrAwayFromZero)
        else { return nil }
        self = result
    }
}

// MARK: - Text

extension SQLDecimal {
    /// Parses "123.45", "-0.5", ".5", "+1", "1e3", "1.5E-2" exactly; the scale is the number of
    /// digits after the point less the exponent ("1.50" has scale 2, "1e3" is 1000 with scale 0).
    /// Nil when it is not such a number, has more than 38 significant digits, or needs a scale over 38.
    /// Trailing zeros past the 38th digit are dropped (they do not change the value).
    public init?(_ text: String) {
        var copy = text
        guard let value = copy.withUTF8({ SQLDecimal(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = value
    }

    /// Parses ASCII number text from raw bytes (see `init?(_ text:)`), without making a String.
    public init?(utf8 bytes: UnsafeRawBufferPointer) {
        guard let parsed = Self.parseText(bytes),
              let value = Self.fitting(negative: parsed.negative, magnitude: UInt256(parsed.magnitude), scale: parsed.scale)
        else { return nil }
        self = value
    }

    /// Every digit in plain notation, keeping the scale: "123.45", "-0.05", "100", "1.50".
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `description`'s ASCII bytes (used by the JSON and CSV writers).
    public func write(to bytes: inout [UInt8]) {
        if significand < 0 { bytes.append(UInt8(ascii: "-")) }
        let digitsStart = bytes.count
        Self.appendDigits(significand.magnitude, to: &bytes)
        if scale <= 0 {
            if significand != 0 && scale < 0 {
                // Capped: only values built outside the valid range get here.
                bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: scale < -4096 ? 4096 : -scale))
            }
            return
        }
        let digitCount = bytes.count - digitsStart
        let shownScale = Swift.min(scale, 4096)
        if digitCount <= shownScale {
            // 0.0…0ddd: pad with zeros after "0.".
            let padding = [UInt8(ascii: "0"), UInt8(ascii: ".")] + repeatElement(UInt8(ascii: "0"), count: shownScale - digitCount)
            bytes.insert(contentsOf: padding, at: digitsStart)
        } else {
            bytes.insert(UInt8(ascii: "."), at: bytes.count - shownScale)
        }
    }

    private static func appendDigits(_ value: UInt128, to bytes: inout [UInt8]) {
        // Split into base-10^19 chunks so the per-digit work is 64-bit.
        let chunkBase: UInt128 = 10_000_000_000_000_000_000
        var chunks: [UInt64] = []
        var rest = value
        while rest >= chunkBase {
            let (q, r) = rest.quotientAndRemainder(dividingBy: chunkBase)
            chunks.append(UInt64(r))
            rest = q
        }
        appendDigits(UInt64(rest), minWidth: 1, to: &bytes)
        for chunk in chunks.reversed() { appendDigits(chunk, minWidth: 19, to: &bytes) }
    }

    private static func appendDigits(_ value: UInt64, minWidth: Int, to bytes: inout [UInt8]) {
        var width = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            width += 1
        }
        width = Swift.max(width, minWidth)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var v = value
        var index = start + width - 1
        while v > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            index -= 1
        }
    }

    /// Sign, up to 38 significant digits and the scale they imply (possibly negative or over 38).
    private static func parseText(_ bytes: UnsafeRawBufferPointer) -> (negative: Bool, magnitude: UInt128, scale: Int)? {
        let count = bytes.count
        var i = 0
        var negative = false
        if i < count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var magnitude: UInt128 = 0
        var significant = 0
        var droppedZeros = 0  // zero digits past the 38th significant one
        var fractionDigits = 0
        var digitsSeen = 0
        var seenPoint = false
        while i < count {
            let byte = bytes[i]
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                let digit = byte &- UInt8(ascii: "0")
                digitsSeen += 1
                if seenPoint { fractionDigits += 1 }
                if significant == 0 && digit == 0 {
                    // leading zero: no significance
                } else if significant < maxDigits {
                    magnitude = magnitude * 10 + UInt128(digit)
                    significant += 1
                } else if digit == 0 {
                    droppedZeros += 1
                } else {
                    return nil
                }
            } else {
                break
            }
            i += 1
        }
        guard digitsSeen > 0 else { return nil }
        var exponent = 0
        if i < count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let exponentStart = i
            while i < count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                // Capped: anything this large is out of range (or zero) anyway.
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            guard i > exponentStart else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard i == count else { return nil }
        return (negative, magnitude, fractionDigits - droppedZeros - exponent)
    }
}

// MARK: - Codable (as the exact text)

extension SQLDecimal {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let value = SQLDecimal(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal: \(text)")
            }
            self = value
        } else {
            self.init(try container.decode(Int64.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

// MARK: - Helpers

extension SQLDecimal {
    init(magnitude: UInt128, negative: Bool, scale: Int) {
        // Callers guarantee magnitude <= maxMagnitude, so the conversion cannot trap.
        let value = Int128(truncatingIfNeeded: magnitude)
        self.init(significand: negative ? -value : value, scale: scale)
    }

    private static let powersOf10: [UInt128] = {
        var table: [UInt128] = [1]
        for _ in 1...38 { table.append((table.last ?? 1) * 10) }
        return table
    }()

    /// 10^n for n in 0...38.
    static func pow10(_ n: Int) -> UInt128 { powersOf10[n] }

    /// The exact sum in 256 bits, then fitted.
    private static func wideSum(_ a: SQLDecimal, _ b: SQLDecimal) -> SQLDecimal? {
        let common = Swift.max(a.scale, b.scale)
        guard let ma = UInt256(a.significand.magnitude).multiplied(byPowerOf10: common - a.scale),
              let mb = UInt256(b.significand.magnitude).multiplied(byPowerOf10: common - b.scale)
        else { return nil }
        let an = a.significand < 0
        let bn = b.significand < 0
        if an == bn {
            guard let sum = ma.adding(mb) else { return nil }
            return fitting(negative: an, magnitude: sum, scale: common)
        }
        if ma < mb { return fitting(negative: bn, magnitude: mb.subtracting(ma), scale: common) }
        return fitting(negative: an, magnitude: ma.subtracting(mb), scale: common)
    }

    /// The exact value `±magnitude × 10^-scale` as a valid SQLDecimal, dropping trailing zeros only
    /// as far as needed to fit 38 digits and scale 38; nil when that is not enough.
    static func fitting(negative: Bool, magnitude: UInt256, scale: Int) -> SQLDecimal? {
        if magnitude.isZero {
            return SQLDecimal(significand: 0, scale: Swift.min(Swift.max(scale, 0), maxScale))
        }
        var m = magnitude
        var s = scale
        while m.high != 0 || m.low > maxMagnitude || s > maxScale {
            guard s > 0 else { return nil }
            let (q, r) = m.quotientAndRemainder(dividingBy: 10)
            guard r == 0 else { return nil }
            m = q
            s -= 1
        }
        if s < 0 {
            guard let scaled = m.multiplied(byPowerOf10: -s), scaled.high == 0, scaled.low <= maxMagnitude else { return nil }
            m = scaled
            s = 0
        }
        return SQLDecimal(magnitude: m.low, negative: negative, scale: s)
    }

    /// `±magnitude × 10^-from` at scale `to`, rounding by `rule` when digits are dropped.
    static func rescale(negative: Bool, magnitude: UInt128, from: Int, to: Int, rule: FloatingPointRoundingRule) -> SQLDecimal? {
        guard to >= 0 && to <= maxScale else { return nil }
        if from <= to {
            let (shift, overflow) = to.subtractingReportingOverflow(from)
            if magnitude == 0 { return SQLDecimal(significand: 0, scale: to) }
            guard !overflow, shift <= maxDigits else { return nil }
            let (scaled, o) = magnitude.multipliedReportingOverflow(by: pow10(shift))
            guard !o, scaled <= maxMagnitude else { return nil }
            return SQLDecimal(magnitude: scaled, negative: negative, scale: to)
        }
        let (shift, overflow) = from.subtractingReportingOverflow(to)
        if overflow || shift > maxDigits {
            // The magnitude is below 10^38, so below half of 10^39: only the "away" rules round up.
            if magnitude != 0 && (rule == .awayFromZero || rule == (negative ? .down : .up)) {
                return SQLDecimal(magnitude: 1, negative: negative, scale: to)
            }
            return SQLDecimal(significand: 0, scale: to)
        }
        let divisor = pow10(shift)
        let (truncated, remainder) = magnitude.quotientAndRemainder(dividingBy: divisor)
        var quotient = truncated
        if roundsAway(quotient: quotient, remainder: remainder, divisor: divisor, negative: negative, rule: rule) {
            quotient += 1
        }
        guard quotient <= maxMagnitude else { return nil }
        return SQLDecimal(magnitude: quotient, negative: negative, scale: to)
    }

    /// Whether a truncated quotient's magnitude must grow by one under `rule`.
    static func roundsAway(quotient: UInt128, remainder: UInt128, divisor: UInt128, negative: Bool, rule: FloatingPointRoundingRule) -> Bool {
        if remainder == 0 { return false }
        let rest = divisor - remainder  // compare 2r with d without overflowing
        switch rule {
        case .toNearestOrAwayFromZero: return remainder >= rest
        case .toNearestOrEven: return remainder > rest || (remainder == rest && quotient & 1 == 1)
        case .towardZero: return false
        case .awayFromZero: return true
        case .up: return !negative
        case .down: return negative
        @unknown default: return remainder >= rest
        }
    }
}

/// An unsigned 256-bit integer, just enough for exact intermediate decimal results (77 digits).
struct UInt256: Sendable, Equatable, Comparable {
    var high: UInt128
    var low: UInt128

    init(high: UInt128, low: UInt128) {
        self.high = high
        self.low = low
    }

    init(_ value: UInt128) {
        self.init(high: 0, low: value)
    }

    var isZero: Bool { high == 0 && low == 0 }

    static func product(_ a: UInt128, _ b: UInt128) -> UInt256 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return UInt256(high: high, low: low)
    }

    static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    /// `self × m`, nil on overflow.
    func multiplied(by m: UInt128) -> UInt256? {
        let lowProduct = low.multipliedFullWidth(by: m)
        let highProduct = high.multipliedFullWidth(by: m)
        guard highProduct.high == 0 else { return nil }
        let (top, overflow) = lowProduct.high.addingReportingOverflow(highProduct.low)
        guard !overflow else { return nil }
        return UInt256(high: top, low: lowProduct.low)
    }

    /// `self × 10^n` for n ≥ 0, nil on overflow.
    func multiplied(byPowerOf10 n: Int) -> UInt256? {
        guard n >= 0 else { return nil }
        var result = self
        var left = n
        while left > 0 {
            let step = Swift.min(left, SQLDecimal.maxDigits)
            guard let next = result.multiplied(by: SQLDecimal.pow10(step)) else { return nil }
            result = next
            left -= step
        }
        return result
    }

    func adding(_ other: UInt256) -> UInt256? {
        let (low, carry) = low.addingReportingOverflow(other.low)
        var (high, o1) = high.addingReportingOverflow(other.high)
        var o2 = false
        if carry { (high, o2) = high.addingReportingOverflow(1) }
        return o1 || o2 ? nil : UInt256(high: high, low: low)
    }

    /// `self - other` for `other <= self`.
    func subtracting(_ other: UInt256) -> UInt256 {
        let (low, borrow) = low.subtractingReportingOverflow(other.low)
        let high = high &- other.high &- (borrow ? 1 : 0)
        return UInt256(high: high, low: low)
    }

    func quotientAndRemainder(dividingBy d: UInt128) -> (quotient: UInt256, remainder: UInt128) {
        let (qHigh, rHigh) = high.quotientAndRemainder(dividingBy: d)
        let (qLow, r) = d.dividingFullWidth((rHigh, low))
        return (UInt256(high: qHigh, low: qLow), r)
    }

    func remainder(dividingBy d: UInt128) -> UInt128 {
        quotientAndRemainder(dividingBy: d).remainder
    }
}
