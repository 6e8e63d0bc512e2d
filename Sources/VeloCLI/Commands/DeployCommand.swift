import ArgumentParser

/// `velo-cli deploy FILE.sql [--name N]`: submits the file; every statement is planned by the server
/// before anything starts, so either all jobs are created or none.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Submit every statement of a SQL file; print the jobs created.",
        discussion: "SQL errors are shown against the file with line, column and a caret; nothing is deployed then."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The SQL file.", valueName: "file.sql"))
    var file: String

    @Option(help: "The job's name (when the file has exactly one job).")
    var name: String?

    func run() async throws {
        try await Self.submit(try SQLFile.read(file), name: name, fileName: file, client: try connection.client(), output: connection.output)
    }

    /// Deploys `source` and prints the jobs created; SQL errors are shown against `source` with a
    /// caret, named `fileName` (nil: the REPL's statement). The REPL deploys its statements with it.
    static func submit(_ source: String, name: String?, fileName: String?, client: APIClient, output: OutputFormat) async throws {
        var body: [(key: String, value: JSONValue)] = [(key: "sql", value: .string(source))]
        if let name { body.append((key: "name", value: .string(name))) }
        let response: APIResponse
        do {
            response = try await client.post("/api/v1/jobs", body: .object(body))
        } catch {
            guard let errors = error.positionedSQLErrors else { throw error }
            Console.error(ServerDiagnostics.render(errors, source: source, fileName: fileName))
            throw CLIError.message("\(fileName.map { "\($0): " } ?? "")\(Format.plural(errors.count, "error")); nothing was deployed")
        }
        let created = try response.decode(JobList.self)
        if output == .json {
            Console.printJSON(try response.json())
            return
        }
        var text = ""
        // A declaration typed in the REPL deployed no job: saying so would read like a failure.
        if fileName != nil || !created.jobs.isEmpty {
            text += "deployed \(Format.plural(created.jobs.count, "job"))\(fileName.map { " from \($0)" } ?? "")\n"
        }
        if let declared = created.declared, !declared.isEmpty {
            text += "declared: \(declared.joined(separator: ", "))\n"
        }
        if !created.jobs.isEmpty {
            text += "\n" + JobTable(includeTopics: true).render(created.jobs)
        }
        Console.out(text)
    }
}
