/// One SQL value at run time.
public enum Value: Sendable, Hashable, Codable {
    case null
    case boolean(Bool)
    /// INT and BIGINT.
    case int(Int64)
    case double(Double)
    case decimal(SQLDecimal)
    case string(String)
    /// UTC epoch milliseconds.
    case timestamp(Int64)
    /// Days since 1970-01-01.
    case date(Int32)
    /// Milliseconds.
    case interval(Int64)
    case array([Value])
    /// Keys in insertion order (a JSON object read into a MAP column keeps its order).
    case map([MapEntry])
    /// A JSON object, or a STRUCT value: named fields in order.
    case `struct`([MapEntry])

    public struct MapEntry: Sendable, Hashable, Codable {
        public var key: String
        public var value: Value

        public init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The field of a struct or map value by name (nil when absent or not an object).
    public func field(_ name: String) -> Value? {
        switch self {
        case .struct(let entries), .map(let entries):
            for entry in entries where entry.key == name { return entry.value }
            return nil
        default:
            return nil
        }
    }
}
