/// A query: `[WITH …] body [EMIT …] [ORDER BY …] [LIMIT n]`.
public struct Query: Sendable, Hashable {
    public var with: [CommonTableExpression] = []
    public var body: QueryBody
    /// Wherever EMIT was written (after HAVING or WINDOW, before ORDER BY, or last), it is one
    /// property of the whole query.
    public var emit: EmitMode?
    public var orderBy: [OrderItem] = []
    public var limit: Expr?
    /// EMIT was written after ORDER BY/LIMIT (printed back there; same meaning).
    @NotCompared public var emitLast = false
    @NotCompared public var span: SourceSpan = .none
}

public indirect enum QueryBody: Sendable, Hashable {
    case select(Select)
    case unionAll(QueryBody, QueryBody)
    /// A parenthesised query used as a UNION operand.
    case nested(Query)
}

public enum EmitMode: String, Sendable, Hashable {
    case changes = "CHANGES"
    case final = "FINAL"
}

public struct CommonTableExpression: Sendable, Hashable {
    public var name: String
    public var query: Query
    @NotCompared public var span: SourceSpan = .none
}

/// One `SELECT … FROM … WHERE … GROUP BY … WINDOW … HAVING …` block.
public struct Select: Sendable, Hashable {
    public var distinct: Bool = false
    public var items: [SelectItem]
    public var from: TableReference?
    public var `where`: Expr?
    public var groupBy: [Expr] = []
    public var window: WindowClause?
    public var having: Expr?
    /// The order the clauses after SELECT were written in (several are legal: HAVING before or after
    /// WINDOW, EMIT inside the SELECT); the printer keeps it. Empty means the canonical order.
    @NotCompared public var clauseOrder: [SelectClause] = []
    @NotCompared public var span: SourceSpan = .none
    @NotCompared public var itemsSpan: SourceSpan = .none
    /// Each item's source including its alias (`SelectItem.span` covers the expression only).
    @NotCompared public var itemSpans: [SourceSpan] = []
}

public enum SelectClause: Sendable, Hashable {
    case from, `where`, groupBy, window, having, emit
}

public enum SelectItem: Sendable, Hashable {
    /// `*` or `alias.*`.
    case wildcard(qualifier: String?, span: NotCompared<SourceSpan>)
    case expression(Expr, alias: String?)

    public var span: SourceSpan {
        switch self {
        case .wildcard(_, let span): span.wrappedValue
        case .expression(let expression, _): expression.span
        }
    }
}

/// What a FROM clause reads.
public indirect enum TableReference: Sendable, Hashable {
    case named(name: String, alias: String?, span: NotCompared<SourceSpan>)
    case subquery(Query, alias: String?, span: NotCompared<SourceSpan>)
    case join(Join)

    public var span: SourceSpan {
        switch self {
        case .named(_, _, let span), .subquery(_, _, let span): span.wrappedValue
        case .join(let join): join.left.span.through(join.span)
        }
    }
}

public struct Join: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case inner = "INNER"
        case left = "LEFT"
        case right = "RIGHT"
        case full = "FULL"
    }

    public var kind: Kind
    public var left: TableReference
    public var right: TableReference
    public var on: Expr?
    /// `WITHIN d` (before or after ON): the time bound of a stream–stream join.
    public var within: Expr?
    /// `WITHIN d GRACE PERIOD g`.
    public var grace: Expr?
    /// How it was written (printed back so; same meaning): `WITHIN` before `ON`, `OUTER`, `INNER`.
    @NotCompared public var withinBeforeOn = false
    @NotCompared public var outerWritten = false
    @NotCompared public var innerWritten = false
    /// From the JOIN keyword to the end of the join condition.
    @NotCompared public var span: SourceSpan = .none
}

/// `WINDOW TUMBLING(…) | HOPPING(…) | SLIDING(…) | SESSION(…) [GRACE PERIOD d]`.
public struct WindowClause: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case tumbling = "TUMBLING"
        case hopping = "HOPPING"
        /// A synonym of HOPPING, kept so the text prints back as written.
        case sliding = "SLIDING"
        case session = "SESSION"
    }

    public var kind: Kind
    /// The event-time column; nil means the record's timestamp (or the source's `timestamp` property).
    public var timeColumn: Expr?
    /// The window size (the gap for SESSION).
    public var size: Expr
    /// HOPPING/SLIDING only.
    public var advance: Expr?
    /// `GRACE PERIOD d`, written inside the parentheses or after them.
    public var grace: Expr?
    /// True when GRACE PERIOD was written inside the parentheses (printed back so).
    @NotCompared public var graceInside = false
    @NotCompared public var span: SourceSpan = .none
}
