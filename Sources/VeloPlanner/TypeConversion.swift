import VeloCore
import VeloSQL

/// SQL type names of the syntax tree as the engine's types.
enum TypeConversion {
    static func sqlType(_ type: DataType) -> SQLType {
        switch type {
        case .boolean: .boolean
        case .int: .int
        case .bigint: .bigint
        case .double: .double
        case .decimal(let precision, let scale): .decimal(precision: precision ?? 38, scale: scale ?? 0)
        case .string: .string
        case .timestamp: .timestamp
        case .date: .date
        case .interval: .interval
        case .array(let element): .array(sqlType(element))
        case .map(_, let value): .map(sqlType(value))
        case .struct(let fields): .struct(fields.map { SQLType.Field(name: $0.name, type: sqlType($0.type)) })
        }
    }

    /// How a JSON field is read into a column of this type.
    static func literalValue(_ literal: Literal) -> (Value, SQLType) {
        switch literal {
        case .null: (.null, .any)
        case .boolean(let value): (.boolean(value), .boolean)
        case .integer(let text):
            if let value = Int64(text) { (.int(value), value >= Int64(Int32.min) && value <= Int64(Int32.max) ? .int : .bigint) }
            else if let decimal = SQLDecimal(text) { (.decimal(decimal), .decimal(precision: 38, scale: 0)) }
            else { (.double(Double(text) ?? 0), .double) }
        case .decimal(let text):
            // `0.1` is an exact DECIMAL; with an exponent (`2e10`) it is a DOUBLE.
            if !text.contains("e"), !text.contains("E"), let decimal = SQLDecimal(text) {
                (.decimal(decimal), .decimal(precision: 38, scale: decimal.scale))
            } else {
                (.double(Double(text) ?? .nan), .double)
            }
        case .string(let text): (.string(text), .string)
        case .interval(let value, let unit, _):
            (.interval(Self.milliseconds(value, unit)), .interval)
        case .timestamp(let text): (ISOTime.parseTimestamp(text).map(Value.timestamp) ?? .null, .timestamp)
        case .date(let text): (ISOTime.parseDate(text).map(Value.date) ?? .null, .date)
        }
    }

    static func milliseconds(_ value: String, _ unit: IntervalUnit) -> Int64 {
        if let integer = Int64(value) { return integer * unit.milliseconds }
        return Int64((Double(value) ?? 0) * Double(unit.milliseconds))
    }
}
