/// Writes queries in canonical layout: one clause per line, in the order SELECT, FROM, JOIN…,
/// WHERE, GROUP BY, WINDOW, HAVING, EMIT, ORDER BY, LIMIT.
enum QueryPrinter {
    /// A query on one line, for subqueries inside expressions.
    static func inline(_ query: Query) -> String {
        var layout = Layout()
        print(query, into: &layout)
        return layout.flat
    }

    static func print(_ query: Query, into layout: inout Layout) {
        for (index, cte) in query.with.enumerated() {
            let head = "\(SQLText.identifier(cte.name)) AS ("
            if index == 0 {
                layout.add("WITH " + head, anchor: point(cte.span))
            } else {
                layout.append(", " + head)
            }
            layout.indented { print(cte.query, into: &$0) }
            layout.add(")")
        }
        // EMIT goes where it was written: inside a SELECT, after the body, or last.
        var emit = query.emit
        body(query.body, emit: &emit, into: &layout)
        let emitLast = query.emitLast && (!query.orderBy.isEmpty || query.limit != nil)
        if let pending = emit, !emitLast { layout.add("EMIT " + pending.rawValue) }
        if !query.orderBy.isEmpty {
            layout.add("ORDER BY " + ExpressionPrinter.orderItems(query.orderBy), anchor: cover(query.orderBy.map(\.expression.span)))
        }
        if let limit = query.limit { layout.add("LIMIT " + ExpressionPrinter.print(limit), anchor: limit.span) }
        if let pending = emit, emitLast { layout.add("EMIT " + pending.rawValue) }
    }

    /// Prints a query body; a SELECT that had the EMIT written inside it prints it and clears `emit`.
    private static func body(_ body: QueryBody, emit: inout EmitMode?, into layout: inout Layout) {
        switch body {
        case .select(let select):
            self.select(select, emit: &emit, into: &layout)
        case .unionAll(let left, let right):
            self.body(left, emit: &emit, into: &layout)
            layout.add("UNION ALL")
            self.body(right, emit: &emit, into: &layout)
        case .nested(let query):
            layout.add("(")
            layout.indented { print(query, into: &$0) }
            layout.add(")")
        }
    }

    /// The canonical clause order, used for trees built without one.
    static let canonicalOrder: [SelectClause] = [.from, .where, .groupBy, .window, .having]

    private static func select(_ select: Select, emit: inout EmitMode?, into layout: inout Layout) {
        let head = select.distinct ? "SELECT DISTINCT" : "SELECT"
        let items = select.items.map(item)
        let oneLine = head + " " + items.joined(separator: ", ")
        // From SELECT itself: a comment before the first item must also keep the list broken, or
        // the next run would join the list and move the comment above SELECT.
        let listSpan = select.span == .none ? select.itemsSpan : SourceSpan(start: select.span.start, end: select.itemsSpan.end)
        if oneLine.count <= Layout.width, !layout.hasComment(in: listSpan), !items.contains(where: { $0.contains("\n") }) {
            layout.add(oneLine, anchor: select.span.start == select.itemsSpan.start ? select.itemsSpan : SourceSpan(start: select.span.start, end: select.itemsSpan.end))
        } else {
            layout.add(head, anchor: point(select.span))
            layout.indented { layout in
                for (index, text) in items.enumerated() {
                    let span = index < select.itemSpans.count ? select.itemSpans[index] : select.items[index].span
                    layout.add(text + (index < items.count - 1 ? "," : ""), anchor: span)
                }
            }
        }
        var order = select.clauseOrder.isEmpty ? canonicalOrder : select.clauseOrder
        // Any clause the recorded order lacks (a tree edited after parsing) goes in canonical place.
        for clause in canonicalOrder where !order.contains(clause) { order.append(clause) }
        for clause in order {
            switch clause {
            case .from:
                if let from = select.from { tableReference(from, prefix: "FROM ", into: &layout) }
            case .where:
                if let condition = select.where { layout.add("WHERE " + ExpressionPrinter.print(condition), anchor: condition.span) }
            case .groupBy:
                if !select.groupBy.isEmpty {
                    layout.add("GROUP BY " + select.groupBy.map(ExpressionPrinter.print).joined(separator: ", "), anchor: cover(select.groupBy.map(\.span)))
                }
            case .window:
                if let window = select.window { layout.add(self.window(window), anchor: window.span) }
            case .having:
                if let having = select.having { layout.add("HAVING " + ExpressionPrinter.print(having), anchor: having.span) }
            case .emit:
                if let mode = emit {
                    layout.add("EMIT " + mode.rawValue)
                    emit = nil
                }
            }
        }
    }

    private static func item(_ item: SelectItem) -> String {
        switch item {
        case .wildcard(let qualifier, _):
            qualifier.map { SQLText.identifier($0) + ".*" } ?? "*"
        case .expression(let expression, let alias):
            ExpressionPrinter.print(expression) + (alias.map { " AS " + SQLText.identifier($0) } ?? "")
        }
    }

    /// `FROM a AS x` then one line per join.
    private static func tableReference(_ reference: TableReference, prefix: String, into layout: inout Layout) {
        switch reference {
        case .named(let name, let alias, let span):
            layout.add(prefix + SQLText.identifier(name) + aliasText(alias), anchor: span.wrappedValue)
        case .subquery(let query, let alias, let span):
            layout.add(prefix + "(", anchor: point(span.wrappedValue))
            layout.indented { print(query, into: &$0) }
            layout.add(")" + aliasText(alias))
        case .join(let join):
            tableReference(join.left, prefix: prefix, into: &layout)
            let keyword = switch join.kind {
            case .inner: join.innerWritten ? "INNER JOIN " : "JOIN "
            default: join.kind.rawValue + (join.outerWritten ? " OUTER JOIN " : " JOIN ")
            }
            let firstLine = layout.lines.count
            tableReference(join.right, prefix: keyword, into: &layout)
            if firstLine < layout.lines.count { layout.lines[firstLine].anchor = join.span == .none ? nil : join.span }
            var within = ""
            if let bound = join.within {
                within = " WITHIN " + ExpressionPrinter.print(bound)
                if let grace = join.grace { within += " GRACE PERIOD " + ExpressionPrinter.print(grace) }
            }
            let on = join.on.map { " ON " + ExpressionPrinter.print($0) } ?? ""
            layout.append(join.withinBeforeOn ? within + on : on + within)
        }
    }

    private static func aliasText(_ alias: String?) -> String {
        alias.map { " AS " + SQLText.identifier($0) } ?? ""
    }

    static func window(_ window: WindowClause) -> String {
        var arguments: [Expr] = []
        if let column = window.timeColumn { arguments.append(column) }
        arguments.append(window.size)
        if let advance = window.advance { arguments.append(advance) }
        var parts = arguments.map(ExpressionPrinter.print)
        let grace = window.grace.map { "GRACE PERIOD " + ExpressionPrinter.print($0) }
        if let grace, window.graceInside { parts.append(grace) }
        var text = "WINDOW \(window.kind.rawValue)(" + parts.joined(separator: ", ") + ")"
        if let grace, !window.graceInside { text += " " + grace }
        return text
    }

    /// A zero-width anchor at the start of `span`.
    static func point(_ span: SourceSpan) -> SourceSpan {
        SourceSpan(start: span.start, end: span.start)
    }

    static func cover(_ spans: [SourceSpan]) -> SourceSpan? {
        guard let first = spans.first, let last = spans.last, first != .none else { return nil }
        return first.through(last)
    }
}
