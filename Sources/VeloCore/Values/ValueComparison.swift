// SQL semantics over `Value` (PRODUCT.md §3.2): a value that cannot be produced becomes NULL and the
// `EvaluationContext` counts an expression error; nothing here throws.

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
            return order(x, Int64(y) * ISOTime.millisecondsPerDay)
        case let (.date(x), .timestamp(y)):
            return order(Int64(x) * ISOTime.millisecondsPerDay, y)
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
