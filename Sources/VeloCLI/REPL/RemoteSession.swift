import ArgumentParser
import VeloSQL

/// Statements against a `velo-sql server`: each runs the velo-cli command that does the same
/// (`\jobs` is `velo-cli jobs`, a SELECT is `velo-cli query`, …), parsed from arguments, so the REPL
/// prints exactly what the commands print and shares their error handling.
struct RemoteSession: REPLSession {
    let client: APIClient

    init(client: APIClient) {
        self.client = client
    }

    /// `--server URL [--token T]`: what every command is given.
    private var connectionArguments: [String] {
        var arguments = ["--server", client.baseURL]
        if let token = client.token { arguments += ["--token", token] }
        return arguments
    }

    /// Runs `C` with the connection, the output format and `arguments` (after `--`, so SQL or a name
    /// starting with `-` is not read as an option).
    private func run<C: AsyncParsableCommand>(_ type: C.Type, options: [String] = [], _ arguments: [String] = [], output: OutputFormat) async throws {
        var command: C
        do {
            command = try C.parse(connectionArguments + ["--output", output.rawValue] + options + (arguments.isEmpty ? [] : ["--"] + arguments))
        } catch {
            throw CLIError.message(C.message(for: error))
        }
        try await command.run()
    }

    func banner() async -> String {
        do {
            let health = try await client.get("/health", accepted: [200, 503]).decode(Health.self)
            let version = health.server?.version.map { " (velo-sql \($0))" } ?? ""
            return "connected to \(client.baseURL)\(version): \(health.status)"
        } catch {
            return "warning: \(error); statements will fail until the server answers"
        }
    }

    func query(_ sql: String, output: OutputFormat) async throws {
        // An interactive query runs until Ctrl-C: the longest timeout the server allows.
        try await run(QueryCommand.self, options: ["--timeout", "3600"], [sql], output: output)
    }

    func deploy(_ sql: String, output: OutputFormat) async throws {
        try await DeployCommand.submit(sql, name: nil, fileName: nil, client: client, output: output)
    }

    func jobs(output: OutputFormat) async throws {
        try await run(JobsCommand.self, output: output)
    }

    func describe(_ name: String, output: OutputFormat) async throws {
        try await run(DescribeCommand.self, [name], output: output)
    }

    func show(_ target: ShowTarget, output: OutputFormat) async throws {
        switch target {
        case .streams: try await run(StreamsCommand.self, output: output)
        case .tables: try await run(TablesCommand.self, output: output)
        case .jobs: try await run(JobsCommand.self, output: output)
        case .topics: try await run(TopicsCommand.self, output: output)
        case .functions: throw CLIError.message("SHOW FUNCTIONS: the server does not list functions (docs/sql.md does)")
        }
    }

    func explain(_ sql: String, output: OutputFormat) async throws {
        try await run(ExplainCommand.self, [sql], output: output)
    }

    func lifecycle(_ command: JobLifecycleCommand, job: String, output: OutputFormat) async throws {
        switch command {
        case .stop: try await run(StopCommand.self, [job], output: output)
        case .pause: try await run(PauseCommand.self, [job], output: output)
        case .resume: try await run(ResumeCommand.self, [job], output: output)
        case .restart: try await run(RestartCommand.self, [job], output: output)
        case .drop: try await run(DropCommand.self, [job], output: output)
        }
    }

    func completionNames() async -> CompletionNames {
        var names = CompletionNames()
        for path in ["/api/v1/streams", "/api/v1/tables"] {
            guard let answer = try? await client.get(path) else { continue }
            let entries = (try? answer.decode(StreamList.self).streams) ?? (try? answer.decode(TableList.self).tables) ?? []
            for entry in entries { names.relations[entry.name] = entry.columns?.map(\.name) ?? [] }
        }
        if let jobs = try? await client.get("/api/v1/jobs").decode(JobList.self).jobs {
            names.jobs = jobs.map(\.name)
        }
        return names
    }

    func close() async {}
}
