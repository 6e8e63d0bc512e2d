// SQL semantics over `Value` (PRODUCT.md §3.2): a value that cannot be produced becomes NULL and the
// `EvaluationContext` counts an expression error; nothing here throws.

/// `CAST(x AS type)` and the text forms of values.
///
/// Decided conversions (PRODUCT.md §3.6): `CAST(3.9 AS INT)` truncates toward zero; `CAST(TRUE AS INT)`
/// is 1; text that does not convert gives NULL and an expression error; INT is range-checked to 32 bits;
/// DECIMAL(p, s) rounds half away from zero to scale s and fails (NULL, error) beyond p digits.
/// Text forms: decimals with all their digits, doubles in their shortest round-tripping form, timestamps
/// as ISO-8601 UTC with milliseconds (`2024-01-01T10:00:00.000Z`), dates `YYYY-MM-DD`, booleans
/// `true`/`false`, intervals as the SQL shorthand in their largest whole unit (`90s`, `2h`, `250ms`),
/// arrays, maps and structs as JSON (`JSONWriter`).
public enum ValueCast {
    public static func cast(_ value: Value, to type: SQLType, context: EvaluationContext) -> Value {
        if value.isNull { return .null }
        switch type {
        case .any: return value
        case .boolean: return toBoolean(value, context)
        case .int: return toInteger(value, bits32: true, context)
        case .bigint: return toInteger(value, bits32: false, context)
        case .double: return castAsDouble(value, context)
        case .decimal(let precision, let scale): return toDecimal(value, precision: precision, scale: scale, context)
        case .string: return text(value).map(Value.string) ?? .null
        case .timestamp: return toTimestamp(value, context)
        case .date: return toDate(value, context)
        case .interval: return toInterval(value, context)
        case .array(let element):
            guard case .array(let items) = value else { return failure(value, type, context) }
            if element == .any { return value }
            return .array(items.map { cast($0, to: element, context: context) })
        case .map(let element):
            switch value {
            case .map(let entries), .struct(let entries):
                if element == .any { return .map(entries) }
                return .map(entries.map { Value.MapEntry($0.key, cast($0.value, to: element, context: context)) })
            default:
                return failure(value, type, context)
            }
        case .struct(let fields):
            switch value {
            case .map(let entries), .struct(let entries):
                // By name: fields the value lacks are NULL, as a missing JSON field is.
                return .struct(fields.map { field in
                    let member = entries.first { $0.key == field.name }?.value ?? .null
                    return Value.MapEntry(field.name, cast(member, to: field.type, context: context))
                })
            default:
                return failure(value, type, context)
            }
        }
    }

    /// The value as text (`CAST(v AS STRING)`, `||`, CONCAT); nil for NULL.
    public static func text(_ value: Value) -> String? {
        switch value {
        case .null: nil
        case .string(let s): s
        case .boolean(let b): b ? "true" : "false"
        case .int(let x): String(x)
        case .double(let x): doubleText(x)
        case .decimal(let x): x.description
        case .timestamp(let ms): ISOTime.formatTimestamp(ms)
        case .date(let days): ISOTime.formatDate(days)
        case .interval(let ms): intervalText(ms)
        case .array, .map, .struct: json(value)
        }
    }

    /// The value as JSON text, as `JSONWriter` writes it into output records (NULL as `null`, non-finite
    /// doubles as `null`, timestamps and intervals as millisecond numbers, dates as strings).
    public static func json(_ value: Value) -> String {
        String(decoding: JSONWriter.encode(value), as: UTF8.self)
    }

    /// The shortest text that reads back as the same Double (`0.1`, `3.0`, `1e-05`).
    public static func doubleText(_ x: Double) -> String {
        x.description
    }

    /// An interval in the SQL shorthand of its largest whole unit: `2d`, `90m`, `5s`, `250ms`.
    public static func intervalText(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)] where ms % size == 0 {
            return "\(ms / size)\(unit)"
        }
        return "\(ms)ms"
    }

    /// The shorthand interval text (`250ms`, `5s`, `10m`, `1h`, `2d`) or a plain integer (milliseconds).
    public static func parseInterval(_ text: String) -> Int64? {
        let trimmed = trim(text)
        if let ms = Int64(trimmed) { return ms }
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (unit, size) in units where trimmed.hasSuffix(unit) {
            guard let count = Int64(trimmed.dropLast(unit.count)) else { continue }
            let (ms, overflow) = count.multipliedReportingOverflow(by: size)
            return overflow ? nil : ms
        }
        return nil
    }

    /// The SQL name of a value's kind, for error messages.
    public static func kindName(_ value: Value) -> String {
        switch value {
        case .null: "NULL"
        case .boolean: "BOOLEAN"
        case .int: "BIGINT"
        case .double: "DOUBLE"
        case .decimal: "DECIMAL"
        case .string: "STRING"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        case .interval: "INTERVAL"
        case .array: "ARRAY"
        case .map: "MAP"
        case .struct: "STRUCT"
        }
    }

    // MARK: Conversions

    private static func toBoolean(_ value: Value, _ context: EvaluationContext) -> Value {
        switch value {
        case .boolean: return value
        case .int(let x): return .boolean(x != 0)
        case .double(let x): return .boolean(x != 0)
        case .decimal(let x): return .boolean(x.significand != 0)
        case .string(let s):
            switch trim(s).lowercased() {
            case "true", "t", "yes", "y", "on": return .boolean(true)
            case "false", "f", "no", "n", "off": return .boolean(false)
            default:
                if let number = parseNumber(s), let x = number.numericDouble { return .boolean(x != 0) }
                return failure(value, .boolean, context)
            }
        default:
            return failure(value, .boolean, context)
        }
    }

    private static func toInteger(_ value: Value, bits32: Bool, _ context: EvaluationContext) -> Value {
        let type: SQLType = bits32 ? .int : .bigint
        let result: Int64?
        switch value {
        case .int(let x), .timestamp(let x), .interval(let x): result = x
        case .boolean(let b): result = b ? 1 : 0
        case .date(let days): result = Int64(days)
        case .double(let x): result = truncated(x)
        case .decimal(let x): result = truncated(x)
        case .string(let s):
            switch parseNumber(s) {
            case .int(let x)?: result = x
            case .decimal(let x)?: result = truncated(x)
            case .double(let x)?: result = truncated(x)
            default: result = nil
            }
        default:
            return failure(value, type, context)
        }
        guard let result else {
            if case .string = value { return failure(value, type, context) }
            context.error("\(text(value) ?? "value") is out of range for \(type)")
            return .null
        }
        if bits32 && (result < Int64(Int32.min) || result > Int64(Int32.max)) {
            context.error("\(result) is out of range for INT")
            return .null
        }
        return .int(result)
    }

    private static func castAsDouble(_ value: Value, _ context: EvaluationContext) -> Value {
        switch value {
        case .double: return value
        case .int(let x), .timestamp(let x), .interval(let x): return .double(Double(x))
        case .decimal(let x): return .double(x.doubleValue)
        case .boolean(let b): return .double(b ? 1 : 0)
        case .date(let days): return .double(Double(days))
        case .string(let s):
            guard let x = Double(trim(s)) else { return failure(value, .double, context) }
            return .double(x)
        default:
            return failure(value, .double, context)
        }
    }

    private static func toDecimal(_ value: Value, precision: Int, scale: Int, _ context: EvaluationContext) -> Value {
        let type = SQLType.decimal(precision: precision, scale: scale)
        let exact: SQLDecimal?
        switch value {
        case .decimal(let x): exact = x
        case .int(let x), .timestamp(let x), .interval(let x): exact = SQLDecimal(x)
        case .boolean(let b): exact = SQLDecimal(b ? 1 : 0)
        case .double(let x): exact = decimal(fromDouble: x, scale: scale)
        case .string(let s):
            switch parseNumber(s) {
            case .int(let x)?: exact = SQLDecimal(x)
            case .decimal(let x)?: exact = x
            case .double(let x)?: exact = decimal(fromDouble: x, scale: scale)
            default: return failure(value, type, context)
            }
        default:
            return failure(value, type, context)
        }
        guard let exact, let rounded = exact.rescaled(to: scale), digitCount(rounded.significand) <= min(precision, SQLDecimal.maxDigits) else {
            context.error("\(text(value) ?? "value") does not fit \(type)")
            return .null
        }
        return .decimal(rounded)
    }

    private static func toTimestamp(_ value: Value, _ context: EvaluationContext) -> Value {
        switch value {
        case .timestamp: return value
        case .int(let ms): return .timestamp(ms)
        case .date(let days): return .timestamp(Int64(days) * ISOTime.millisecondsPerDay)
        case .double(let x): return truncated(x).map(Value.timestamp) ?? failure(value, .timestamp, context)
        case .decimal(let x): return truncated(x).map(Value.timestamp) ?? failure(value, .timestamp, context)
        case .string(let s):
            let trimmed = trim(s)
            // A JSON timestamp arrives as ISO-8601 text or as epoch milliseconds written as text.
            if let ms = ISOTime.parseTimestamp(String(trimmed)) ?? Int64(trimmed) { return .timestamp(ms) }
            return failure(value, .timestamp, context)
        default:
            return failure(value, .timestamp, context)
        }
    }

    private static func toDate(_ value: Value, _ context: EvaluationContext) -> Value {
        switch value {
        case .date: return value
        case .timestamp(let ms): return epochDay(ms).map(Value.date) ?? failure(value, .date, context)
        case .int(let days):
            guard let days = Int32(exactly: days) else { return failure(value, .date, context) }
            return .date(days)
        case .string(let s):
            let trimmed = trim(s)
            if let days = ISOTime.parseDate(String(trimmed)) { return .date(days) }
            if let ms = ISOTime.parseTimestamp(String(trimmed)), let days = epochDay(ms) { return .date(days) }
            return failure(value, .date, context)
        default:
            return failure(value, .date, context)
        }
    }

    private static func toInterval(_ value: Value, _ context: EvaluationContext) -> Value {
        switch value {
        case .interval: return value
        case .int(let ms): return .interval(ms)
        case .double(let x): return truncated(x).map(Value.interval) ?? failure(value, .interval, context)
        case .decimal(let x): return truncated(x).map(Value.interval) ?? failure(value, .interval, context)
        case .string(let s): return parseInterval(s).map(Value.interval) ?? failure(value, .interval, context)
        default: return failure(value, .interval, context)
        }
    }

    // MARK: Helpers

    private static func failure(_ value: Value, _ type: SQLType, _ context: EvaluationContext) -> Value {
        switch value {
        case .string(let s): context.error("cannot cast '\(s.prefix(100))' to \(type)")
        default: context.error("cannot cast \(kindName(value)) to \(type)")
        }
        return .null
    }

    /// Text as a number: an integer if it is one, else an exact decimal, else a double (`1e400` is not).
    private static func parseNumber(_ text: String) -> Value? {
        let trimmed = trim(text)
        if let x = Int64(trimmed) { return .int(x) }
        if let x = SQLDecimal(String(trimmed)) { return .decimal(x) }
        if let x = Double(trimmed), x.isFinite { return .double(x) }
        return nil
    }

    private static func trim(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return Substring(scalars[first...last])
    }

    /// Toward zero; nil beyond Int64 or for NaN/infinity.
    private static func truncated(_ x: Double) -> Int64? {
        Int64(exactly: x.rounded(.towardZero))
    }

    /// Toward zero; nil beyond Int64.
    private static func truncated(_ x: SQLDecimal) -> Int64? {
        x.int64Value
    }

    /// A double as the decimal its shortest text spells, rounded at the target scale (so 0.1 becomes
    /// exactly 0.1, not 0.1000000000000000055…).
    private static func decimal(fromDouble x: Double, scale: Int) -> SQLDecimal? {
        SQLDecimal(rounding: x, scale: scale)
    }

    private static func epochDay(_ ms: Int64) -> Int32? {
        Int32(exactly: ISOTime.floorDivide(ms, ISOTime.millisecondsPerDay))
    }

    /// Decimal digits of a significand's magnitude (0 has one digit).
    static func digitCount(_ value: Int128) -> Int {
        var magnitude = value.magnitude
        var count = 1
        while magnitude >= 10 {
            magnitude /= 10
            count += 1
        }
        return count
    }
}
