import ArgumentParser

/// `velo-cli explain 'SQL'`: the operator graph of each job the SQL would create, one node per line,
/// from `POST /api/v1/validate` (nothing runs).
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the operator graph of a SQL statement, one node per line."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The SQL (quote it).")
    var sql: String

    func run() async throws {
        let client = try connection.client()
        let response: APIResponse
        do {
            response = try await client.post("/api/v1/validate", body: .object([(key: "sql", value: .string(sql))]))
        } catch {
            // docs/api.md answers bad SQL with 200 and `valid: false`; a 400 with positions reads the same.
            guard let errors = error.positionedSQLErrors else { throw error }
            Console.error(ServerDiagnostics.render(errors, source: sql, fileName: nil))
            throw CLIError.message("the SQL has \(Format.plural(errors.count, "error"))")
        }
        let answer = try response.decode(ValidationAnswer.self)
        if connection.output == .json {
            Console.printJSON(try response.json())
        } else if answer.valid {
            Console.out(Self.render(answer.jobs))
        }
        guard answer.valid else {
            if connection.output == .table {
                Console.error(ServerDiagnostics.render(answer.errors, source: sql, fileName: nil))
            }
            throw CLIError.message("the SQL has \(Format.plural(max(1, answer.errors.count), "error"))")
        }
        if answer.jobs.isEmpty {
            Console.error("nothing to explain: the SQL creates no job\n")
        }
    }

    /// One job: its lines. Several: each under a `job NAME` heading, indented.
    static func render(_ jobs: [ExplainedJob]) -> String {
        guard jobs.count > 1 else { return jobs.first.map { $0.explain.map { $0 + "\n" }.joined() } ?? "" }
        return jobs.map { job in
            "job \(job.name)\n" + job.explain.map { "  \($0)\n" }.joined()
        }.joined(separator: "\n")
    }
}
