extension Parser {
    /// `query = [ "WITH" cte { "," cte } ] query_body { "EMIT" … | "ORDER" "BY" … | "LIMIT" n }`.
    /// EMIT may sit inside the SELECT (after WINDOW or HAVING), before ORDER BY, or last.
    mutating func parseQuery() throws(SyntaxError) -> Query {
        try enter()
        defer { leave() }
        let start = current.span.start
        var ctes: [CommonTableExpression] = []
        if acceptKeyword("WITH") {
            repeat {
                let cteStart = current.span.start
                let name = try parseIdentifier("a name for the WITH query")
                try expectKeyword("AS")
                let open = try expectSymbol("(")
                let query = try parseQuery()
                try expectClosing(open)
                ctes.append(CommonTableExpression(name: name, query: query, span: span(from: cteStart)))
            } while acceptSymbol(",")
        }
        var emits: [(EmitMode, SourceSpan)] = []
        let body = try parseQueryBody(emits: &emits)
        var query = Query(with: ctes, body: body)
        var orderSeen: SourceSpan?
        var limitSeen: SourceSpan?
        while true {
            let clauseStart = current.span.start
            if isKeyword("EMIT") {
                emits.append((try parseEmit(), span(from: clauseStart)))
                query.emitLast = orderSeen != nil || limitSeen != nil
            } else if isKeyword("ORDER") {
                if let orderSeen { throw SyntaxError("duplicate ORDER BY clause (the first is at \(orderSeen.start))", at: current.span) }
                if limitSeen != nil { throw clauseOrderError("ORDER BY", before: "LIMIT") }
                advance()
                try expectKeyword("BY")
                query.orderBy = try parseOrderItems()
                orderSeen = span(from: clauseStart)
            } else if isKeyword("LIMIT") {
                if let limitSeen { throw SyntaxError("duplicate LIMIT clause (the first is at \(limitSeen.start))", at: current.span) }
                advance()
                guard case .integer = current.kind else { throw unexpected("a row count") }
                query.limit = try parseExpression(Precedence.atom)
                limitSeen = span(from: clauseStart)
            } else {
                note("EMIT")
                note("ORDER BY")
                note("LIMIT")
                break
            }
        }
        if let misplaced = selectClauseName(current), orderSeen != nil || limitSeen != nil {
            throw clauseOrderError(misplaced, before: orderSeen != nil ? "ORDER BY" : "LIMIT")
        }
        if emits.count > 1 {
            throw SyntaxError("EMIT is written twice (first at \(emits[0].1.start))", at: emits[1].1, hint: "a query has one EMIT; for UNION ALL write it once, after the last SELECT")
        }
        query.emit = emits.first?.0
        query.span = span(from: start)
        return query
    }

    /// `query_body = query_term { "UNION" "ALL" query_term }`.
    private mutating func parseQueryBody(emits: inout [(EmitMode, SourceSpan)]) throws(SyntaxError) -> QueryBody {
        var body = try parseQueryTerm(emits: &emits)
        while isKeyword("UNION") {
            let union = current
            advance()
            guard acceptKeyword("ALL") else {
                var error = unexpected()
                error.message = "only UNION ALL is supported, found UNION \(current.description)"
                error.span = union.span.through(current.span)
                error.hint = "a stream has no end to remove duplicates against: write UNION ALL (and SELECT DISTINCT if you need it)"
                throw error
            }
            body = .unionAll(body, try parseQueryTerm(emits: &emits))
        }
        note("UNION ALL")
        return body
    }

    /// `query_term = select | "(" query ")"`.
    private mutating func parseQueryTerm(emits: inout [(EmitMode, SourceSpan)]) throws(SyntaxError) -> QueryBody {
        if isSymbol("(") {
            let open = current
            advance()
            let inner = try parseQuery()
            try expectClosing(open)
            return .nested(inner)
        }
        return .select(try parseSelect(emits: &emits))
    }

    private enum OrderedClause: Int, Comparable {
        case from, `where`, groupBy, having

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

        var name: String {
            switch self {
            case .from: "FROM"
            case .where: "WHERE"
            case .groupBy: "GROUP BY"
            case .having: "HAVING"
            }
        }
    }

    /// `select = "SELECT" [ "DISTINCT" ] select_item { "," select_item } [ "FROM" from ] [ "WHERE" e ]
    /// [ "GROUP" "BY" e { "," e } ] [ window ] [ "HAVING" e ] [ emit ]`; WINDOW and EMIT may also sit
    /// before HAVING. Clauses out of order get their own message.
    private mutating func parseSelect(emits: inout [(EmitMode, SourceSpan)]) throws(SyntaxError) -> Select {
        let start = current.span.start
        if !isKeyword("SELECT"), let clause = selectClauseName(current) ?? (isKeyword("FROM") ? "FROM" : nil) {
            throw SyntaxError("a query starts with SELECT, found \(clause)", at: current.span, hint: "write SELECT … FROM … \(clause == "FROM" ? "" : clause + " …")")
        }
        try expectKeyword("SELECT")
        var select = Select(items: [])
        select.distinct = acceptKeyword("DISTINCT")
        if !select.distinct { _ = acceptKeyword("ALL") }
        let itemsStart = current.span.start
        repeat {
            let itemStart = current.span.start
            select.items.append(try parseSelectItem())
            select.itemSpans.append(span(from: itemStart))
        } while acceptSymbol(",")
        select.itemsSpan = span(from: itemsStart)

        var seen: [OrderedClause: SourceLocation] = [:]
        var windowSeen: SourceLocation?
        while true {
            let clauseStart = current.span.start
            let clause: OrderedClause
            if isKeyword("FROM") {
                clause = .from
            } else if isKeyword("WHERE") {
                clause = .where
            } else if isKeyword("GROUP") {
                clause = .groupBy
            } else if isKeyword("HAVING") {
                clause = .having
            } else if isKeyword("WINDOW") {
                if let windowSeen { throw SyntaxError("duplicate WINDOW clause (the first is at \(windowSeen))", at: current.span) }
                if seen[.groupBy] == nil, seen[.from] == nil { throw SyntaxError("WINDOW needs a FROM clause before it", at: current.span) }
                windowSeen = clauseStart
                select.window = try parseWindowClause()
                select.clauseOrder.append(.window)
                continue
            } else if isKeyword("EMIT") {
                emits.append((try parseEmit(), span(from: clauseStart)))
                select.clauseOrder.append(.emit)
                continue
            } else {
                // Only what may still come: not a clause already written, nor one it must precede.
                let latest = seen.keys.max()
                for (word, clause) in [("FROM", OrderedClause.from), ("WHERE", .where), ("GROUP BY", .groupBy)] where seen[clause] == nil && (latest ?? .from) <= clause {
                    note(word)
                }
                if windowSeen == nil { note("WINDOW") }
                if seen[.having] == nil { note("HAVING") }
                if !select.clauseOrder.contains(.emit) { note("EMIT") }
                break
            }
            if let first = seen[clause] {
                throw SyntaxError("duplicate \(clause.name) clause (the first is at \(first))", at: current.span)
            }
            if let later = seen.keys.filter({ $0 > clause }).max() {
                throw SyntaxError("\(clause.name) must come before \(later.name)", at: current.span, hint: "clauses go in the order SELECT, FROM, WHERE, GROUP BY, WINDOW, HAVING, EMIT, ORDER BY, LIMIT")
            }
            // EMIT may come before HAVING (and WINDOW), not before the clauses that feed the groups.
            if clause != .having, select.clauseOrder.contains(.emit) {
                throw SyntaxError("\(clause.name) must come before EMIT", at: current.span, hint: "clauses go in the order SELECT, FROM, WHERE, GROUP BY, WINDOW, HAVING, EMIT, ORDER BY, LIMIT")
            }
            seen[clause] = clauseStart
            advance()
            switch clause {
            case .from:
                select.from = try parseTableReference()
                select.clauseOrder.append(.from)
            case .where:
                select.where = try parseExpression()
                select.clauseOrder.append(.where)
            case .groupBy:
                try expectKeyword("BY")
                select.groupBy = try parseExpressionList()
                select.clauseOrder.append(.groupBy)
            case .having:
                select.having = try parseExpression()
                select.clauseOrder.append(.having)
            }
        }
        select.span = span(from: start)
        return select
    }

    /// The name of a SELECT-level clause starting at `token`, for order errors.
    private func selectClauseName(_ token: Token) -> String? {
        switch token.kind {
        case .keyword("WHERE"): "WHERE"
        case .keyword("GROUP"): "GROUP BY"
        case .keyword("HAVING"): "HAVING"
        case .keyword("WINDOW"): "WINDOW"
        default: nil
        }
    }

    private func clauseOrderError(_ clause: String, before later: String) -> SyntaxError {
        SyntaxError("\(clause) must come before \(later)", at: current.span, hint: "clauses go in the order SELECT, FROM, WHERE, GROUP BY, WINDOW, HAVING, EMIT, ORDER BY, LIMIT")
    }

    /// `emit = "EMIT" ( "CHANGES" | "FINAL" )`.
    private mutating func parseEmit() throws(SyntaxError) -> EmitMode {
        try expectKeyword("EMIT")
        if acceptKeyword("CHANGES") { return .changes }
        if acceptKeyword("FINAL") { return .final }
        throw unexpected()
    }

    /// `select_item = "*" | name "." "*" | expression [ [ "AS" ] alias ]`.
    private mutating func parseSelectItem() throws(SyntaxError) -> SelectItem {
        let start = current.span.start
        if acceptSymbol("*") {
            return .wildcard(qualifier: nil, span: NotCompared(wrappedValue: span(from: start)))
        }
        if isIdentifier(), isSymbol(".", at: peek()), isSymbol("*", at: peek(2)) {
            let qualifier = try parseIdentifier()
            advance()
            advance()
            return .wildcard(qualifier: qualifier, span: NotCompared(wrappedValue: span(from: start)))
        }
        let expression = try parseExpression()
        return .expression(expression, alias: try parseAlias())
    }

    /// `[ "AS" ] alias`. Without AS a word is an alias only when what follows it may end the item, so
    /// `SELECT a FORM t` reports FORM instead of treating it as a name for `a`.
    mutating func parseAlias() throws(SyntaxError) -> String? {
        if acceptKeyword("AS") { return try parseIdentifier("an alias") }
        guard isIdentifier(), !isKeyword("EMIT"), !isKeyword("GRACE"), canEndAlias(peek()) else { return nil }
        return try parseIdentifier()
    }

    private func canEndAlias(_ token: Token) -> Bool {
        switch token.kind {
        case .endOfInput, .symbol(","), .symbol(")"), .symbol(";"): true
        case .keyword(let word):
            ["FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "UNION", "JOIN", "INNER", "LEFT",
             "RIGHT", "FULL", "ON", "WITHIN", "WITH", "EMIT"].contains(word)
        default: false
        }
    }

    // MARK: - FROM

    /// `from = table_primary { join }`.
    private mutating func parseTableReference() throws(SyntaxError) -> TableReference {
        var left = try parseTablePrimary()
        while true {
            let start = current.span.start
            guard let kind = try parseJoinKind() else { break }
            let right = try parseTablePrimary()
            var join = Join(kind: kind.kind, left: left, right: right)
            join.outerWritten = kind.outer
            join.innerWritten = kind.inner
            try parseWithin(into: &join)
            join.withinBeforeOn = join.within != nil
            if acceptKeyword("ON") {
                join.on = try parseExpression()
            } else {
                throw unexpected()
            }
            try parseWithin(into: &join)
            join.span = span(from: start)
            left = .join(join)
        }
        return left
    }

    /// `WITHIN d [GRACE PERIOD g]`, before or after ON (once).
    private mutating func parseWithin(into join: inout Join) throws(SyntaxError) {
        guard isKeyword("WITHIN") else {
            note("WITHIN")
            return
        }
        if join.within != nil { throw SyntaxError("duplicate WITHIN in one join", at: current.span) }
        advance()
        join.within = try parseExpression(Precedence.predicate)
        if acceptKeyword("GRACE") {
            try expectKeyword("PERIOD")
            join.grace = try parseExpression(Precedence.predicate)
        }
    }

    /// `[ "INNER" | "LEFT" [ "OUTER" ] | "RIGHT" [ "OUTER" ] | "FULL" [ "OUTER" ] ] "JOIN"`.
    private mutating func parseJoinKind() throws(SyntaxError) -> (kind: Join.Kind, outer: Bool, inner: Bool)? {
        let kind: Join.Kind
        switch current.kind {
        case .keyword("JOIN"): advance(); return (.inner, false, false)
        case .keyword("INNER"): kind = .inner
        case .keyword("LEFT"): kind = .left
        case .keyword("RIGHT"): kind = .right
        case .keyword("FULL"): kind = .full
        default:
            for word in ["JOIN", "INNER JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"] { note(word) }
            return nil
        }
        advance()
        let outer = kind != .inner && acceptKeyword("OUTER")
        try expectKeyword("JOIN")
        return (kind, outer, kind == .inner)
    }

    /// `table_primary = name [ [ "AS" ] alias ] | "(" query ")" [ "AS" ] alias`.
    private mutating func parseTablePrimary() throws(SyntaxError) -> TableReference {
        let start = current.span.start
        if isSymbol("(") {
            let open = current
            advance()
            let query = try parseQuery()
            try expectClosing(open)
            let alias = try parseAlias()
            return .subquery(query, alias: alias, span: NotCompared(wrappedValue: span(from: start)))
        }
        let name = try parseIdentifier("a stream, table or topic name")
        let alias = try parseAlias()
        return .named(name: name, alias: alias, span: NotCompared(wrappedValue: span(from: start)))
    }

    // MARK: - WINDOW

    /// `window = "WINDOW" kind "(" [ time_column "," ] size [ "," advance ] [ "," "GRACE" "PERIOD" d ] ")"
    /// [ "GRACE" "PERIOD" d ]`.
    private mutating func parseWindowClause() throws(SyntaxError) -> WindowClause {
        let start = current.span.start
        try expectKeyword("WINDOW")
        let kindToken = current
        let kind: WindowClause.Kind
        switch current.kind {
        case .keyword("TUMBLING"): kind = .tumbling
        case .keyword("HOPPING"): kind = .hopping
        case .keyword("SLIDING"): kind = .sliding
        case .keyword("SESSION"): kind = .session
        default:
            for word in ["TUMBLING", "HOPPING", "SLIDING", "SESSION"] { note(word) }
            throw unexpected()
        }
        advance()
        let open = try expectSymbol("(")
        var arguments: [Expr] = []
        var grace: Expr?
        var graceInside = false
        repeat {
            if acceptKeyword("GRACE") {
                try expectKeyword("PERIOD")
                grace = try parseExpression()
                graceInside = true
                break
            }
            arguments.append(try parseExpression())
        } while acceptSymbol(",")
        try expectClosing(open)
        if acceptKeyword("GRACE") {
            if grace != nil { throw SyntaxError("GRACE PERIOD is written twice", at: tokens[position - 1].span) }
            try expectKeyword("PERIOD")
            grace = try parseExpression(Precedence.predicate)
        }
        let shapes: (short: Int, long: Int, usage: String) = switch kind {
        case .tumbling: (1, 2, "TUMBLING(size) or TUMBLING(time_column, size)")
        case .hopping, .sliding: (2, 3, "\(kind.rawValue)(size, advance) or \(kind.rawValue)(time_column, size, advance)")
        case .session: (1, 2, "SESSION(gap) or SESSION(time_column, gap)")
        }
        guard arguments.count == shapes.short || arguments.count == shapes.long else {
            throw SyntaxError(
                "\(kind.rawValue) takes \(shapes.short) or \(shapes.long) arguments, found \(arguments.count)",
                at: kindToken.span.through(tokens[position - 1].span), hint: "write \(shapes.usage)")
        }
        let timeColumn = arguments.count == shapes.long ? arguments.removeFirst() : nil
        let size = arguments.removeFirst()
        return WindowClause(kind: kind, timeColumn: timeColumn, size: size, advance: arguments.first, grace: grace, graceInside: graceInside, span: span(from: start))
    }
}
