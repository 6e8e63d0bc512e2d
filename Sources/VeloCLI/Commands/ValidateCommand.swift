import ArgumentParser
import VeloPlanner
import VeloSQL

/// `velo-cli validate FILE.sql`: offline (no server): parses and plans the file as `velo-sql run` and
/// the server would, and prints every error with line:column and a caret.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Parse and plan a SQL file offline; print every error with a caret.",
        discussion: "Exits 1 when the file has any error."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The SQL file.", valueName: "file.sql"))
    var file: String

    func run() async throws {
        let source = try SQLFile.read(file)
        var planner = ScriptPlanner()
        let plan = planner.plan(source: source)
        if connection.output == .json {
            Console.printJSON(Self.document(file: file, plan: plan))
        } else if plan.errors.isEmpty {
            var text = "\(file): \(Format.plural(plan.jobs.count, "job")) OK\n"
            let rows = plan.jobs.map { ["  " + $0.name, $0.description ?? ""] }
            if !rows.isEmpty {
                text += TableRenderer(columns: ["JOB", "DESCRIPTION"], alignments: [.left, .left], showsHeader: false).render(rows)
            }
            Console.out(text)
        } else {
            Console.error(DiagnosticRenderer(source: source, fileName: file).render(plan.errors))
        }
        if !plan.errors.isEmpty {
            throw CLIError.message("\(file): \(Format.plural(plan.errors.count, "error"))")
        }
    }

    /// The shape of `POST /api/v1/validate`'s answer, plus the file name.
    static func document(file: String, plan: ScriptPlan) -> JSONValue {
        let errors = plan.errors.map { error -> JSONValue in
            var members: [(key: String, value: JSONValue)] = [
                (key: "message", value: .string(error.message)),
                (key: "line", value: .number(String(error.line))),
                (key: "column", value: .number(String(error.column))),
            ]
            if let hint = error.hint { members.append((key: "hint", value: .string(hint))) }
            return .object(members)
        }
        let jobs = plan.jobs.map { job -> JSONValue in
            .object([(key: "name", value: .string(job.name)), (key: "explain", value: .array(job.explain.map(JSONValue.string)))])
        }
        return .object([
            (key: "file", value: .string(file)),
            (key: "valid", value: .bool(plan.errors.isEmpty)),
            (key: "errors", value: .array(errors)),
            (key: "jobs", value: .array(jobs)),
        ])
    }
}
