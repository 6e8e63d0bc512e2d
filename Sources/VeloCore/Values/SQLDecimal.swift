/// An exact decimal number: `significand × 10^-scale`, up to 38 significant digits (Int128).
/// SQL `DECIMAL(p, s)` values, exact sums and averages, and JSON numbers read into DECIMAL columns.
/// Arithmetic that would not fit returns nil (the caller turns it into NULL and counts an error);
/// nothing is ever rounded silently except where SQL says so (division, CAST to a smaller scale).
public struct SQLDecimal: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public static let maxDigits = 38
    public static let maxScale = 38
    /// Scale of a quotient when neither operand asks for more (as in most SQL engines).
    public static let divisionScale = 6

    public var significand: Int128
    public var scale: Int

    public init(significand: Int128, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    public init(_ value: Int64) {
        self.init(significand: Int128(value), scale: 0)
    }
}

// TODO(helper): exact arithmetic, parsing, formatting — stubs so the package builds meanwhile.
extension SQLDecimal {
    public static func < (lhs: SQLDecimal, rhs: SQLDecimal) -> Bool {
        Double(lhs.significand) / pow10(lhs.scale) < Double(rhs.significand) / pow10(rhs.scale)
    }

    public var description: String { "\(significand)e-\(scale)" }

    private static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }
}
