// SQL semantics over `Value`: three-valued logic, comparison, arithmetic, CAST, LIKE, and the type
// rules the planner checks with. The planner uses the type half, the runtime the value half; both halves
// live here so that what the planner accepts is exactly what the runtime can evaluate.
//
// Errors never throw: a value that cannot be produced becomes NULL and the `EvaluationContext` counts an
// expression error (PRODUCT.md §3.2), so one bad record never stops a job.

/// One day in milliseconds (DATE ↔ TIMESTAMP).
private let millisecondsPerDay: Int64 = 86_400_000

// MARK: - Three-valued logic

/// SQL's three-valued logic over `.boolean` and `.null`. Any other value counts as unknown: the planner
/// rejects non-boolean conditions, and a schema-less field holding something else is not TRUE.
public enum SQLLogic {
    /// TRUE, FALSE, or nil for unknown (NULL or not a boolean).
    @inlinable
    public static func truth(_ value: Value) -> Bool? {
        if case .boolean(let flag) = value { return flag }
        return nil
    }

    /// `a AND b`: FALSE if either is FALSE, TRUE if both are TRUE, else NULL.
    public static func and(_ a: Value, _ b: Value) -> Value {
        let x = truth(a)
        let y = truth(b)
        if x == false || y == false { return .boolean(false) }
        if x == true && y == true { return .boolean(true) }
        return .null
    }

    /// `a OR b`: TRUE if either is TRUE, FALSE if both are FALSE, else NULL.
    public static func or(_ a: Value, _ b: Value) -> Value {
        let x = truth(a)
        let y = truth(b)
        if x == true || y == true { return .boolean(true) }
        if x == false && y == false { return .boolean(false) }
        return .null
    }

    /// `NOT a`: NULL stays NULL.
    public static func not(_ a: Value) -> Value {
        guard let x = truth(a) else { return .null }
        return .boolean(!x)
    }

    /// Whether a WHERE / HAVING / ON / FILTER condition keeps the row: only TRUE does.
    @inlinable
    public static func isTrue(_ value: Value) -> Bool {
        if case .boolean(true) = value { return true }
        return false
    }
}

// MARK: - Comparison

/// Ordering and equality of SQL values.
///
/// Numbers compare across INT, DECIMAL and DOUBLE (INT against DECIMAL exactly; with a DOUBLE involved,
/// as doubles). Strings compare by Unicode scalar value (byte order of UTF-8), not by locale. A TIMESTAMP
/// compares with a DATE (its midnight), an INT (epoch ms) and a STRING holding ISO-8601 text, because
/// schema-less JSON carries times as numbers or text.
public enum ValueComparison {
    /// -1, 0 or 1; nil when either side is NULL or the two cannot be ordered against each other.
    public static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null):
            return nil
        case let (.int(x), .int(y)), let (.timestamp(x), .timestamp(y)), let (.interval(x), .interval(y)),
             let (.timestamp(x), .int(y)), let (.int(x), .timestamp(y)):
            return order(x, y)
        case let (.double(x), .double(y)):
            return orderDoubles(x, y)
        case let (.int(x), .double(y)):
            return orderDoubles(Double(x), y)
        case let (.double(x), .int(y)):
            return orderDoubles(x, Double(y))
        case let (.decimal(x), .decimal(y)):
            return order(x, y)
        case let (.int(x), .decimal(y)):
            return order(SQLDecimal(x), y)
        case let (.decimal(x), .int(y)):
            return order(x, SQLDecimal(y))
        case let (.decimal(x), .double(y)):
            return orderDoubles(x.doubleValue, y)
        case let (.double(x), .decimal(y)):
            return orderDoubles(x, y.doubleValue)
        case let (.string(x), .string(y)):
            return compareText(x, y)
        case let (.boolean(x), .boolean(y)):
            return order(x ? 1 : 0, y ? 1 : 0)
        case let (.date(x), .date(y)):
            return order(x, y)
        case let (.timestamp(x), .date(y)):
            return order(x, Int64(y) * millisecondsPerDay)
        case let (.date(x), .timestamp(y)):
            return order(Int64(x) * millisecondsPerDay, y)
        case let (.timestamp(x), .string(y)):
            return ISOTime.parseTimestamp(y).map { order(x, $0) }
        case let (.string(x), .timestamp(y)):
            return ISOTime.parseTimestamp(x).map { order($0, y) }
        case let (.date(x), .string(y)):
            return ISOTime.parseDate(y).map { order(x, $0) }
        case let (.string(x), .date(y)):
            return ISOTime.parseDate(x).map { order($0, y) }
        case let (.array(x), .array(y)):
            for (left, right) in zip(x, y) {
                guard let result = compare(left, right) else { return nil }
                if result != 0 { return result }
            }
            return order(x.count, y.count)
        case let (.map(x), .map(y)), let (.struct(x), .struct(y)):
            for (left, right) in zip(x, y) {
                let keys = compareText(left.key, right.key)
                if keys != 0 { return keys }
                guard let result = compare(left.value, right.value) else { return nil }
                if result != 0 { return result }
            }
            return order(x.count, y.count)
        default:
            return nil
        }
    }

    /// `a = b` in three-valued logic: NULL if either side is NULL (so `NULL = NULL` is NULL); FALSE for
    /// values of kinds that cannot be compared (a schema-less field holding text against a number).
    /// Arrays, maps and structs are equal element by element, NULL when an element comparison is.
    public static func equals(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.null, _), (_, .null):
            return .null
        case let (.array(x), .array(y)):
            guard x.count == y.count else { return .boolean(false) }
            return allEqual(zip(x, y).lazy.map { equals($0, $1) })
        case let (.map(x), .map(y)), let (.struct(x), .struct(y)):
            guard x.count == y.count else { return .boolean(false) }
            for (left, right) in zip(x, y) where left.key != right.key { return .boolean(false) }
            return allEqual(zip(x, y).lazy.map { equals($0.value, $1.value) })
        default:
            guard let result = compare(a, b) else { return .boolean(false) }
            return .boolean(result == 0)
        }
    }

    /// A comparison operator (`=`, `<>`, `<`, `<=`, `>`, `>=`) applied in three-valued logic.
    public static func evaluate(_ op: ScalarExpr.BinaryOp, _ a: Value, _ b: Value) -> Value {
        switch op {
        case .equal: return equals(a, b)
        case .notEqual: return SQLLogic.not(equals(a, b))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let result = compare(a, b) else { return .null }
            switch op {
            case .less: return .boolean(result < 0)
            case .lessOrEqual: return .boolean(result <= 0)
            case .greater: return .boolean(result > 0)
            default: return .boolean(result >= 0)
            }
        default:
            return .null
        }
    }

    /// A total order for sorting (ORDER BY, MIN/MAX state, deterministic output): NULL first, then values
    /// that compare by `compare`, values of incomparable kinds by a fixed rank of their kind.
    public static func totalOrder(_ a: Value, _ b: Value) -> Int {
        if let result = compare(a, b) { return result }
        let ranks = (rank(a), rank(b))
        if ranks.0 != ranks.1 { return order(ranks.0, ranks.1) }
        // Same kind but incomparable (containers holding NULLs): fall back to their JSON text.
        return compareText(ValueCast.json(a), ValueCast.json(b))
    }

    /// Strings by Unicode scalar value: UTF-8 byte order is code-point order, and it needs no decoding.
    public static func compareText(_ a: String, _ b: String) -> Int {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?) where x != y: return x < y ? -1 : 1
            default: continue
            }
        }
    }

    private static func allEqual(_ results: some Sequence<Value>) -> Value {
        var unknown = false
        for result in results {
            switch result {
            case .boolean(false): return .boolean(false)
            case .boolean(true): continue
            default: unknown = true
            }
        }
        return unknown ? .null : .boolean(true)
    }

    @inline(__always)
    private static func order<T: Comparable>(_ x: T, _ y: T) -> Int {
        x < y ? -1 : (y < x ? 1 : 0)
    }

    /// NaN sorts above every number and equals itself (as in PostgreSQL), so sorting stays total.
    private static func orderDoubles(_ x: Double, _ y: Double) -> Int {
        switch (x.isNaN, y.isNaN) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false): return order(x, y)
        }
    }

    private static func rank(_ value: Value) -> Int {
        switch value {
        case .null: 0
        case .boolean: 1
        case .int, .double, .decimal: 2
        case .string: 3
        case .timestamp: 4
        case .date: 5
        case .interval: 6
        case .array: 7
        case .map: 8
        case .struct: 9
        }
    }
}

// MARK: - Arithmetic

/// `+ - * / %`, unary minus and `||` over values.
///
/// Numbers promote INT → DECIMAL → DOUBLE: INT with INT stays INT (division truncates toward zero),
/// INT with DECIMAL is exact DECIMAL, anything with DOUBLE is DOUBLE. Overflow, division by zero and
/// operands that cannot be combined give NULL and an expression error. Times: TIMESTAMP ± INTERVAL is a
/// TIMESTAMP, TIMESTAMP − TIMESTAMP an INTERVAL, INTERVAL ± INTERVAL an INTERVAL, INTERVAL × or ÷ a
/// number an INTERVAL, DATE ± INTERVAL a TIMESTAMP, DATE − DATE an INTERVAL.
public enum ValueArithmetic {
    public static func add(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        if let pair = NumericPair(a, b) {
            switch pair {
            case let .ints(x, y): return checked(x.addingReportingOverflow(y), "+", context)
            case let .decimals(x, y): return decimal(x.adding(y), "+", context)
            case let .doubles(x, y): return .double(x + y)
            }
        }
        switch (a, b) {
        case let (.timestamp(t), .interval(i)), let (.interval(i), .timestamp(t)):
            return checked(t.addingReportingOverflow(i), "+", context, as: Value.timestamp)
        case let (.interval(x), .interval(y)):
            return checked(x.addingReportingOverflow(y), "+", context, as: Value.interval)
        case let (.date(d), .interval(i)), let (.interval(i), .date(d)):
            return checked((Int64(d) * millisecondsPerDay).addingReportingOverflow(i), "+", context, as: Value.timestamp)
        default:
            return mismatch("+", a, b, context)
        }
    }

    public static func subtract(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        if let pair = NumericPair(a, b) {
            switch pair {
            case let .ints(x, y): return checked(x.subtractingReportingOverflow(y), "-", context)
            case let .decimals(x, y): return decimal(x.subtracting(y), "-", context)
            case let .doubles(x, y): return .double(x - y)
            }
        }
        switch (a, b) {
        case let (.timestamp(t), .interval(i)):
            return checked(t.subtractingReportingOverflow(i), "-", context, as: Value.timestamp)
        case let (.timestamp(x), .timestamp(y)), let (.interval(x), .interval(y)):
            return checked(x.subtractingReportingOverflow(y), "-", context, as: Value.interval)
        case let (.date(d), .interval(i)):
            return checked((Int64(d) * millisecondsPerDay).subtractingReportingOverflow(i), "-", context, as: Value.timestamp)
        case let (.date(x), .date(y)):
            return .interval((Int64(x) - Int64(y)) * millisecondsPerDay)
        case let (.timestamp(t), .date(d)):
            return checked(t.subtractingReportingOverflow(Int64(d) * millisecondsPerDay), "-", context, as: Value.interval)
        case let (.date(d), .timestamp(t)):
            return checked((Int64(d) * millisecondsPerDay).subtractingReportingOverflow(t), "-", context, as: Value.interval)
        default:
            return mismatch("-", a, b, context)
        }
    }

    public static func multiply(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        if let pair = NumericPair(a, b) {
            switch pair {
            case let .ints(x, y): return checked(x.multipliedReportingOverflow(by: y), "*", context)
            case let .decimals(x, y): return decimal(x.multiplying(by: y), "*", context)
            case let .doubles(x, y): return .double(x * y)
            }
        }
        switch (a, b) {
        case let (.interval(i), factor), let (factor, .interval(i)):
            return scaleInterval(i, by: factor, dividing: false, context: context)
        default:
            return mismatch("*", a, b, context)
        }
    }

    public static func divide(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        if let pair = NumericPair(a, b) {
            switch pair {
            case let .ints(x, y):
                if y == 0 { return divisionByZero(context) }
                return checked(x.dividedReportingOverflow(by: y), "/", context)
            case let .decimals(x, y):
                if y.significand == 0 { return divisionByZero(context) }
                return decimal(x.dividing(by: y), "/", context)
            case let .doubles(x, y):
                if y == 0 { return divisionByZero(context) }
                return .double(x / y)
            }
        }
        if case .interval(let i) = a {
            return scaleInterval(i, by: b, dividing: true, context: context)
        }
        return mismatch("/", a, b, context)
    }

    /// `a % b`: the sign follows the dividend (`-7 % 2` is -1), as in SQL and C.
    public static func modulo(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        guard let pair = NumericPair(a, b) else { return mismatch("%", a, b, context) }
        switch pair {
        case let .ints(x, y):
            if y == 0 { return divisionByZero(context) }
            // Int64.min % -1 traps in Swift; mathematically it is 0.
            return .int(y == -1 ? 0 : x % y)
        case let .decimals(x, y):
            if y.significand == 0 { return divisionByZero(context) }
            return decimal(x.remainder(dividingBy: y), "%", context)
        case let .doubles(x, y):
            if y == 0 { return divisionByZero(context) }
            return .double(x.truncatingRemainder(dividingBy: y))
        }
    }

    /// Unary minus.
    public static func negate(_ a: Value, context: EvaluationContext) -> Value {
        switch a {
        case .null: return .null
        case .int(let x): return checked(Int64(0).subtractingReportingOverflow(x), "-", context)
        case .double(let x): return .double(-x)
        case .decimal(let x): return .decimal(x.negated)
        case .interval(let x): return checked(Int64(0).subtractingReportingOverflow(x), "-", context, as: Value.interval)
        default:
            context.error("cannot negate \(ValueCast.kindName(a))")
            return .null
        }
    }

    /// `a || b`: NULL if either side is NULL; other values are joined as their text (`CAST … AS STRING`).
    public static func concat(_ a: Value, _ b: Value) -> Value {
        guard let x = ValueCast.text(a), let y = ValueCast.text(b) else { return .null }
        return .string(x + y)
    }

    // MARK: Helpers

    /// Two numeric operands promoted to a common representation.
    private enum NumericPair {
        case ints(Int64, Int64)
        case decimals(SQLDecimal, SQLDecimal)
        case doubles(Double, Double)

        init?(_ a: Value, _ b: Value) {
            switch (a, b) {
            case let (.int(x), .int(y)): self = .ints(x, y)
            case let (.decimal(x), .decimal(y)): self = .decimals(x, y)
            case let (.int(x), .decimal(y)): self = .decimals(SQLDecimal(x), y)
            case let (.decimal(x), .int(y)): self = .decimals(x, SQLDecimal(y))
            case let (.double(x), .double(y)): self = .doubles(x, y)
            case let (.double(x), .int(y)): self = .doubles(x, Double(y))
            case let (.int(x), .double(y)): self = .doubles(Double(x), y)
            case let (.double(x), .decimal(y)): self = .doubles(x, y.doubleValue)
            case let (.decimal(x), .double(y)): self = .doubles(x.doubleValue, y)
            default: return nil
            }
        }
    }

    private static func scaleInterval(_ interval: Int64, by factor: Value, dividing: Bool, context: EvaluationContext) -> Value {
        let op = dividing ? "/" : "*"
        switch factor {
        case .int(let n):
            if dividing {
                if n == 0 { return divisionByZero(context) }
                return checked(interval.dividedReportingOverflow(by: n), op, context, as: Value.interval)
            }
            return checked(interval.multipliedReportingOverflow(by: n), op, context, as: Value.interval)
        case .double, .decimal:
            let n = factor.numericDouble ?? 0
            if dividing && n == 0 { return divisionByZero(context) }
            let result = dividing ? Double(interval) / n : Double(interval) * n
            guard let millis = Int64(exactly: result.rounded(.toNearestOrAwayFromZero)) else {
                context.error("interval overflow in \(op)")
                return .null
            }
            return .interval(millis)
        default:
            return mismatch(op, .interval(interval), factor, context)
        }
    }

    private static func checked(_ result: (partialValue: Int64, overflow: Bool), _ op: String, _ context: EvaluationContext,
                                as make: (Int64) -> Value = Value.int) -> Value {
        if result.overflow {
            context.error("integer overflow in \(op)")
            return .null
        }
        return make(result.partialValue)
    }

    private static func decimal(_ result: SQLDecimal?, _ op: String, _ context: EvaluationContext) -> Value {
        guard let result else {
            context.error("decimal overflow in \(op)")
            return .null
        }
        return .decimal(result)
    }

    private static func divisionByZero(_ context: EvaluationContext) -> Value {
        context.error("division by zero")
        return .null
    }

    private static func mismatch(_ op: String, _ a: Value, _ b: Value, _ context: EvaluationContext) -> Value {
        context.error("cannot apply \(op) to \(ValueCast.kindName(a)) and \(ValueCast.kindName(b))")
        return .null
    }
}

extension ScalarExpr.BinaryOp {
    /// This operator applied to two values with SQL semantics (what a compiled expression calls).
    public func apply(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        switch self {
        case .and: SQLLogic.and(a, b)
        case .or: SQLLogic.or(a, b)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: ValueComparison.evaluate(self, a, b)
        case .add: ValueArithmetic.add(a, b, context: context)
        case .subtract: ValueArithmetic.subtract(a, b, context: context)
        case .multiply: ValueArithmetic.multiply(a, b, context: context)
        case .divide: ValueArithmetic.divide(a, b, context: context)
        case .modulo: ValueArithmetic.modulo(a, b, context: context)
        case .concat: ValueArithmetic.concat(a, b)
        }
    }
}

extension Value {
    /// A number as a Double (nil for anything else); for functions that compute in binary floating point.
    public var numericDouble: Double? {
        switch self {
        case .int(let x): Double(x)
        case .double(let x): x
        case .decimal(let x): x.doubleValue
        default: nil
        }
    }
}

// MARK: - CAST

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
        case .double: return toDouble(value, context)
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

    private static func toDouble(_ value: Value, _ context: EvaluationContext) -> Value {
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
        case .date(let days): return .timestamp(Int64(days) * millisecondsPerDay)
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
        Int32(exactly: ISOTime.floorDivide(ms, millisecondsPerDay))
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

// MARK: - Type rules

/// The types of expressions, as the planner checks them. `.any` (a schema-less JSON field, or the NULL
/// literal) is compatible with everything: its checks move to run time, per record.
public enum TypeRules {
    /// The result type of a binary operator, or nil when the operands do not fit it.
    ///
    /// Numbers: INT op INT → INT, with BIGINT → BIGINT, with DECIMAL → DECIMAL (exact), with DOUBLE →
    /// DOUBLE. DECIMAL precision and scale follow the usual SQL rules, capped at 38 digits.
    public static func arithmetic(_ op: ScalarExpr.BinaryOp, _ l: SQLType, _ r: SQLType) -> SQLType? {
        switch op {
        case .and, .or:
            return isBooleanLike(l) && isBooleanLike(r) ? .boolean : nil
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return comparable(l, r) ? .boolean : nil
        case .concat:
            return .string
        case .add, .subtract, .multiply, .divide, .modulo:
            break
        }
        if l == .any || r == .any {
            let arithmeticKinds: (SQLType) -> Bool = { $0.isNumeric || [.timestamp, .date, .interval, .any].contains($0) }
            return arithmeticKinds(l) && arithmeticKinds(r) ? .any : nil
        }
        if l.isNumeric && r.isNumeric { return numeric(op, l, r) }
        switch (op, l, r) {
        case (.add, .timestamp, .interval), (.add, .interval, .timestamp), (.subtract, .timestamp, .interval),
             (.add, .date, .interval), (.add, .interval, .date), (.subtract, .date, .interval):
            return .timestamp
        case (.subtract, .timestamp, .timestamp), (.subtract, .date, .date), (.subtract, .timestamp, .date),
             (.subtract, .date, .timestamp), (.add, .interval, .interval), (.subtract, .interval, .interval):
            return .interval
        case (.multiply, .interval, let n) where n.isNumeric, (.multiply, let n, .interval) where n.isNumeric,
             (.divide, .interval, let n) where n.isNumeric:
            return .interval
        default:
            return nil
        }
    }

    /// The type of `-x`, or nil when x is not a number or interval.
    public static func negation(_ type: SQLType) -> SQLType? {
        type.isNumeric || type == .interval || type == .any ? type : nil
    }

    /// Whether `=`, `<` etc. may compare the two (mirrors `ValueComparison.compare`).
    public static func comparable(_ l: SQLType, _ r: SQLType) -> Bool {
        if l == .any || r == .any || l == r { return true }
        if l.isNumeric && r.isNumeric { return true }
        switch (l, r) {
        case (.timestamp, .date), (.date, .timestamp), (.timestamp, .string), (.string, .timestamp),
             (.date, .string), (.string, .date), (.timestamp, .int), (.int, .timestamp),
             (.timestamp, .bigint), (.bigint, .timestamp):
            return true
        case let (.array(x), .array(y)), let (.map(x), .map(y)):
            return comparable(x, y)
        case let (.struct(x), .struct(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.name == $1.name && comparable($0.type, $1.type) }
        default:
            return false
        }
    }

    /// The type every one of `types` converts to (CASE branches, COALESCE, UNION ALL columns): INT with
    /// BIGINT → BIGINT, integers with DECIMAL → DECIMAL, any number with DOUBLE → DOUBLE, DATE with
    /// TIMESTAMP → TIMESTAMP, `.any` with T → T. Nil when two of them have nothing in common; `.any` for none.
    public static func commonType(_ types: [SQLType]) -> SQLType? {
        var result = SQLType.any
        for type in types {
            guard let merged = common(result, type) else { return nil }
            result = merged
        }
        return result
    }

    /// Whether `CAST(x AS to)` is allowed for an `x` of type `from` (mirrors `ValueCast.cast`; a value
    /// may still fail to convert at run time, which gives NULL and an expression error).
    public static func canCast(from: SQLType, to: SQLType) -> Bool {
        if from == to || from == .any || to == .any { return true }
        if to == .string { return true }
        switch (from, to) {
        case (.string, .boolean), (.string, .int), (.string, .bigint), (.string, .double), (.string, .decimal),
             (.string, .timestamp), (.string, .date), (.string, .interval):
            return true
        case (.boolean, let t) where t.isNumeric, (let t, .boolean) where t.isNumeric:
            return true
        case (let a, let b) where a.isNumeric && b.isNumeric:
            return true
        case (.timestamp, let t) where t.isNumeric, (let t, .timestamp) where t.isNumeric:
            return true
        case (.interval, let t) where t.isNumeric, (let t, .interval) where t.isNumeric:
            return true
        case (.date, .timestamp), (.timestamp, .date), (.int, .date), (.bigint, .date), (.date, .int),
             (.date, .bigint), (.date, .double):
            return true
        case let (.array(x), .array(y)), let (.map(x), .map(y)):
            return canCast(from: x, to: y)
        case let (.struct(fields), .map(value)):
            return fields.allSatisfy { canCast(from: $0.type, to: value) }
        case let (.map(value), .struct(fields)):
            return fields.allSatisfy { canCast(from: value, to: $0.type) }
        case let (.struct(source), .struct(target)):
            // By name; a target field the source lacks is NULL.
            return target.allSatisfy { field in
                source.first { $0.name == field.name }.map { canCast(from: $0.type, to: field.type) } ?? true
            }
        default:
            return false
        }
    }

    /// The type of a run-time value (literals, constant folding): integers are BIGINT, NULL is `.any`.
    public static func valueType(_ value: Value) -> SQLType {
        switch value {
        case .null: .any
        case .boolean: .boolean
        case .int: .bigint
        case .double: .double
        case .decimal(let x):
            .decimal(precision: min(SQLDecimal.maxDigits, max(ValueCast.digitCount(x.significand), x.scale, 1)), scale: x.scale)
        case .string: .string
        case .timestamp: .timestamp
        case .date: .date
        case .interval: .interval
        case .array(let items): .array(commonType(items.map(valueType)) ?? .any)
        case .map(let entries): .map(commonType(entries.map { valueType($0.value) }) ?? .any)
        case .struct(let entries): .struct(entries.map { SQLType.Field(name: $0.key, type: valueType($0.value)) })
        }
    }

    /// Precision and scale of a type as a DECIMAL (INT is DECIMAL(10, 0), BIGINT DECIMAL(19, 0)).
    public static func decimalShape(_ type: SQLType) -> (precision: Int, scale: Int)? {
        switch type {
        case .int: (10, 0)
        case .bigint: (19, 0)
        case .decimal(let precision, let scale): (precision, scale)
        default: nil
        }
    }

    // MARK: Helpers

    private static func isBooleanLike(_ type: SQLType) -> Bool {
        type == .boolean || type == .any
    }

    private static func numeric(_ op: ScalarExpr.BinaryOp, _ l: SQLType, _ r: SQLType) -> SQLType {
        if l == .double || r == .double { return .double }
        if l == .int && r == .int { return .int }
        guard let (p1, s1) = decimalShape(l), let (p2, s2) = decimalShape(r) else { return .double }
        if case .decimal = l {} else if case .decimal = r {} else { return .bigint }
        let maxDigits = SQLDecimal.maxDigits
        switch op {
        case .multiply:
            let scale = min(s1 + s2, maxDigits)
            return .decimal(precision: min(max(p1 + p2 + 1, scale), maxDigits), scale: scale)
        case .divide:
            return .decimal(precision: maxDigits, scale: min(max(SQLDecimal.divisionScale, s1, s2), maxDigits))
        case .modulo:
            let scale = max(s1, s2)
            return .decimal(precision: min(max(p1 - s1, p2 - s2) + scale, maxDigits), scale: scale)
        default:
            let scale = max(s1, s2)
            return .decimal(precision: min(max(p1 - s1, p2 - s2) + scale + 1, maxDigits), scale: scale)
        }
    }

    private static func common(_ a: SQLType, _ b: SQLType) -> SQLType? {
        if a == b { return a }
        switch (a, b) {
        case (.any, let t), (let t, .any):
            return t
        case (.double, let t) where t.isNumeric, (let t, .double) where t.isNumeric:
            return .double
        case (.int, .bigint), (.bigint, .int):
            return .bigint
        case (.timestamp, .date), (.date, .timestamp):
            return .timestamp
        case let (.array(x), .array(y)):
            return common(x, y).map(SQLType.array)
        case let (.map(x), .map(y)):
            return common(x, y).map(SQLType.map)
        case let (.struct(x), .struct(y)):
            guard x.count == y.count else { return nil }
            var fields: [SQLType.Field] = []
            for (left, right) in zip(x, y) {
                guard left.name == right.name, let type = common(left.type, right.type) else { return nil }
                fields.append(SQLType.Field(name: left.name, type: type))
            }
            return .struct(fields)
        default:
            guard let (p1, s1) = decimalShape(a), let (p2, s2) = decimalShape(b) else { return nil }
            let scale = max(s1, s2)
            return .decimal(precision: min(max(p1 - s1, p2 - s2) + scale, SQLDecimal.maxDigits), scale: scale)
        }
    }
}

// MARK: - LIKE

/// A compiled LIKE pattern: `%` matches any run of characters (including none), `_` exactly one, every
/// other character itself; case-sensitive; no ESCAPE. Characters are Unicode scalars (as LENGTH counts).
/// Matching is the two-pointer wildcard algorithm: it backtracks only to the last `%`, so it runs in
/// O(text × pattern) at worst, never exponentially.
public struct LikePattern: Sendable, Hashable {
    private enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case one
        case anyRun
    }

    public let pattern: String
    private let tokens: [Token]
    /// The whole pattern when it has no wildcards (plain equality).
    private let literal: String?

    public init(pattern: String) {
        self.pattern = pattern
        var tokens: [Token] = []
        for scalar in pattern.unicodeScalars {
            switch scalar {
            case "%":
                // `%%` means the same as `%`; collapsing keeps the backtracking simple.
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "_":
                tokens.append(.one)
            default:
                tokens.append(.literal(scalar))
            }
        }
        self.tokens = tokens
        self.literal = tokens.contains { $0 == .one || $0 == .anyRun } ? nil : pattern
    }

    public func matches(_ s: String) -> Bool {
        if let literal { return s.unicodeScalars.elementsEqual(literal.unicodeScalars) }
        let text = s.unicodeScalars
        var t = text.startIndex
        var p = 0
        // The last `%` seen and where in the text its run currently ends.
        var star: Int?
        var starText = t
        while t < text.endIndex {
            if p < tokens.count {
                switch tokens[p] {
                case .anyRun:
                    star = p
                    starText = t
                    p += 1
                    continue
                case .one:
                    p += 1
                    t = text.index(after: t)
                    continue
                case .literal(let scalar) where scalar == text[t]:
                    p += 1
                    t = text.index(after: t)
                    continue
                default:
                    break
                }
            }
            guard let star else { return false }
            // Let the last `%` swallow one more character and retry the rest of the pattern.
            p = star + 1
            starText = text.index(after: starText)
            t = starText
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }
}
