/// A bound, typed scalar expression over one operator's input columns: what the planner hands the
/// runtime (Codable, so a compiled job can be stored and restored without re-planning). The runtime
/// compiles it once into closures; it never walks this tree per record.
public indirect enum ScalarExpr: Sendable, Hashable, Codable {
    /// The input column at this position.
    case column(Int)
    case literal(Value)
    /// A system column of the input record.
    case system(SystemColumn)
    /// A field of a struct or JSON object value: `o.address.city`, schema-less nested access.
    case field(ScalarExpr, String)
    /// `x[i]`: array element (1-based) or map value.
    case `subscript`(ScalarExpr, ScalarExpr)
    case unary(UnaryOp, ScalarExpr)
    case binary(BinaryOp, ScalarExpr, ScalarExpr)
    case isNull(ScalarExpr, negated: Bool)
    case inList(ScalarExpr, [ScalarExpr], negated: Bool)
    case like(ScalarExpr, pattern: ScalarExpr, negated: Bool)
    /// Searched CASE; a simple CASE is lowered to equality tests.
    case caseWhen([Branch], otherwise: ScalarExpr?)
    case cast(ScalarExpr, SQLType)
    /// A scalar function of the library, by its canonical (upper-case) name.
    case call(String, [ScalarExpr])
    /// An array constructor.
    case array([ScalarExpr])

    public struct Branch: Sendable, Hashable, Codable {
        public var condition: ScalarExpr
        public var result: ScalarExpr

        public init(condition: ScalarExpr, result: ScalarExpr) {
            self.condition = condition
            self.result = result
        }
    }

    public enum UnaryOp: String, Sendable, Hashable, Codable {
        case not, negate
    }

    public enum BinaryOp: String, Sendable, Hashable, Codable {
        case and, or
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        case add, subtract, multiply, divide, modulo
        case concat
    }
}

/// Columns every record has besides its fields (never part of `SELECT *`).
public enum SystemColumn: String, Sendable, Hashable, Codable, CaseIterable {
    case timestamp = "_timestamp"
    case key = "_key"
    case partition = "_partition"
    case offset = "_offset"
    case topic = "_topic"
    case windowStart = "_window_start"
    case windowEnd = "_window_end"

    /// `_window_start`, also spelt `WINDOWSTART` (ksqlDB).
    public init?(name: String) {
        switch name.lowercased() {
        case "windowstart": self = .windowStart
        case "windowend": self = .windowEnd
        default:
            guard let column = SystemColumn(rawValue: name.lowercased()) else { return nil }
            self = column
        }
    }

    public var type: SQLType {
        switch self {
        case .timestamp, .windowStart, .windowEnd: .timestamp
        case .key, .topic: .string
        case .partition: .int
        case .offset: .bigint
        }
    }
}
