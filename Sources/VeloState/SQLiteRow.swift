/// One result row. Columns are looked up by name because queries name their columns and positions
/// drift when a migration adds one.
public struct SQLiteRow: Sendable, Equatable {
    public let columns: [String]
    public let values: [SQLiteValue]

    public init(columns: [String], values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the first column with this name; nil when the query has no such column.
    public subscript(_ column: String) -> SQLiteValue? {
        guard let index = columns.firstIndex(of: column), index < values.count else { return nil }
        return values[index]
    }

    /// Text, or nil for NULL or a missing column. Numbers are rendered, as SQLite itself would.
    public func string(_ column: String) -> String? {
        switch self[column] {
        case .text(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
        case .null, nil: nil
        }
    }

    /// An integer, or nil for NULL, a missing column or text that is not an integer.
    public func int(_ column: String) -> Int64? {
        switch self[column] {
        case .integer(let value): value
        case .real(let value): Int64(exactly: value)
        case .text(let text): Int64(text)
        case .blob, .null, nil: nil
        }
    }

    public func double(_ column: String) -> Double? {
        switch self[column] {
        case .real(let value): value
        case .integer(let value): Double(value)
        case .text(let text): Double(text)
        case .blob, .null, nil: nil
        }
    }

    public func blob(_ column: String) -> [UInt8]? {
        switch self[column] {
        case .blob(let bytes): bytes
        case .text(let text): Array(text.utf8)
        case .integer, .real, .null, nil: nil
        }
    }
}
