// SQL semantics over `Value` (PRODUCT.md §3.2): a value that cannot be produced becomes NULL and the
// `EvaluationContext` counts an expression error; nothing here throws.

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
