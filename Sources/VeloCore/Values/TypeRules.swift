// SQL semantics over `Value` (PRODUCT.md §3.2): a value that cannot be produced becomes NULL and the
// `EvaluationContext` counts an expression error; nothing here throws.

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
