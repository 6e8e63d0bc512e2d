import VeloCore
import VeloSQL

/// Plans a whole script: declarations fill the catalog in order, each CREATE … AS SELECT, INSERT INTO
/// and SELECT becomes a job. Every statement's errors are collected; a broken statement does not stop
/// the rest from being checked.
public struct ScriptPlanner {
    public var catalog: Catalog
    /// What a source does with a record it cannot read when its WITH names no 'errors' policy
    /// (dlq, skip or fail; the server's `jobs.errors`). nil = dlq.
    public var defaultErrors: String?
    /// A plain SELECT may read a declared table (the server runs it as a pull query).
    public var allowsTableQueries = false

    public init(catalog: Catalog = Catalog(), defaultErrors: String? = nil) {
        self.catalog = catalog
        self.defaultErrors = defaultErrors
    }

    /// Parses and plans `source`. Syntax errors come first; a script with syntax errors is not planned.
    public mutating func plan(source: String) -> ScriptPlan {
        let parsed = SQL.parse(source)
        guard parsed.isValid else {
            return ScriptPlan(jobs: [], catalog: catalog, errors: parsed.errors, commands: [])
        }
        return plan(parsed.statements)
    }

    public mutating func plan(_ statements: [Statement]) -> ScriptPlan {
        var jobs: [JobPlan] = []
        var errors: [SyntaxError] = []
        var commands: [Statement] = []
        for statement in statements {
            do throws(SyntaxError) {
                if let job = try plan(statement, commands: &commands) {
                    if jobs.contains(where: { $0.name == job.name }) {
                        throw SyntaxError("two jobs are called '\(job.name)'", at: statement.span, hint: "name one with -- @name: other_name")
                    }
                    jobs.append(job)
                }
            } catch {
                errors.append(error)
            }
        }
        return ScriptPlan(jobs: jobs, catalog: catalog, errors: errors, commands: commands)
    }

    private mutating func plan(_ statement: Statement, commands: inout [Statement]) throws(SyntaxError) -> JobPlan? {
        switch statement.kind {
        case .createStream(let create):
            guard let query = create.query else {
                try declare(name: create.name, isTable: false, columns: create.columns, primaryKey: [], properties: create.properties, span: statement.span)
                return nil
            }
            return try planJob(statement, sinkName: create.name, query: query, properties: create.properties, declaredSink: nil)
        case .createTable(let create):
            guard create.query != nil else {
                guard !create.primaryKey.isEmpty else {
                    throw SyntaxError("table \(create.name) needs a PRIMARY KEY", at: statement.span, hint: "mark its key column: id BIGINT PRIMARY KEY")
                }
                try declare(name: create.name, isTable: true, columns: create.columns, primaryKey: create.primaryKey, properties: create.properties, span: statement.span)
                return nil
            }
            // The table's changelog: the emitted rows, keyed by the GROUP BY key (PRODUCT.md §3.6).
            guard let query = create.query else { return nil }
            return try planJob(statement, sinkName: create.name, query: query, properties: create.properties, declaredSink: nil)
        case .insert(let insert):
            guard let target = catalog.lookup(insert.target) else {
                throw SyntaxError("INSERT INTO \(insert.target): no such stream", at: statement.span,
                                  hint: "declare it first with CREATE STREAM \(insert.target) (…) WITH (…), or use CREATE STREAM … AS SELECT")
            }
            return try planJob(statement, sinkName: insert.target, query: insert.query, properties: [], declaredSink: target)
        case .query(let query):
            return try planJob(statement, sinkName: "console", query: query, properties: [], declaredSink: nil, console: true)
        case .explain(let inner):
            var copy = self
            var ignored: [Statement] = []
            _ = try copy.plan(inner, commands: &ignored)
            commands.append(statement)
            return nil
        case .show, .describe, .drop, .job:
            commands.append(statement)
            return nil
        }
    }

    private mutating func declare(name: String, isTable: Bool, columns: [ColumnDefinition], primaryKey: [String], properties: [Property], span: SourceSpan) throws(SyntaxError) {
        if let existing = catalog.lookup(name) {
            throw SyntaxError("\(name) is declared twice (first at \(existing.span.start))", at: span)
        }
        var seen: Set<String> = []
        for column in columns where !seen.insert(column.name).inserted {
            throw SyntaxError("column '\(column.name)' is declared twice", at: column.span)
        }
        for key in primaryKey where !columns.contains(where: { $0.name == key }) {
            throw SyntaxError("PRIMARY KEY names '\(key)', which \(name) does not declare", at: span,
                              hint: "declared: \(columns.map(\.name).joined(separator: ", "))")
        }
        let schema = columns.isEmpty ? nil : columns.map { Schema.Column(name: $0.name, type: TypeConversion.sqlType($0.type)) }
        // Check the properties now, so a bad value is reported at the declaration.
        let resolved = Properties(properties, owner: name, role: .source)
        _ = try SinkPlanner.connector(resolved["connector"], span: resolved.span("connector") ?? span)
        _ = try SinkPlanner.format(resolved["format"], span: resolved.span("format") ?? span)
        _ = try SinkPlanner.errorPolicy(resolved["errors"], span: resolved.span("errors") ?? span)
        catalog.declare(Catalog.Entry(name: name, isTable: isTable, columns: schema, primaryKey: primaryKey, properties: properties, span: span))
    }

    private mutating func planJob(
        _ statement: Statement, sinkName: String, query: Query, properties: [Property], declaredSink: Catalog.Entry?, console: Bool = false
    ) throws(SyntaxError) -> JobPlan {
        let name = statement.annotation("name") ?? (console ? "select_\(statement.span.start.line)" : sinkName)
        var planner = QueryPlanner(catalog: catalog, builder: GraphBuilder(), jobProperties: properties, jobName: name)
        planner.defaultErrors = defaultErrors
        planner.allowsTableReads = console && allowsTableQueries
        var last = try planner.plan(query)
        var builder = planner.builder
        var schema = builder.schema(of: last)
        if let declaredSink, let columns = declaredSink.columns {
            // INSERT INTO a declared stream writes its columns' types: convert where they differ.
            try checkInsertColumns(schema, into: columns, target: sinkName, span: statement.span)
            var casts: [ScalarExpr] = []
            var converted: [Schema.Column] = []
            for (index, column) in schema.columns.enumerated() {
                let target = columns.first { $0.name == column.name }?.type ?? column.type
                casts.append(target == column.type || column.name == Schema.spreadColumn ? .column(index) : .cast(.column(index), target))
                converted.append(Schema.Column(name: column.name, type: target))
            }
            if converted != schema.columns {
                schema = Schema(converted)
                last = builder.add(.project(casts), inputs: [last], schema: schema,
                                   label: "convert to \(sinkName)'s types: " + converted.map { "\($0.name) \($0.type)" }.joined(separator: ", "))
            }
        }
        let sink: SinkSpec
        if console {
            sink = SinkSpec(name: "console", connector: .console, topic: "", dlqTopic: "\(name).dlq")
        } else {
            sink = try SinkPlanner.sinkSpec(name: sinkName, properties: properties, declared: declaredSink, jobName: name, schema: schema, span: statement.span)
            let target = sink.connector == .file ? "file:" + (sink.path ?? "") : sink.topic
            if let loop = planner.sourceTopics.first(where: { $0.topic == target }) {
                throw SyntaxError("job \(name) reads and writes \(target.hasPrefix("file:") ? target.dropFirst(5) : Substring(target)): its output would feed its input forever",
                                  at: loop.span, hint: "write to another topic ('topic' = '\(sinkName)_out')")
            }
        }
        let place = sink.connector == .kafka ? "topic=\(sink.topic)" : sink.connector == .file ? "path=\(sink.path ?? "")" : "stdout"
        let root = builder.add(.sink(sink), inputs: [last], schema: schema, label: "sink \(sink.name) \(sink.connector.rawValue) \(place) format=\(sink.format.rawValue)")
        return JobPlan(name: name, description: statement.annotation("description"), graph: OperatorGraph(jobName: name, nodes: builder.nodes),
                       statement: statement, explain: builder.explain(root: root))
    }

    /// INSERT INTO a declared stream: the query must produce its columns by name with convertible types.
    private func checkInsertColumns(_ schema: Schema, into columns: [Schema.Column], target: String, span: SourceSpan) throws(SyntaxError) {
        for column in schema.columns where column.name != Schema.spreadColumn {
            guard let declared = columns.first(where: { $0.name == column.name }) else {
                throw SyntaxError("\(target) has no column '\(column.name)'", at: span, hint: "its columns: \(columns.map(\.name).joined(separator: ", "))")
            }
            guard TypeRules.canCast(from: column.type, to: declared.type) else {
                throw SyntaxError("column '\(column.name)' is \(column.type); \(target) declares \(declared.type)", at: span)
            }
        }
    }
}
