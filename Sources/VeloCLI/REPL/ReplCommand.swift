import ArgumentParser
import Foundation
import Logging

/// `velo-cli repl [--local [--brokers LIST]]`: the interactive shell (PRODUCT.md §6, docs/cli.md).
struct ReplCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "An interactive SQL shell against the server, or in-process with --local.",
        discussion: """
            Statements end with ';' and may span lines; \\? lists the backslash commands. A SELECT prints \
            its rows live until Ctrl-C. History is kept in ~/.velo_history (VELO_HISTORY overrides). \
            When stdin is not a terminal, the statements it holds run one after another and the shell \
            exits (1 if any failed).
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Run statements in this process, without a server (Kafka at --brokers).")
    var local = false

    @Option(help: ArgumentHelp("Kafka bootstrap servers for --local (also VELO_BROKERS; default 127.0.0.1:9092).", valueName: "list"))
    var brokers: String?

    func validate() throws {
        if brokers != nil && !local { throw ValidationError("--brokers goes with --local (a server has its own brokers)") }
    }

    func run() async throws {
        let session: any REPLSession
        if local {
            Self.quietLogging()
            let environment = ProcessInfo.processInfo.environment
            session = try LocalSession(brokers: brokers ?? environment["VELO_BROKERS"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1:9092")
        } else {
            session = RemoteSession(client: try connection.client())
        }
        let repl = REPL(session: session, output: connection.output)
        if isatty(STDIN_FILENO) == 1, let editor = LineEditor(program: "velo-cli", historySize: HistoryFile.defaultLimit) {
            await repl.runInteractive(editor: editor, history: HistoryFile(path: HistoryFile.defaultPath()))
            await session.close()
            return
        }
        await repl.runScript()
        await session.close()
        if repl.failures > 0 {
            throw CLIError.message("\(Format.plural(repl.failures, "statement")) failed")
        }
    }

    /// The Kafka client logs through swift-log, whose default is stdout: in the middle of a result
    /// table, or of the line being typed (librdkafka retries an unreachable broker every second).
    /// A session reports failures itself, with the statement; so only critical lines go to stderr,
    /// unless VELO_LOG_LEVEL says otherwise.
    private static func quietLogging() {
        let level = ProcessInfo.processInfo.environment["VELO_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
