import Foundation
import Logging
import Metrics
import VeloCore
import VeloPlanner
import VeloRuntime
import VeloSQL
import VeloState

/// Runs the server's jobs: deploys scripts (plan, store, start), carries out lifecycle commands
/// through `JobStateMachine`, restores the registry after a restart, and stops everything on
/// shutdown. One actor, so the registry, the catalog and the runners never disagree.
public actor JobManager {
    let config: ServerConfig
    let store: ServerStore
    let bus: any MessageBus
    let kafka: KafkaServices?
    let metricsFactory: (any MetricsFactory)?
    let logger: Logger
    private(set) var catalog = Catalog()
    /// The SQL of each declaration, for `/streams` and `/tables`.
    private var declarationSQL: [String: String] = [:]
    private var jobs: [String: ManagedJob] = [:]
    private var shuttingDown = false
    /// Consumer groups of dropped jobs still being deleted; a job deployed again under the same name
    /// cancels its deletion (the new job owns the group).
    private var groupDeletions: [String: Task<Bool, Never>] = [:]

    public init(config: ServerConfig, store: ServerStore, bus: any MessageBus, kafka: KafkaServices?, metricsFactory: (any MetricsFactory)?, logger: Logger) {
        self.config = config
        self.store = store
        self.bus = bus
        self.kafka = kafka
        self.metricsFactory = metricsFactory
        self.logger = logger
    }

    // MARK: - Restore

    /// Rebuilds the catalog from the stored declarations and restarts every job that was meant to
    /// be running (from its committed positions); others are restored as they were.
    public func restore() async throws(StateError) {
        for declaration in try store.declarations() {
            var planner = ScriptPlanner(catalog: catalog)
            let plan = planner.plan(source: declaration.sql)
            if plan.errors.isEmpty {
                catalog = plan.catalog
                declarationSQL[declaration.name] = declaration.sql
            } else {
                logger.error("stored declaration no longer plans", metadata: ["name": "\(declaration.name)", "error": "\(plan.errors[0])"])
            }
        }
        for record in try store.jobs() {
            guard let graph = try? JSONDecoder().decode(OperatorGraph.self, from: Data(record.graph.utf8)) else {
                logger.error("stored job has an unreadable graph", metadata: ["job": "\(record.name)"])
                let job = ManagedJob(record: record, graph: OperatorGraph(jobName: record.name, nodes: []))
                job.state = .failed
                job.failure = "the stored operator graph cannot be read by this version; drop and deploy it again"
                jobs[record.name] = job
                continue
            }
            let job = ManagedJob(record: record, graph: graph)
            jobs[record.name] = job
            if job.state.resumesOnRestart {
                logger.info("restoring job", metadata: ["job": "\(record.name)"])
                startRunner(job)
            } else if job.state == .paused {
                // Paused jobs keep their place: a runner that opens and pauses at once, as before.
                startRunner(job, paused: true)
            }
        }
    }

    // MARK: - Deploy

    public struct Deployment: Sendable {
        public var jobs: [JobView]
        public var declared: [String]
    }

    /// Plans every statement of `sql`; when all plan, stores the declarations and jobs in one
    /// transaction and starts the jobs. Nothing is created when anything fails.
    public func deploy(sql: String, name: String?) async throws(APIError) -> Deployment {
        if shuttingDown { throw APIError(503, "the server is shutting down") }
        let (statements, plan) = try planScript(sql)
        if let command = plan.commands.first {
            throw APIError(400, sqlErrors: [SyntaxError(
                "\(Self.commandName(command)) is a command, not something to deploy", at: command.span,
                hint: "use the API or velo-cli for it (velo-cli streams, velo-cli stop JOB …)")])
        }
        var planned = plan.jobs
        if let name {
            guard planned.count == 1 else {
                throw APIError.badRequest("'name' names one job, but the script has \(planned.count)", hint: "name each job with -- @name: … in the SQL")
            }
            planned[0].name = name
            planned[0].graph.jobName = name
        }
        let declarations = statements.compactMap(Self.declaredName)
        guard !planned.isEmpty || !declarations.isEmpty else {
            throw APIError.badRequest("the script has no job and declares nothing", hint: "add CREATE STREAM … AS SELECT, INSERT INTO … SELECT or a declaration")
        }
        for job in planned {
            guard Self.isValidName(job.name) else {
                throw APIError.badRequest("'\(job.name)' is not a job name: use letters, digits, '_', '-' and '.'")
            }
            if jobs[job.name] != nil {
                throw APIError.conflict("a job named '\(job.name)' exists", hint: "drop it first (velo-cli drop \(job.name)) or name the new one with -- @name: …")
            }
        }
        if jobs.count + planned.count > config.maxJobs {
            throw APIError(503, "the server runs at most \(config.maxJobs) jobs (jobs.max); \(jobs.count) exist")
        }
        let now = Self.now()
        var records: [JobRecord] = []
        for job in planned {
            let graph: String
            do {
                graph = String(decoding: try JSONEncoder().encode(job.graph), as: UTF8.self)
            } catch {
                throw APIError(500, "cannot store the plan of \(job.name): \(error)")
            }
            let managed = ManagedJob(record: JobRecord(
                name: job.name, sql: SQLPrinter.print(job.statement), description: job.description, graph: graph, explain: job.explain,
                state: JobState.starting.rawValue, failure: nil, createdAt: now, updatedAt: now, sources: [], sinkTopic: nil), graph: job.graph)
            managed.record.sources = managed.sourceNames
            managed.record.sinkTopic = managed.sink.map { $0.connector == .file ? "file:" + ($0.path ?? "") : $0.topic }
            records.append(managed.record)
        }
        let declarationRecords = statements.compactMap { statement -> DeclarationRecord? in
            guard let name = Self.declaredName(statement) else { return nil }
            return DeclarationRecord(name: name, kind: Self.isTable(statement) ? "table" : "stream", sql: SQLPrinter.print(statement), createdAt: now)
        }
        do {
            try store.insert(declarations: declarationRecords, jobs: records)
        } catch {
            throw APIError(500, "the job registry refused the deploy: \(error)")
        }
        catalog = plan.catalog
        for declaration in declarationRecords { declarationSQL[declaration.name] = declaration.sql }
        var views: [JobView] = []
        for (record, job) in zip(records, planned) {
            groupDeletions.removeValue(forKey: record.name)?.cancel()
            let managed = ManagedJob(record: record, graph: job.graph)
            jobs[record.name] = managed
            logger.info("job deployed", metadata: ["job": "\(record.name)"])
            startRunner(managed)
            views.append(view(managed))
        }
        return Deployment(jobs: views, declared: declarationRecords.map(\.name))
    }

    /// Parses and plans against the server's catalog. Declarations identical to stored ones are
    /// accepted again (so one file can be deployed job by job); a different one with a taken name
    /// is an error at its position.
    func planScript(_ sql: String, tableQueries: Bool = false) throws(APIError) -> ([Statement], ScriptPlan) {
        let parsed = SQL.parse(sql)
        guard parsed.isValid else { throw APIError(400, sqlErrors: parsed.errors) }
        var statements: [Statement] = []
        for statement in parsed.statements {
            if let name = Self.declaredName(statement), let existing = declarationSQL[name] {
                if existing == SQLPrinter.print(statement) { continue }
                throw APIError(409, sqlErrors: [SyntaxError("\(name) is declared already, differently", at: statement.span,
                                                            hint: "its declaration: \(existing)")])
            }
            statements.append(statement)
        }
        var planner = ScriptPlanner(catalog: catalog, defaultErrors: config.errors.rawValue)
        planner.allowsTableQueries = tableQueries
        let plan = planner.plan(statements)
        guard plan.errors.isEmpty else { throw APIError(400, sqlErrors: plan.errors) }
        return (statements, plan)
    }

    /// Diagnostics and EXPLAIN without storing or running anything.
    public func validate(sql: String) -> ValidationView {
        do {
            let (_, plan) = try planScript(sql)
            return ValidationView(valid: true, errors: [], jobs: plan.jobs.map { .init(name: $0.name, explain: $0.explain) })
        } catch {
            return ValidationView(valid: false, errors: error.details, jobs: [])
        }
    }

    /// Plans one SELECT for a transient query.
    func planQuery(_ sql: String) throws(APIError) -> JobPlan {
        let (_, plan) = try planScript(sql, tableQueries: true)
        guard plan.jobs.count == 1, case .query = plan.jobs[0].statement.kind else {
            throw APIError.badRequest("a query is one SELECT statement", hint: "deploy CREATE STREAM … AS SELECT with POST /api/v1/jobs")
        }
        return plan.jobs[0]
    }

    /// The topics of a query's sources when every source is a declared table (a pull query), else nil.
    func tableTopics(of graph: OperatorGraph) -> [String]? {
        let sources = graph.nodes.compactMap { node -> SourceSpec? in
            if case .source(let spec) = node.operation { return spec }
            return nil
        }
        guard !sources.isEmpty, sources.allSatisfy({ $0.connector == .kafka && catalog.lookup($0.name)?.isTable == true }) else { return nil }
        return sources.map(\.topic)
    }

    static func declaredName(_ statement: Statement) -> String? {
        switch statement.kind {
        case .createStream(let create) where create.query == nil: create.name
        case .createTable(let create) where create.query == nil: create.name
        default: nil
        }
    }

    static func commandName(_ statement: Statement) -> String {
        switch statement.kind {
        case .show: "SHOW"
        case .describe: "DESCRIBE"
        case .drop: "DROP"
        case .explain: "EXPLAIN"
        case .job: "a job command"
        default: "this statement"
        }
    }

    static func isTable(_ statement: Statement) -> Bool {
        if case .createTable = statement.kind { return true }
        return false
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 200 && name.allSatisfy { $0.isLetter || $0.isNumber || "_-.".contains($0) }
    }

    // MARK: - Lifecycle

    public func command(_ command: JobCommand, job name: String) async throws(APIError) -> JobView? {
        guard let job = jobs[name] else { throw APIError.notFound("no job named '\(name)'") }
        refresh(job)
        let (next, action): (JobState, JobStateMachine.Action)
        switch JobStateMachine.apply(command, to: job.state) {
        case .success(let outcome): (next, action) = outcome
        case .failure(let refusal): throw APIError.conflict(refusal.description)
        }
        logger.info("job \(command.rawValue)", metadata: ["job": "\(name)", "from": "\(job.state.rawValue)"])
        switch action {
        case .pauseRunner:
            job.runner?.pause()
            setState(job, next)
        case .resumeRunner:
            if let runner = job.runner {
                runner.resume()
                setState(job, next)
            } else {
                startRunner(job)
            }
        case .stopRunner:
            setState(job, next)
            await stopRunner(job)
            if job.state == .stopping { setState(job, .stopped) }
        case .startRunner:
            setState(job, .stopping)
            await stopRunner(job)
            job.failure = nil
            startRunner(job)
        case .dropJob:
            setState(job, next)
            await stopRunner(job)
            jobs[name] = nil
            job.metrics?.destroy()
            do {
                _ = try store.deleteJob(name)
            } catch {
                logger.error("could not delete the job from the registry", metadata: ["job": "\(name)", "error": "\(error)"])
            }
            do {
                try StateFiles.remove(directory: stateDirectory, job: name)
            } catch {
                logger.error("could not delete the job's state", metadata: ["job": "\(name)", "error": "\(error)"])
            }
            if let kafka {
                // In the background: the group empties only when the closed member's session ends.
                let groups = job.graph.consumerGroups(prefix: JobOptions().groupPrefix)
                let logger = self.logger
                groupDeletions[name] = Task { await kafka.deleteGroupsWhenEmpty(groups, logger: logger) }
            }
            return nil
        }
        return view(job)
    }

    // MARK: - Runners

    /// Stateful jobs' SQLite files (one per job).
    private var stateDirectory: String { config.stateDirectory + "/state" }

    private func startRunner(_ job: ManagedJob, paused: Bool = false) {
        var options = JobOptions()
        options.checkpointInterval = config.checkpointInterval
        options.stateDirectory = stateDirectory
        if let metricsFactory {
            if job.metrics == nil { job.metrics = JobMetrics(job: job.name, factory: metricsFactory) }
            options.metrics = job.metrics
        }
        let runner = JobRunner(graph: job.graph, bus: bus, options: options)
        if paused { runner.pause() }
        job.generation += 1
        let generation = job.generation
        job.runner = runner
        if !paused { setState(job, .starting) }
        let name = job.name
        var jobLogger = logger
        jobLogger[metadataKey: "job"] = "\(name)"
        let log = jobLogger
        job.task = Task {
            do {
                try await runner.run()
                self.runnerEnded(name, generation: generation, failure: nil)
            } catch {
                log.error("job failed", metadata: ["error": "\(error)"])
                self.runnerEnded(name, generation: generation, failure: "\(error)")
            }
        }
    }

    /// Asks the runner to stop and waits for it (its last checkpoint commits what was delivered).
    private func stopRunner(_ job: ManagedJob) async {
        guard let runner = job.runner, let task = job.task else { return }
        job.generation += 1  // its end is expected now, not an event
        runner.stop()
        await task.value
        job.runner = nil
        job.task = nil
    }

    private func runnerEnded(_ name: String, generation: Int, failure: String?) {
        guard let job = jobs[name], job.generation == generation else { return }
        let event: JobEvent = failure.map { .failed($0) } ?? .finished
        job.failure = failure
        setState(job, JobStateMachine.apply(event, to: job.state))
        job.runner = nil
        job.task = nil
    }

    /// Catches up with what the runner did by itself (opened: starting → running).
    private func refresh(_ job: ManagedJob) {
        if job.state == .starting, let runner = job.runner, runner.status.state == .running {
            setState(job, JobStateMachine.apply(.started, to: job.state))
        }
    }

    private func setState(_ job: ManagedJob, _ state: JobState) {
        guard job.state != state || job.record.failure != job.failure else { return }
        job.state = state
        let now = Self.now()
        job.record.state = state.rawValue
        job.record.failure = job.failure
        job.record.updatedAt = now
        // While shutting down the registry keeps what was running as running, so it restarts.
        if shuttingDown { return }
        do {
            _ = try store.updateJobState(job.name, state: state.rawValue, failure: job.failure, at: now)
        } catch {
            logger.error("could not store the job's state", metadata: ["job": "\(job.name)", "error": "\(error)"])
        }
    }

    // MARK: - Shutdown

    /// Stops every runner (each checkpoints and commits) without changing what the registry says,
    /// so a restarted server resumes them. Waits at most `config.shutdownTimeout`.
    public func shutdown() async {
        shuttingDown = true
        let running = jobs.values.filter { $0.runner != nil }
        for job in running { job.runner?.stop() }
        let tasks = running.compactMap(\.task)
        let timeout = config.shutdownTimeout
        // Unstructured, so a cancelled caller (tests stop the server by cancelling it) still waits
        // for the jobs' last commits instead of having its sleep cut short.
        let finished = await Task {
            await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    for task in tasks { await task.value }
                    return true
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
        }.value
        if !finished { logger.warning("jobs did not stop within \(timeout); exiting anyway (they resume from their last commit)") }
        for job in running {
            job.runner = nil
            job.task = nil
        }
    }

    // MARK: - Views

    public func list() -> [JobView] {
        jobs.values.sorted { $0.name < $1.name }.map { refresh($0); return view($0) }
    }

    public func job(named name: String) -> JobView? {
        guard let job = jobs[name] else { return nil }
        refresh(job)
        return view(job)
    }

    public func stateCounts() -> [JobState: Int] {
        var counts: [JobState: Int] = [:]
        for job in jobs.values {
            refresh(job)
            counts[job.state, default: 0] += 1
        }
        return counts
    }

    func relations(tables: Bool) -> [RelationView] {
        catalog.names.compactMap { name -> RelationView? in
            guard let entry = catalog.lookup(name), entry.isTable == tables else { return nil }
            let source = entry.resolvedSource
            return RelationView(
                name: entry.name,
                topic: source.connector == "file" ? nil : source.topic,
                format: source.format,
                columns: entry.columns?.map { ColumnView(name: $0.name, type: "\($0.type)") },
                primaryKey: tables ? entry.primaryKey : nil,
                sql: declarationSQL[name] ?? "")
        }
    }

    func view(_ job: ManagedJob) -> JobView {
        let status = job.runner?.status
        let sink = job.sink.map {
            JobView.Sink(name: $0.name, connector: $0.connector.rawValue, topic: $0.connector == .kafka ? $0.topic : nil, path: $0.path)
        }
        return JobView(
            name: job.name, state: job.state.rawValue, failure: job.failure, description: job.record.description, sql: job.record.sql,
            sources: job.record.sources, sink: sink,
            createdAt: Self.iso(job.record.createdAt), updatedAt: Self.iso(job.record.updatedAt),
            stats: JobView.Stats(
                recordsIn: status?.recordsIn ?? 0, recordsOut: status?.recordsOut ?? 0,
                errors: (status?.badRecords ?? 0) + (status?.expressionErrors ?? 0), badRecords: status?.badRecords ?? 0,
                deadLettered: status?.deadLettered ?? 0, checkpoints: status?.checkpoints ?? 0,
                lateRecords: status?.lateRecords ?? 0, stateBytes: status?.stateBytes ?? 0,
                ratePerSecond: status?.ratePerSecond ?? 0, lag: status?.lag),
            explain: job.record.explain)
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    static func iso(_ milliseconds: Int64) -> String {
        ISOTime.formatTimestamp(milliseconds)
    }
}
