import VeloCore
import VeloSQL

/// Plans one query into operator nodes: source → filter → [aggregate → having | analytic] → project →
/// distinct → limit, UNION ALL of such chains, CTEs and FROM subqueries inlined. Joins and ORDER BY
/// are named as not yet supported, with the position.
struct QueryPlanner {
    let catalog: Catalog
    var builder: GraphBuilder
    /// The WITH list of the job's statement (Rust-Velostream source keys and the `errors` fallback).
    let jobProperties: [Property]
    let jobName: String
    /// The error policy of a source that names none (the server's `jobs.errors`); nil = dlq.
    var defaultErrors: String?
    /// Transient queries may read a table (the server answers them as pull queries over its
    /// current rows); jobs may not yet.
    var allowsTableReads = false
    private var ctes: [String: Query] = [:]
    /// The EMIT of the query being planned, and whether a GROUP BY in it took it.
    private var emitMode: EmitMode?
    private var emitUsed = false
    /// Topics read, for the "a sink that is also its own source" check.
    private(set) var sourceTopics: [(topic: String, span: SourceSpan)] = []

    init(catalog: Catalog, builder: GraphBuilder, jobProperties: [Property], jobName: String) {
        self.catalog = catalog
        self.builder = builder
        self.jobProperties = jobProperties
        self.jobName = jobName
    }

    /// Plans `query`; returns the id of its last node.
    mutating func plan(_ query: Query) throws(SyntaxError) -> Int {
        let saved = ctes
        defer { ctes = saved }
        for cte in query.with { ctes[cte.name] = cte.query }
        if !query.orderBy.isEmpty {
            throw SyntaxError("ORDER BY on an unbounded stream never finishes sorting", at: query.orderBy[0].expression.span,
                              hint: "ORDER BY arrives with windows (sorting each window's rows)")
        }
        let savedEmit = (emitMode, emitUsed)
        defer { (emitMode, emitUsed) = savedEmit }
        emitMode = query.emit
        emitUsed = false
        var node = try planBody(query.body, span: query.span)
        if query.emit == .final, !emitUsed {
            throw SyntaxError("EMIT FINAL needs a WINDOW or GROUP BY: a stateless query emits each row as it comes", at: query.span,
                              hint: "remove EMIT FINAL, or write EMIT CHANGES")
        }
        if let limit = query.limit {
            guard case .literal(.integer(let text)) = limit.kind, let count = Int(text), count >= 0 else {
                throw SyntaxError("LIMIT takes a whole number of rows", at: limit.span)
            }
            node = builder.add(.limit(count), inputs: [node], schema: builder.schema(of: node), label: "limit \(count)")
        }
        return node
    }

    private mutating func planBody(_ body: QueryBody, span: SourceSpan) throws(SyntaxError) -> Int {
        switch body {
        case .select(let select):
            return try planSelect(select)
        case .nested(let query):
            return try plan(query)
        case .unionAll:
            var branches: [Int] = []
            try collectUnion(body, into: &branches)
            let schemas = branches.map { builder.schema(of: $0) }
            let first = schemas[0]
            var columns = first.columns
            for (index, schema) in schemas.enumerated().dropFirst() {
                guard schema.columns.count == first.columns.count else {
                    throw SyntaxError("UNION ALL branches have \(first.columns.count) and \(schema.columns.count) columns", at: span,
                                      hint: "every branch selects the same number of columns (branch \(index + 1) differs)")
                }
                for (position, column) in schema.columns.enumerated() {
                    guard let common = TypeRules.commonType([columns[position].type, column.type]) else {
                        throw SyntaxError("UNION ALL column \(position + 1) ('\(columns[position].name)') is \(columns[position].type) in one branch and \(column.type) in another",
                                          at: span, hint: "CAST it to one type in every branch")
                    }
                    columns[position].type = common
                }
            }
            return builder.add(.union, inputs: branches, schema: Schema(columns), label: "union all")
        }
    }

    private mutating func collectUnion(_ body: QueryBody, into branches: inout [Int]) throws(SyntaxError) {
        switch body {
        case .unionAll(let left, let right):
            try collectUnion(left, into: &branches)
            try collectUnion(right, into: &branches)
        case .select(let select):
            branches.append(try planSelect(select))
        case .nested(let query):
            branches.append(try plan(query))
        }
    }

    // MARK: - SELECT

    private mutating func planSelect(_ select: Select) throws(SyntaxError) -> Int {
        guard let from = select.from else {
            throw SyntaxError("a streaming query reads FROM a stream, table or topic", at: select.span, hint: "add FROM <stream>")
        }
        var (node, scope, sourceNode) = try planFrom(from)

        if let condition = select.where {
            let binder = ExpressionBinder(scope: scope, clause: "WHERE")
            let bound = try binder.bind(condition)
            guard bound.type == .boolean || bound.type == .any else {
                throw SyntaxError("WHERE needs a BOOLEAN condition, found \(bound.type)", at: condition.span, hint: "compare it, e.g. x > 0")
            }
            node = builder.add(.filter(bound.expression), inputs: [node], schema: builder.schema(of: node),
                               label: "filter \(SQLPrinter.print(condition))")
        }

        let aggregated = !select.groupBy.isEmpty || select.window != nil || select.having != nil
            || select.items.contains { if case .expression(let expression, _) = $0 { expression.containsAggregate } else { false } }
        if aggregated {
            node = try planAggregate(select, input: node, scope: scope, sourceNode: sourceNode)
        } else {
            let analytic = select.items.contains { if case .expression(let expression, _) = $0 { expression.containsAnalytic } else { false } }
            let rewriter = analytic ? AnalyticRewriter(inputScope: scope) : nil
            var (expressions, columns, texts) = try bindItems(select.items, binder: ExpressionBinder(scope: scope, clause: "SELECT", rewriter: rewriter),
                                                               scope: scope, grouped: false)
            closeOpenSource(sourceNode, &scope)
            if let rewriter, let partitionBy = rewriter.partitionBy {
                // Calls were bound to provisional columns while a schema-less source could still grow.
                var analyticColumns = builder.schema(of: sourceNode ?? node).columns
                let width = analyticColumns.count
                expressions = expressions.map { $0.mappingColumns { $0 < 0 ? width + (-1 - $0) : $0 } }
                for (index, call) in rewriter.calls.enumerated() { analyticColumns.append(Schema.Column(name: "_over\(index)", type: call.resultType)) }
                let spec = AnalyticSpec(partitionBy: partitionBy, functions: rewriter.calls)
                node = builder.add(.analytic(spec), inputs: [node], schema: Schema(analyticColumns),
                                   label: "analytic " + rewriter.calls.map { $0.function.rawValue }.joined(separator: ", ")
                                       + (partitionBy.isEmpty ? "" : " partition by \(partitionBy.count) key\(partitionBy.count == 1 ? "" : "s")"))
            }
            node = builder.add(.project(expressions), inputs: [node], schema: Schema(columns), label: "project " + texts.joined(separator: ", "))
        }
        if select.distinct {
            node = builder.add(.distinct, inputs: [node], schema: builder.schema(of: node), label: "distinct")
        }
        return node
    }

    /// GROUP BY (with or without a window): aggregate → HAVING filter → SELECT projection.
    private mutating func planAggregate(_ select: Select, input: Int, scope: Scope, sourceNode: Int?) throws(SyntaxError) -> Int {
        var scope = scope
        let keyBinder = ExpressionBinder(scope: scope, clause: "GROUP BY")
        var keys: [AggregationRewriter.Key] = []
        for expression in select.groupBy {
            let bound = try keyBinder.bind(expression)
            let name = Self.outputName(expression)
            if keys.contains(where: { $0.expression == expression }) { continue }
            keys.append(AggregationRewriter.Key(expression: expression, bound: bound, name: name))
        }
        var window = try select.window.map { (clause) throws(SyntaxError) in
            try WindowPlanner.plan(clause, binder: ExpressionBinder(scope: scope, clause: "WINDOW"))
        }
        let rewriter = AggregationRewriter(keys: keys, windowed: window != nil, inputScope: scope)
        var having: ScalarExpr?
        if let condition = select.having {
            let bound = try ExpressionBinder(scope: scope, clause: "HAVING", rewriter: rewriter).bind(condition)
            guard bound.type == .boolean || bound.type == .any else {
                throw SyntaxError("HAVING needs a BOOLEAN condition, found \(bound.type)", at: condition.span, hint: "compare it, e.g. COUNT(*) > 1")
            }
            having = bound.expression
        }
        let (expressions, columns, texts) = try bindItems(select.items, binder: ExpressionBinder(scope: scope, clause: "SELECT", rewriter: rewriter),
                                                          scope: scope, grouped: true)
        // The window's time column is the source's event time when the source names none: then the
        // watermark follows the same clock the windows use.
        if var spec = window, case .column(let index)? = spec.time, let sourceNode,
           case .source(let source) = builder.nodes[sourceNode].operation {
            if source.timestampColumn == index {
                spec.time = nil
            } else if source.timestampColumn == nil {
                if let open = scope.openSource, index < open.fields.count { open.fields[index].type = .timestamp }
                builder.updateSource(sourceNode) { spec, _ in spec.timestampColumn = index }
                spec.time = nil
            }
            window = spec
        }
        closeOpenSource(sourceNode, &scope)
        emitUsed = true
        let emit: EmitPolicy = switch emitMode {
        case .final?: .final
        case .changes?: .changes
        case nil: window == nil ? .changes : .final
        }
        let spec = AggregateSpec(keys: keys.map(\.bound.expression), aggregates: rewriter.calls, window: window, emit: emit)
        var node = builder.add(.aggregate(spec), inputs: [input], schema: Schema(rewriter.outputColumns), label: Self.label(spec, keys: keys, select: select))
        if let having, let condition = select.having {
            node = builder.add(.filter(having), inputs: [node], schema: builder.schema(of: node), label: "having \(SQLPrinter.print(condition))")
        }
        return builder.add(.project(expressions), inputs: [node], schema: Schema(columns), label: "project " + texts.joined(separator: ", "))
    }

    private static func label(_ spec: AggregateSpec, keys: [AggregationRewriter.Key], select: Select) -> String {
        var text = "aggregate"
        if !keys.isEmpty { text += " by " + keys.map(\.name).joined(separator: ", ") }
        if let window = select.window {
            text += " window " + window.kind.rawValue.lowercased() + " \(spec.window?.sizeMs ?? 0)ms"
            if let spec = spec.window, spec.kind == .hopping { text += " every \(spec.advanceMs)ms" }
            if let grace = spec.window?.graceMs, grace > 0 { text += " grace \(grace)ms" }
        }
        text += " emit \(spec.emit.rawValue): " + spec.aggregates.map { call in
            call.function == .countRows ? "COUNT(*)" : call.function.rawValue + (call.distinct && call.function != .countDistinct ? "(DISTINCT)" : "")
                + (call.filter == nil ? "" : " FILTER")
        }.joined(separator: ", ")
        return text
    }

    /// Binds the SELECT list; a GROUP BY query's list has no `*`.
    private func bindItems(_ items: [SelectItem], binder: ExpressionBinder, scope: Scope, grouped: Bool) throws(SyntaxError)
        -> ([ScalarExpr], [Schema.Column], [String]) {
        var expressions: [ScalarExpr] = []
        var columns: [Schema.Column] = []
        var texts: [String] = []
        for item in items {
            switch item {
            case .wildcard(let qualifier, let span):
                if grouped {
                    throw SyntaxError("SELECT * in a GROUP BY query", at: span.wrappedValue, hint: "list the GROUP BY keys and the aggregates")
                }
                if let qualifier, !scope.qualifiers.contains(qualifier) {
                    throw SyntaxError("unknown source '\(qualifier)' in \(qualifier).*", at: span.wrappedValue,
                                      hint: "the source here is \(scope.qualifiers.sorted().joined(separator: " or "))")
                }
                if let open = scope.openSource {
                    // Schema-less: the whole object, its fields written in place.
                    let index: Int
                    if let existing = open.wholeObject { index = existing } else {
                        open.fields.append(Schema.Column(name: Schema.spreadColumn, type: .any))
                        index = open.fields.count - 1
                        open.wholeObject = index
                    }
                    expressions.append(.column(index))
                    columns.append(Schema.Column(name: Schema.spreadColumn, type: .any))
                    texts.append("*")
                } else {
                    for column in scope.columns {
                        expressions.append(.column(column.index))
                        columns.append(Schema.Column(name: column.name, type: column.type))
                        texts.append(column.name)
                    }
                }
            case .expression(let expression, let alias):
                let bound = try binder.bind(expression)
                let name = alias ?? Self.outputName(expression)
                if columns.contains(where: { $0.name == name && name != Schema.spreadColumn }) {
                    throw SyntaxError("two output columns are called '\(name)'", at: expression.span, hint: "give one an alias: … AS other_name")
                }
                expressions.append(bound.expression)
                columns.append(Schema.Column(name: name, type: bound.type))
                texts.append(SQLPrinter.print(expression) + (alias.map { " AS \($0)" } ?? ""))
            }
        }
        return (expressions, columns, texts)
    }

    /// A schema-less source reads the fields the query named: fixed once the query is bound.
    private mutating func closeOpenSource(_ sourceNode: Int?, _ scope: inout Scope) {
        guard let sourceNode, let open = scope.openSource else { return }
        builder.updateSource(sourceNode) { spec, schema in
            spec.columns = open.fields
            spec.wholeObjectColumn = open.wholeObject
            schema = Schema(open.fields)
        }
        scope.openSource = nil
    }

    /// The output name of an unaliased item: the column name as written, else the expression's text.
    static func outputName(_ expression: Expr) -> String {
        if case .column(let path) = expression.kind, let last = path.last { return last }
        return SQLPrinter.print(expression)
    }

    // MARK: - FROM

    /// The node a FROM item produces, the scope its columns are seen in, and the source node when the
    /// scope is an open (schema-less) source whose columns are fixed after binding.
    private mutating func planFrom(_ from: TableReference) throws(SyntaxError) -> (Int, Scope, Int?) {
        switch from {
        case .join(let join):
            throw SyntaxError("joins need state: stream–table and stream–stream joins arrive with the next issue", at: join.span,
                              hint: "this version runs stateless queries over one source")
        case .subquery(let query, let alias, _):
            let node = try plan(query)
            let schema = builder.schema(of: node)
            let scope = Scope(qualifiers: Set([alias].compactMap { $0 }),
                              columns: schema.columns.enumerated().map { Scope.Column(name: $1.name, type: $1.type, index: $0) })
            return (node, scope, nil)
        case .named(let name, let alias, let span):
            if let cte = ctes[name] {
                let node = try plan(cte)
                let schema = builder.schema(of: node)
                let scope = Scope(qualifiers: Set([alias ?? name]),
                                  columns: schema.columns.enumerated().map { Scope.Column(name: $1.name, type: $1.type, index: $0) })
                return (node, scope, nil)
            }
            let spec = try sourceSpec(name: name, span: span.wrappedValue)
            let qualifiers = Set([alias ?? name])
            let node = builder.add(.source(spec), inputs: [], schema: Schema(spec.columns), label: Self.label(spec))
            if spec.schemaless {
                let open = Scope.OpenSource()
                open.fields = spec.columns
                return (node, Scope(qualifiers: qualifiers, columns: [], openSource: open), node)
            }
            let columns = spec.columns.enumerated().map { Scope.Column(name: $1.name, type: $1.type, index: $0) }
            return (node, Scope(qualifiers: qualifiers, columns: columns), node)
        }
    }

    static func label(_ spec: SourceSpec) -> String {
        let place = spec.connector == .file ? "path=\(spec.path ?? "?")" : "topic=\(spec.topic)"
        return "source \(spec.name) \(spec.connector.rawValue) \(place) format=\(spec.format.rawValue)" + (spec.schemaless ? " (schema-less)" : "")
    }

    private mutating func sourceSpec(name: String, span: SourceSpan) throws(SyntaxError) -> SourceSpec {
        let entry = catalog.lookup(name)
        if let entry, entry.isTable, !allowsTableReads {
            throw SyntaxError("\(name) is a table: a job reads it through a join, which arrives with state", at: span,
                              hint: "query its current rows with velo-cli query 'SELECT … FROM \(name) WHERE …' (a pull query)")
        }
        let own = Properties(entry?.properties ?? [], owner: name, role: .source)
        let job = Properties(jobProperties, owner: name, role: .source, prefixedOnly: true)
        func value(_ key: String) -> String? { own[key] ?? job[key] }
        let connector = try SinkPlanner.connector(value("connector"), span: own.span("connector") ?? span)
        let format = try SinkPlanner.format(value("format"), span: own.span("format") ?? span)
        let topic = value("topic") ?? name
        let path = value("path")
        if connector == .file, path == nil {
            throw SyntaxError("file source \(name) needs a 'path'", at: entry?.span ?? span, hint: "WITH ('connector' = 'file', 'path' = 'data/orders.jsonl')")
        }
        // The source's own `errors` wins over the job's (PRODUCT.md §3.6).
        let errors = try SinkPlanner.errorPolicy(own["errors"] ?? job["errors"] ?? defaultErrors, span: own.span("errors") ?? span)
        let columns = entry?.columns
        var timestampColumn: Int?
        if let timestamp = own["timestamp"] {
            if let columns {
                guard let index = columns.firstIndex(where: { $0.name == timestamp }) else {
                    throw SyntaxError("'timestamp' names '\(timestamp)', which \(name) does not declare", at: own.span("timestamp") ?? span)
                }
                timestampColumn = index
            }
        }
        let delay = try value("watermark.delay").map { (text) throws(SyntaxError) in
            try WindowPlanner.propertyDuration(text, key: "watermark.delay", span: own.span("watermark.delay") ?? span)
        }
        let idle = try value("watermark.idle").map { (text) throws(SyntaxError) in
            try WindowPlanner.propertyDuration(text, key: "watermark.idle", span: own.span("watermark.idle") ?? span)
        }
        sourceTopics.append((connector == .file ? "file:" + (path ?? "") : topic, span))
        var spec = SourceSpec(
            name: name, connector: connector, topic: topic, path: path, format: format, columns: columns ?? [],
            schemaless: columns == nil, timestampColumn: timestampColumn,
            autoOffsetReset: value("auto.offset.reset") ?? "earliest", errors: errors,
            properties: own.clientProperties.merging(job.clientProperties) { mine, _ in mine })
        spec.watermarkDelayMs = delay
        spec.watermarkIdleMs = idle
        if columns == nil, let timestamp = own["timestamp"] {
            // Schema-less with an event-time field: read it like any other field.
            spec.columns = [Schema.Column(name: timestamp, type: .timestamp)]
            spec.timestampColumn = 0
        }
        return spec
    }
}
