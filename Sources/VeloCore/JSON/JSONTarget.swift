/// How `parse` (and `.any` fields) represent numbers with a fraction or exponent, or integers
/// beyond Int64.
public enum JSONNumberMode: Sendable, Hashable {
    /// As `.double`.
    case double
    /// As an exact `.decimal` when it fits 38 digits, else `.double`.
    case decimal
}

/// What a selected field is converted to: one case per kind of declared column.
public enum JSONTarget: Sendable, Hashable {
    /// Whatever the JSON holds (objects → `.struct`, arrays → `.array`).
    case any
    /// `true` / `false` only.
    case boolean
    /// An integral JSON number that fits Int64 (3, 3.0, 1e3); a string is an error.
    case int
    /// Any JSON number.
    case double
    /// A number, or a string holding one, read exactly from its text; rounded half away from zero
    /// to `scale` when one is given.
    case decimal(scale: Int?)
    /// A string; numbers and booleans as their JSON text, objects and arrays as their raw JSON.
    case string
    /// A number as epoch milliseconds, or an ISO-8601 string ("2024-01-01T00:00:00Z"; no zone = UTC).
    case timestamp
    /// A "YYYY-MM-DD" string (or an ISO timestamp: its UTC day), or an integer count of days.
    case date

    /// The target for a declared column type (INTERVAL, ANY and nested types read as `.any`).
    public init(_ type: SQLType) {
        switch type {
        case .boolean: self = .boolean
        case .int, .bigint: self = .int
        case .double: self = .double
        case .decimal(_, let scale): self = .decimal(scale: scale)
        case .string: self = .string
        case .timestamp: self = .timestamp
        case .date: self = .date
        case .interval, .array, .map, .struct, .any: self = .any
        }
    }

    /// The SQL name used in conversion errors.
    public var typeName: String {
        switch self {
        case .any: "ANY"
        case .boolean: "BOOLEAN"
        case .int: "INT"
        case .double: "DOUBLE"
        case .decimal: "DECIMAL"
        case .string: "STRING"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        }
    }
}


// MARK: - Time text

extension JSONTarget {
    /// An ISO-8601 timestamp (see `ISOTime`), or a plain signed integer as epoch milliseconds.
    static func timestamp(fromText bytes: UnsafeRawBufferPointer) -> Int64? {
        if let ms = ISOTime.parseTimestamp(bytes) { return ms }
        var k = 0
        var negative = false
        if k < bytes.count && (bytes[k] == UInt8(ascii: "-") || bytes[k] == UInt8(ascii: "+")) {
            negative = bytes[k] == UInt8(ascii: "-")
            k += 1
        }
        guard k < bytes.count else { return nil }
        var value: Int64 = 0
        while k < bytes.count {
            let b = bytes[k]
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(b - UInt8(ascii: "0")))
            guard !o1 && !o2 else { return nil }
            value = next
            k += 1
        }
        return negative ? -value : value
    }

    /// "2024-01-01", or an ISO timestamp's UTC day, as days since 1970-01-01.
    static func date(fromText bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let ms = ISOTime.parseTimestamp(bytes) else { return nil }
        return Int32(exactly: ISOTime.floorDivide(ms, 86_400_000))
    }
}
