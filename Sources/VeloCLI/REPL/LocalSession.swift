import Foundation
import VeloCore
import VeloPlanner
import VeloRuntime
import VeloSQL

/// `repl --local`: statements run in this process, as `velo-sql run` runs a file: planned by
/// VeloPlanner's ScriptPlanner against the session's own catalog (declarations made in the session
/// stay in it), run by VeloRuntime's JobRunner on Kafka at `--brokers`. A SELECT prints live until it
/// ends or Ctrl-C; CREATE STREAM … AS SELECT and INSERT INTO run as jobs in the background until
/// stopped, dropped, or the shell exits. Nothing is shared with a server.
///
/// Output goes through the same renderers as the server's answers: the session describes its jobs
/// and streams in the API's JSON shape (docs/api.md) and decodes them into the CLI's models.
actor LocalSession: REPLSession {
    let brokers: String
    private let bus: any MessageBus
    private var planner = ScriptPlanner()
    /// Declared stream or table → its SQL, as the server keeps it.
    private var declarations: [String: String] = [:]
    private var jobs: [String: LocalJob] = [:]

    private struct LocalJob: Sendable {
        var plan: JobPlan
        var runner: JobRunner
        var task: Task<Void, Never>
        var createdAt: String
    }

    init(brokers: String) throws(CLIError) {
        self.brokers = brokers
        do {
            bus = try KafkaBus(brokers: brokers)
        } catch {
            throw .message("cannot set up the Kafka client for \(brokers): \(error)")
        }
    }

    func banner() -> String {
        "local session: statements run in this process, Kafka at \(brokers)"
    }

    // MARK: Queries

    func query(_ sql: String, output: OutputFormat) async throws {
        // A copy: a query declares nothing, and a failed plan must leave the session as it was.
        var scratch = planner
        let plan = try Self.checked(scratch.plan(source: sql), source: sql, what: "the query")
        guard let job = plan.jobs.first, plan.jobs.count == 1, case .query = job.statement.kind else {
            throw CLIError.message("a query is one SELECT statement")
        }
        let id = UUID().uuidString.prefix(8).lowercased()
        var graph = job.graph
        graph.jobName = "query-\(id)"
        let columns = graph.nodes.last?.schema.columns ?? []
        let limit = graph.nodes.lazy.compactMap { node -> Int? in
            if case .limit(let count) = node.operation { return count }
            return nil
        }.first

        let (events, continuation) = AsyncThrowingStream.makeStream(of: StreamEvent.self)
        var options = JobOptions()
        // A transient query is not a job to resume: a consumer group of its own, left on close.
        options.groupPrefix = "velo-transient-\(id)-"
        options.staticGroupMembership = false
        // The lines the server would send for POST /api/v1/query, so the printing is the same.
        options.console = { row in continuation.yield(.lines(["{\"row\":\(row)}"])) }
        let runner = JobRunner(graph: graph, bus: bus, options: options)
        continuation.yield(.lines([Self.header(columns).rendered(pretty: false, sortedKeys: false)]))
        let ticker = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                continuation.yield(.tick)
            }
        }
        let running = Task.detached {
            let end: JSONValue
            do {
                let status = try await runner.run()
                let reason = limit.map { status.recordsOut >= $0 } == true ? "limit" : "drained"
                end = .object([(key: "end", value: .object([
                    (key: "rows", value: .number(String(status.recordsOut))), (key: "reason", value: .string(reason)),
                ]))])
            } catch {
                end = .object([(key: "error", value: .object([(key: "message", value: .string("\(error)"))]))])
            }
            continuation.yield(.lines([end.rendered(pretty: false, sortedKeys: false)]))
            continuation.finish()
        }
        // Ctrl-C ends the printing, which ends the stream: stop the job then.
        continuation.onTermination = { _ in
            runner.stop()
            ticker.cancel()
        }
        defer { ticker.cancel() }
        do {
            try await QueryCommand.show(events, sql: sql, output: output)
        } catch {
            runner.stop()
            await running.value
            throw error
        }
        runner.stop()
        await running.value
    }

    private static func header(_ columns: [Schema.Column]) -> JSONValue {
        .object([(key: "header", value: .object([(key: "columns", value: .array(columns.map { column in
            .object([(key: "name", value: .string(column.name)), (key: "type", value: .string("\(column.type)"))])
        }))]))])
    }

    // MARK: Deploying

    func deploy(_ sql: String, output: OutputFormat) async throws {
        var next = planner
        let plan = try Self.checked(next.plan(source: sql), source: sql, what: "the statement")
        for job in plan.jobs where jobs[job.name] != nil {
            throw CLIError.message("a job named '\(job.name)' exists (DROP JOB \(job.name) first, or name the new one with -- @name: …)")
        }
        planner = next
        var declared: [String] = []
        for statement in SQL.parse(sql).statements {
            switch statement.kind {
            case .createStream(let create) where create.query == nil:
                declared.append(create.name)
            case .createTable(let create) where create.query == nil:
                declared.append(create.name)
            default:
                continue
            }
            declarations[declared[declared.count - 1]] = SQLPrinter.print(statement)
        }
        let started = plan.jobs.map { start($0) }
        if output == .json {
            Console.printJSON(.object([
                (key: "jobs", value: .array(started.map(Self.json))),
                (key: "declared", value: .array(declared.map(JSONValue.string))),
            ]))
            return
        }
        var text = declared.isEmpty ? "" : "declared: \(declared.joined(separator: ", "))\n"
        if !started.isEmpty {
            text += "started \(Format.plural(started.count, "job")) in this session\n\n"
            text += JobTable(includeTopics: true).render(try started.map(Self.model))
        }
        Console.out(text)
    }

    private func start(_ plan: JobPlan) -> LocalJob {
        let runner = JobRunner(graph: plan.graph, bus: bus)
        // The failure is kept in the runner's status, which \jobs shows.
        let task = Task.detached { _ = try? await runner.run() }
        let job = LocalJob(plan: plan, runner: runner, task: task, createdAt: Self.now())
        jobs[plan.name] = job
        return job
    }

    // MARK: Listings

    func jobs(output: OutputFormat) async throws {
        let all = jobs.keys.sorted().compactMap { jobs[$0] }
        if output == .json { return Console.printJSON(.object([(key: "jobs", value: .array(all.map(Self.json)))])) }
        Console.out(all.isEmpty ? "no jobs\n" : JobTable().render(try all.map(Self.model)))
    }

    func describe(_ name: String, output: OutputFormat) async throws {
        if let job = jobs[name] {
            if output == .json { return Console.printJSON(Self.json(job)) }
            return Console.out(DescribeCommand.render(try Self.model(job)))
        }
        guard let entry = planner.catalog.lookup(name) else {
            throw CLIError.message("no job, stream or table is called \(name)")
        }
        let json = relationJSON(entry)
        if output == .json { return Console.printJSON(json) }
        Console.out(DescribeCommand.render(try Self.decode(CatalogEntry.self, json), isTable: entry.isTable))
    }

    func show(_ target: ShowTarget, output: OutputFormat) async throws {
        switch target {
        case .streams, .tables:
            let isTable = target == .tables
            let entries = planner.catalog.names.compactMap { planner.catalog.lookup($0) }.filter { $0.isTable == isTable }.map(relationJSON)
            if output == .json { return Console.printJSON(.object([(key: isTable ? "tables" : "streams", value: .array(entries))])) }
            let models = try entries.map { try Self.decode(CatalogEntry.self, $0) }
            Console.out(isTable ? TablesCommand.render(models) : StreamsCommand.render(models))
        case .jobs:
            try await jobs(output: output)
        case .topics:
            throw CLIError.message("SHOW TOPICS needs a server (velo-cli topics); a local session lists no topics")
        case .functions:
            throw CLIError.message("SHOW FUNCTIONS: the REPL does not list functions (docs/sql.md does)")
        }
    }

    func explain(_ sql: String, output: OutputFormat) async throws {
        var scratch = planner
        let plan = try Self.checked(scratch.plan(source: sql), source: sql, what: "the SQL")
        let document = JSONValue.object([
            (key: "valid", value: .bool(true)),
            (key: "errors", value: .array([])),
            (key: "jobs", value: .array(plan.jobs.map { job in
                .object([(key: "name", value: .string(job.name)), (key: "explain", value: .array(job.explain.map(JSONValue.string)))])
            })),
        ])
        if output == .json { return Console.printJSON(document) }
        guard !plan.jobs.isEmpty else { return Console.error("nothing to explain: the SQL creates no job\n") }
        Console.out(ExplainCommand.render(try Self.decode(ValidationAnswer.self, document).jobs))
    }

    // MARK: Lifecycle

    func lifecycle(_ command: JobLifecycleCommand, job name: String, output: OutputFormat) async throws {
        guard var job = jobs[name] else { throw CLIError.message("no job named '\(name)'") }
        let state = job.runner.status.state
        switch command {
        case .stop:
            guard [.starting, .running, .paused].contains(state) else { throw CLIError.message("job \(name) is \(Self.apiState(state)): nothing to stop") }
            job.runner.stop()
            await job.task.value
        case .pause:
            guard [.starting, .running].contains(state) else { throw CLIError.message("job \(name) is \(Self.apiState(state)): only a running job pauses") }
            job.runner.pause()
        case .resume:
            guard state == .paused else { throw CLIError.message("job \(name) is \(Self.apiState(state)): only a paused job resumes") }
            job.runner.resume()
        case .restart:
            job.runner.stop()
            await job.task.value
            job = start(job.plan)
        case .drop:
            job.runner.stop()
            await job.task.value
            jobs[name] = nil
            if output == .json { return Console.printJSON(.object([(key: "dropped", value: .string(name))])) }
            return Console.out("dropped \(name)\n")
        }
        // A pause or resume takes effect at the job's next batch: show the state asked for.
        var json = Self.json(job)
        if case .object(var members) = json, let index = members.firstIndex(where: { $0.key == "state" }) {
            members[index].value = .string(command == .pause ? "paused" : command == .resume ? "running" : Self.apiState(job.runner.status.state))
            json = .object(members)
        }
        if output == .json { return Console.printJSON(json) }
        let model = try Self.decode(Job.self, json)
        Console.out("\(model.name): \(model.state ?? "-")\n")
    }

    // MARK: Completion and shutdown

    func completionNames() -> CompletionNames {
        var names = CompletionNames()
        for name in planner.catalog.names {
            names.relations[name] = planner.catalog.lookup(name)?.columns?.map(\.name) ?? []
        }
        names.jobs = jobs.keys.sorted()
        return names
    }

    func close() async {
        for job in jobs.values { job.runner.stop() }
        for job in jobs.values { await job.task.value }
        jobs.removeAll()
    }

    // MARK: The API's shapes

    /// The plan's errors with a caret, then a one-line failure; the plan when it has none.
    private static func checked(_ plan: ScriptPlan, source: String, what: String) throws(CLIError) -> ScriptPlan {
        guard plan.errors.isEmpty else {
            Console.error(DiagnosticRenderer(source: source).render(plan.errors))
            throw .message("\(what) has \(Format.plural(plan.errors.count, "error"))")
        }
        return plan
    }

    /// The server names a drained job `stopped` (docs/api.md); the runner says `finished`.
    private static func apiState(_ state: JobStatus.State) -> String {
        state == .finished ? "stopped" : state.rawValue
    }

    private static func json(_ job: LocalJob) -> JSONValue {
        let status = job.runner.status
        let graph = job.plan.graph
        let sources = graph.nodes.compactMap { node -> JSONValue? in
            guard case .source(let spec) = node.operation else { return nil }
            return .string(spec.connector == .file ? "file:" + (spec.path ?? "") : spec.topic)
        }
        var sink: JSONValue = .null
        for node in graph.nodes {
            guard case .sink(let spec) = node.operation else { continue }
            sink = .object([
                (key: "name", value: .string(spec.name)),
                (key: "connector", value: .string(spec.connector.rawValue)),
                (key: "topic", value: spec.connector == .kafka ? .string(spec.topic) : .null),
                (key: "path", value: spec.path.map(JSONValue.string) ?? .null),
            ])
        }
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        return .object([
            (key: "name", value: .string(job.plan.name)),
            (key: "state", value: .string(apiState(status.state))),
            (key: "failure", value: status.failure.map(JSONValue.string) ?? .null),
            (key: "description", value: job.plan.description.map(JSONValue.string) ?? .null),
            (key: "sql", value: .string(SQLPrinter.print(job.plan.statement))),
            (key: "sources", value: .array(sources)),
            (key: "sink", value: sink),
            (key: "createdAt", value: .string(job.createdAt)),
            (key: "stats", value: .object([
                (key: "recordsIn", value: number(status.recordsIn)),
                (key: "recordsOut", value: number(status.recordsOut)),
                (key: "errors", value: number(status.badRecords + status.expressionErrors)),
                (key: "badRecords", value: number(status.badRecords)),
                (key: "deadLettered", value: number(status.deadLettered)),
                (key: "checkpoints", value: number(status.checkpoints)),
                (key: "ratePerSecond", value: .number(String(format: "%.1f", status.ratePerSecond))),
                (key: "lag", value: status.lag.map { .number(String($0)) } ?? .null),
            ])),
            (key: "explain", value: .array(job.plan.explain.map(JSONValue.string))),
        ])
    }

    private func relationJSON(_ entry: Catalog.Entry) -> JSONValue {
        let source = entry.resolvedSource
        var members: [(key: String, value: JSONValue)] = [
            (key: "name", value: .string(entry.name)),
            (key: "topic", value: source.connector == "file" ? .null : .string(source.topic)),
            (key: "format", value: .string(source.format)),
            (key: "columns", value: entry.columns.map { columns in
                .array(columns.map { .object([(key: "name", value: .string($0.name)), (key: "type", value: .string("\($0.type)"))]) })
            } ?? .null),
        ]
        if entry.isTable { members.append((key: "primaryKey", value: .array(entry.primaryKey.map(JSONValue.string)))) }
        members.append((key: "sql", value: declarations[entry.name].map(JSONValue.string) ?? .null))
        return .object(members)
    }

    private static func model(_ job: LocalJob) throws(CLIError) -> Job {
        try decode(Job.self, json(job))
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ json: JSONValue) throws(CLIError) -> T {
        try APIResponse(status: 200, body: Data(json.rendered(pretty: false, sortedKeys: false).utf8), url: "local session").decode(type)
    }

    private static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
