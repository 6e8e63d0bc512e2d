import Foundation

/// The REPL's own commands: a line starting with `\`. They take the rest of their line, need no `;`
/// and are never sent to the server as SQL.
enum BackslashCommand: Equatable, Sendable {
    case help
    case quit
    case jobs
    /// `\d NAME`: a job, stream or table; `\d` alone lists streams and tables.
    case describe(String?)
    case explain(String)
    case timing
    /// nil: show the current format.
    case output(OutputFormat?)
    /// A command the REPL does not know, or a known one used wrongly: the message to print.
    case invalid(String)

    /// One row per command of the help table (`\?`), in the order shown.
    static let helpRows: [(command: String, does: String)] = [
        ("\\?", "show this help"),
        ("\\q", "quit (also Ctrl-D)"),
        ("\\jobs", "the table of jobs, as velo-cli jobs prints it"),
        ("\\d [NAME]", "describe a job, stream or table; alone: list the streams and tables"),
        ("\\explain SQL", "the operator graph of SQL, one node per line (nothing runs)"),
        ("\\timing", "turn on or off printing how long each statement took"),
        ("\\output table|json", "print results as aligned tables or as JSON"),
    ]

    /// The names Tab completes after a `\`.
    static let names = ["\\?", "\\q", "\\jobs", "\\d", "\\explain", "\\timing", "\\output"]

    static let helpHint = "type \\? for help"

    /// The help table and how statements work.
    static func helpText() -> String {
        TableRenderer(columns: ["COMMAND", "DOES"], alignments: [.left, .left]).render(helpRows.map { [$0.command, $0.does] })
            + """

            SQL statements end with ';' and may span lines. A SELECT runs live until it ends or Ctrl-C;
            CREATE STREAM … AS SELECT and INSERT INTO deploy jobs; CREATE STREAM/TABLE (…) WITH (…)
            declares. SHOW STREAMS|TABLES|JOBS|TOPICS and DESCRIBE NAME work as SQL too.
            Tab completes keywords, stream, table and column names, and job names after \\d.

            """
    }

    /// Parses a line that starts with `\` (leading spaces allowed).
    static func parse(_ line: String) -> BackslashCommand {
        let trimmed = line.drop { $0.isWhitespace }
        let name = String(trimmed.prefix { !$0.isWhitespace })
        var argument = String(trimmed.dropFirst(name.count)).trimmingCharacters(in: .whitespaces)
        switch name {
        case "\\?", "\\h", "\\help":
            return .help
        case "\\q", "\\quit", "\\exit":
            return .quit
        case "\\jobs":
            return argument.isEmpty ? .jobs : .invalid("\\jobs takes no argument")
        case "\\d", "\\describe":
            // `\d trades;` reads as `\d trades`: the habit of ending lines with ';'.
            if argument.hasSuffix(";") { argument = String(argument.dropLast()).trimmingCharacters(in: .whitespaces) }
            return .describe(argument.isEmpty ? nil : argument)
        case "\\explain":
            return argument.isEmpty ? .invalid("\\explain needs SQL: \\explain SELECT … FROM …") : .explain(argument)
        case "\\timing":
            return argument.isEmpty ? .timing : .invalid("\\timing takes no argument: it turns timing on or off")
        case "\\output", "\\o":
            if argument.isEmpty { return .output(nil) }
            guard let format = OutputFormat(rawValue: argument.lowercased()) else {
                return .invalid("\\output takes table or json, not '\(argument)'")
            }
            return .output(format)
        default:
            return .invalid("unknown command \(name.isEmpty ? "\\" : name)")
        }
    }
}
