import ArgumentParser
import Foundation

/// `velo-cli query 'SQL' [--limit N] [--timeout S]`: runs a transient query on the server and prints
/// its rows as they arrive; Ctrl-C stops it (the server drops the query when the connection closes).
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a transient push query and print its rows live.",
        discussion: "Stops at --limit rows, after --timeout seconds (the server's default is 60), or on Ctrl-C; then prints the number of rows."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The SELECT (quote it).")
    var sql: String

    @Option(help: "Stop after N rows.")
    var limit: Int?

    @Option(help: ArgumentHelp("Stop after S seconds (at most 3600).", valueName: "seconds"))
    var timeout: Double?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let timeout, !(timeout > 0 && timeout <= 3600) { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
    }

    func run() async throws {
        let client = try connection.client()
        var body: [(key: String, value: JSONValue)] = [(key: "sql", value: .string(sql))]
        if let limit { body.append((key: "limit", value: .number(String(limit)))) }
        if let timeout { body.append((key: "timeoutMs", value: .number(String(Int((timeout * 1000).rounded()))))) }
        // The request may sit quietly while a push query waits for records: allow the query's own
        // timeout and a margin before calling the server silent.
        let events = try client.streamLines(
            "POST", "/api/v1/query", body: .object(body), idleTimeout: (timeout ?? 3600) + 30, tickInterval: 1)
        try await Self.show(events, sql: sql, output: connection.output)
    }

    /// Prints the query's NDJSON events live until the query ends or Ctrl-C, then the number of rows;
    /// throws when the query failed. The REPL shows its in-process (`--local`) queries with it too.
    static func show(_ events: AsyncThrowingStream<StreamEvent, any Error>, sql: String, output: OutputFormat) async throws {
        let outcome: (value: QueryPrinter?, interrupted: Bool)
        do {
            outcome = try await Interrupt.run { try await Self.print(events, output: output) }
        } catch {
            guard let errors = (error as? CLIError)?.positionedSQLErrors else { throw error }
            Console.error(ServerDiagnostics.render(errors, source: sql, fileName: nil))
            throw CLIError.message("the query has \(Format.plural(errors.count, "error"))")
        }
        // The terminal echoed ^C where the cursor was: the summary goes on a line of its own.
        if outcome.interrupted && Console.outputIsTerminal { Console.out("\n") }
        guard let printer = outcome.value else {
            Console.out("interrupted\n")
            return
        }
        // The summary is not a row: on stderr in JSON mode so stdout stays one JSON object per line.
        let summary = printer.summary + "\n"
        if output == .json { Console.error(summary) } else { Console.out(summary) }
        if outcome.interrupted { return }
        if let error = printer.error {
            throw CLIError.message("the query failed: \(error.oneLine)")
        }
        if printer.endReason == nil {
            throw CLIError.message("the server closed the query before its end")
        }
    }

    /// Prints the rows as they come until the server ends the query or Ctrl-C cancels the task.
    private static func print(_ events: AsyncThrowingStream<StreamEvent, any Error>, output: OutputFormat) async throws -> QueryPrinter {
        var printer = QueryPrinter(output: output)
        do {
            for try await event in events {
                switch event {
                case .lines(let lines):
                    for line in lines { try printer.consume(line) }
                    Console.out(printer.flush())
                case .tick:
                    Console.out(printer.tick())
                }
                if printer.ended { break }
            }
        } catch where Task.isCancelled {
            // Ctrl-C: the rows so far stand.
        }
        Console.out(printer.finish())
        return printer
    }
}
