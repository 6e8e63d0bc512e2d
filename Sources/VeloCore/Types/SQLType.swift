/// The type of a value or column, as the planner checks it.
public indirect enum SQLType: Sendable, Hashable, Codable, CustomStringConvertible {
    case boolean
    /// 32-bit in SQL terms; held as Int64 at run time, range-checked on CAST.
    case int
    case bigint
    case double
    case decimal(precision: Int, scale: Int)
    case string
    /// UTC epoch milliseconds.
    case timestamp
    /// Days since 1970-01-01.
    case date
    /// Milliseconds.
    case interval
    case array(SQLType)
    case map(SQLType)
    case `struct`([Field])
    /// A field of a schema-less JSON stream, or NULL's own type: known only per record.
    case any

    public struct Field: Sendable, Hashable, Codable {
        public var name: String
        public var type: SQLType

        public init(name: String, type: SQLType) {
            self.name = name
            self.type = type
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .int, .bigint, .double, .decimal: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .int: "INT"
        case .bigint: "BIGINT"
        case .double: "DOUBLE"
        case .decimal(let precision, let scale): "DECIMAL(\(precision), \(scale))"
        case .string: "STRING"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        case .interval: "INTERVAL"
        case .array(let element): "ARRAY<\(element)>"
        case .map(let value): "MAP<STRING, \(value)>"
        case .struct(let fields): "STRUCT<" + fields.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ">"
        case .any: "ANY"
        }
    }
}
