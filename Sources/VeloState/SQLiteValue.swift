/// One value bound to a statement parameter or read from a result column: SQLite's five storage classes.
public enum SQLiteValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLiteValue {
    /// Optional text binds as NULL when absent, which is how nullable columns are written.
    public init(_ text: String?) {
        self = text.map(SQLiteValue.text) ?? .null
    }

    public init(_ integer: Int64?) {
        self = integer.map(SQLiteValue.integer) ?? .null
    }

    public init(_ integer: Int) {
        self = .integer(Int64(integer))
    }
}

extension SQLiteValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}
