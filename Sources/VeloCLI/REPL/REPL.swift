import Foundation
import VeloSQL

/// The shell of `velo-cli repl` (PRODUCT.md §6): reads lines, gathers them into statements
/// (`StatementBuffer`), runs backslash commands and statements against a session (a server or this
/// process) and prints their output. Interactive on a terminal (libedit: editing, history, Tab);
/// otherwise it reads statements from stdin, runs them and exits.
final class REPL {
    static let prompt = "velo> "
    static let continuationPrompt = "   -> "

    private let session: any REPLSession
    private var output: OutputFormat
    private var timing = false
    private var buffer = StatementBuffer()
    /// What Tab completes from, shared with the input thread.
    private let completion = CompletionState()
    /// Statements and commands that failed (a script's exit status).
    private(set) var failures = 0

    init(session: any REPLSession, output: OutputFormat) {
        self.session = session
        self.output = output
    }

    // MARK: Input

    /// On a terminal: prompts, line editing, history (kept in `history`), Tab; Ctrl-C discards the
    /// line, or stops the running statement; Ctrl-D or `\q` ends the session.
    func runInteractive(editor: LineEditor, history: HistoryFile) async {
        let completion = self.completion
        editor.setCompleter { beforeCursor in completion.complete(beforeCursor: beforeCursor) }
        let input = InputThread()
        var historyWarning: String?
        let saved = history.load()
        for entry in saved { editor.addHistory(entry) }
        Console.out(await session.banner() + "\n" + "type \\? for help, \\q to quit; statements end with ;\n")
        await refreshNames()
        // Ctrl-C never ends the shell: while editing it is a key (see CLineEdit), while a statement
        // runs it stops the statement (Interrupt), and in between it is ignored.
        Interrupt.ignoreWhenIdle()
        var entryLines: [String] = []
        var lastEntry = saved.last
        while true {
            completion.setPending(buffer.pending)
            let prompt = buffer.isEmpty ? Self.prompt : Self.continuationPrompt
            let read = await input.run { editor.read(prompt: prompt) }
            guard case .line(let line) = read else {
                if read == .interrupt {
                    buffer.clear()
                    entryLines = []
                    continue
                }
                Console.out("\n")
                break
            }
            if buffer.isEmpty && line.allSatisfy(\.isWhitespace) { continue }
            // A statement, however many lines, is one history entry, added once it is complete; a
            // backslash command is an entry of its own.
            var entry: String?
            if Self.isCommand(line) {
                entry = line
            } else {
                entryLines.append(line)
                if !isStatementPending(after: line) {
                    entry = entryLines.joined(separator: "\n")
                    entryLines = []
                }
            }
            // A recalled entry run again is not a new one.
            if let entry, entry != lastEntry {
                lastEntry = entry
                editor.addHistory(entry)
                if let problem = history.append(entry), historyWarning == nil {
                    historyWarning = problem
                    Console.error("warning: \(problem); history is not saved\n")
                }
            }
            guard await handle(line) else { break }
        }
    }

    /// Without a terminal: every line of stdin, no prompts; a last statement without `;` runs at the end.
    func runScript() async {
        let input = InputThread()
        await refreshNames()
        while true {
            guard let line = await input.run({ readLine(strippingNewline: true) }) else { break }
            guard await handle(line) else { return }
        }
        if let last = buffer.finish() { await run(statement: last) }
    }

    /// Whether adding `line` to the buffer leaves part of a statement pending.
    private func isStatementPending(after line: String) -> Bool {
        var copy = buffer
        _ = copy.add(line)
        return !copy.isEmpty
    }

    /// Runs a line: a backslash command, or input for the statement buffer (which runs every
    /// statement the line completes). False when the session should end.
    private func handle(_ line: String) async -> Bool {
        if Self.isCommand(line) {
            return await run(command: BackslashCommand.parse(line))
        }
        for statement in buffer.add(line) { await run(statement: statement) }
        return true
    }

    static func isCommand(_ line: String) -> Bool {
        line.drop(while: \.isWhitespace).hasPrefix("\\")
    }

    // MARK: Backslash commands

    private func run(command: BackslashCommand) async -> Bool {
        switch command {
        case .quit:
            return false
        case .help:
            Console.out(BackslashCommand.helpText())
        case .timing:
            timing.toggle()
            Console.out("timing is \(timing ? "on" : "off")\n")
        case .output(let format):
            if let format { output = format }
            Console.out("output: \(output.rawValue)\n")
        case .invalid(let message):
            failures += 1
            Console.error("error: \(message) (\(BackslashCommand.helpHint))\n")
        case .jobs:
            await timed { session, output in try await session.jobs(output: output) }
        case .describe(let name):
            await timed { session, output in
                guard let name else {
                    try await session.show(.streams, output: output)
                    if output == .table { Console.out("\n") }
                    try await session.show(.tables, output: output)
                    return
                }
                try await session.describe(name, output: output)
            }
        case .explain(let sql):
            let text = sql.hasSuffix(";") ? String(sql.dropLast()) : sql
            await timed { session, output in
                try Self.checkSyntax(text)
                try await session.explain(text, output: output)
            }
        }
        return true
    }

    // MARK: Statements

    /// Parses the statement here first (syntax errors need no server), then sends it where it goes.
    private func run(statement sql: String) async {
        await timed { session, output in
            let parsed = try Self.checkSyntax(sql)
            guard let statement = parsed.statements.first else { return }
            try await Self.dispatch(statement, sql: sql, session: session, output: output)
        }
        switch SQL.parse(sql).statements.first?.kind {
        case .createStream, .createTable, .insert, .drop, .job:
            // Names for Tab may have changed.
            await refreshNames()
        default:
            break
        }
    }

    private static func dispatch(_ statement: Statement, sql: String, session: any REPLSession, output: OutputFormat) async throws {
        switch statement.kind {
        case .query:
            try await session.query(sql, output: output)
        case .createStream, .createTable, .insert:
            try await session.deploy(sql, output: output)
        case .show(let target):
            try await session.show(target, output: output)
        case .describe(let name):
            try await session.describe(name, output: output)
        case .explain(let inner):
            // The statement without EXPLAIN, blanked rather than cut so positions stay where they were.
            try await session.explain(blanking(sql, upTo: inner.span.start.offset), output: output)
        case .drop(.job, let name):
            try await session.lifecycle(.drop, job: name, output: output)
        case .drop(let kind, let name):
            throw CLIError.message("DROP \(kind.rawValue) \(name): streams and tables cannot be dropped yet; DROP JOB drops a job")
        case .job(let action, let name):
            try await session.lifecycle(JobLifecycleCommand(action), job: name, output: output)
        }
    }

    /// `sql` with every character before the UTF-8 offset `end` but newlines replaced by spaces.
    static func blanking(_ sql: String, upTo end: Int) -> String {
        var bytes = Array(sql.utf8)
        for index in 0..<min(end, bytes.count) where bytes[index] != UInt8(ascii: "\n") {
            bytes[index] = UInt8(ascii: " ")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The parse, or the syntax errors printed with a caret and thrown as a one-line failure.
    @discardableResult
    static func checkSyntax(_ sql: String) throws(CLIError) -> ParseResult {
        let parsed = SQL.parse(sql)
        guard parsed.errors.isEmpty else {
            Console.error(DiagnosticRenderer(source: sql).render(parsed.errors))
            throw .message("the statement has \(Format.plural(parsed.errors.count, "error")); nothing was run")
        }
        return parsed
    }

    // MARK: Running, timing, errors

    /// Runs one statement or command so that Ctrl-C stops it (and only it), prints its failure, and
    /// with `\timing` on how long it took.
    private func timed(_ work: @escaping @Sendable (any REPLSession, OutputFormat) async throws -> Void) async {
        let session = self.session
        let output = self.output
        let start = ContinuousClock.now
        do {
            let outcome = try await Interrupt.run { try await work(session, output) }
            if outcome.interrupted && outcome.value == nil { Console.out("interrupted\n") }
        } catch let error as CLIError {
            failures += 1
            Console.error(error.description.split(separator: "\n", omittingEmptySubsequences: false).map { "error: \($0)\n" }.joined())
        } catch {
            failures += 1
            Console.error("error: \(error)\n")
        }
        if timing {
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
            Console.out(String(format: "time: %.3f ms\n", milliseconds))
        }
    }

    private func refreshNames() async {
        completion.setNames(await session.completionNames())
    }
}
