/// A scalar expression, with the source it was read from.
public struct Expr: Sendable, Hashable {
    public var kind: Kind
    @NotCompared public var span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan = .none) {
        self.kind = kind
        self.span = span
    }

    public indirect enum Kind: Sendable, Hashable {
        case literal(Literal)
        /// `price`, `o.price`, `o.address.city`: a name with its qualifiers, case as written.
        case column([String])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case isNull(Expr, negated: Bool)
        case inList(Expr, [Expr], negated: Bool)
        case inSubquery(Expr, Query, negated: Bool)
        case between(Expr, low: Expr, high: Expr, negated: Bool)
        case like(Expr, pattern: Expr, negated: Bool)
        case exists(Query)
        case subquery(Query)
        /// `CASE [operand] WHEN … THEN … [ELSE …] END`; a simple CASE has an operand.
        case `case`(operand: Expr?, branches: [CaseBranch], otherwise: Expr?)
        case cast(Expr, DataType)
        case function(FunctionCall)
        /// `EXTRACT(HOUR FROM ts)`.
        case extract(field: String, from: Expr)
        /// `ARRAY[1, 2]`.
        case array([Expr])
        /// `items[1]`, `tags['env']`.
        case `subscript`(Expr, index: Expr)
    }
}

public struct CaseBranch: Sendable, Hashable {
    public var condition: Expr
    public var result: Expr
}

public enum UnaryOperator: String, Sendable, Hashable {
    case not = "NOT"
    case minus = "-"
    case plus = "+"
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "OR"
    case and = "AND"
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case concat = "||"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
}

/// `name(args)` with the aggregate and analytic extras: `COUNT(*)`, `COUNT(DISTINCT x)`,
/// `SUM(x) FILTER (WHERE …)`, `f(…) OVER (…)`. Names keep their case; matching is the planner's.
public struct FunctionCall: Sendable, Hashable {
    public var name: String
    public var arguments: [Expr]
    public var distinct: Bool = false
    /// `COUNT(*)`.
    public var star: Bool = false
    public var filter: Expr?
    public var over: WindowSpecification?
    /// `POSITION(sub IN s)` was written with IN (printed back so; same as `POSITION(sub, s)`).
    @NotCompared public var inSyntax = false
}

/// `OVER (PARTITION BY … ORDER BY … frame)`.
public struct WindowSpecification: Sendable, Hashable {
    public var partitionBy: [Expr]
    public var orderBy: [OrderItem]
    public var frame: Frame?

    public init(partitionBy: [Expr] = [], orderBy: [OrderItem] = [], frame: Frame? = nil) {
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }

    public struct Frame: Sendable, Hashable {
        public enum Unit: String, Sendable, Hashable {
            case rows = "ROWS"
            case range = "RANGE"
        }

        public var unit: Unit
        public var start: Bound
        /// Nil for the short form `ROWS n PRECEDING` (which ends at the current row).
        public var end: Bound?

        public init(unit: Unit, start: Bound, end: Bound?) {
            self.unit = unit
            self.start = start
            self.end = end
        }
    }

    public enum Bound: Sendable, Hashable {
        case unboundedPreceding
        case preceding(Expr)
        case currentRow
        case following(Expr)
        case unboundedFollowing
    }
}

public struct OrderItem: Sendable, Hashable {
    public var expression: Expr
    public var descending: Bool

    public init(expression: Expr, descending: Bool = false) {
        self.expression = expression
        self.descending = descending
    }
}
