/// What the planner knows of a function: its arity and the type of its result for given argument
/// types. Implementations live in the runtime (`VeloRuntime/Functions`), matched by name.
public struct FunctionSignature: Sendable {
    public enum Kind: Sendable {
        /// One row in, one value out.
        case scalar
        /// Over the rows of a group (COUNT, SUM, …): allowed in SELECT/HAVING of a GROUP BY query.
        case aggregate
        /// Over a window of rows (LAG, LEAD, ROW_NUMBER, and aggregates with OVER).
        case analytic
    }

    /// Canonical upper-case name.
    public var name: String
    public var kind: Kind
    public var arity: ClosedRange<Int>
    /// The result type for these argument types, or a message saying which argument is wrong and why.
    public var resultType: @Sendable ([SQLType]) -> Result<SQLType, TypeMismatch>
    /// One line for `SHOW FUNCTIONS` and docs.
    public var summary: String

    public init(name: String, kind: Kind = .scalar, arity: ClosedRange<Int>, summary: String,
                resultType: @escaping @Sendable ([SQLType]) -> Result<SQLType, TypeMismatch>) {
        self.name = name
        self.kind = kind
        self.arity = arity
        self.summary = summary
        self.resultType = resultType
    }
}

/// An argument of the wrong type: which one (0-based), what was expected, what was given.
public struct TypeMismatch: Error, Sendable, Hashable {
    public var argument: Int
    public var expected: String
    public var found: SQLType

    public init(argument: Int, expected: String, found: SQLType) {
        self.argument = argument
        self.expected = expected
        self.found = found
    }
}
