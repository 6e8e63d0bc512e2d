import Foundation
import Testing

extension REPLTests {
    /// `velo-cli repl` as a person uses it: the built binary in a pseudo-terminal (tmux), keys typed,
    /// the screen read. The tests that need no server point the REPL at a port nobody listens on.
    @Suite("velo-cli repl in a terminal", .serialized, .enabled(if: Binaries.hasTmux, "needs tmux"))
    struct REPLTerminalTests {
        static let nowhere = "http://127.0.0.1:1"

        /// A history file of the test's own, removed with its directory.
        struct Scratch {
            let directory: URL
            var history: String { directory.appendingPathComponent("history").path }

            init() throws {
                directory = try Binaries.temporaryDirectory("tty")
            }

            func remove() {
                try? FileManager.default.removeItem(at: directory)
            }
        }

        static func start(_ arguments: [String], history: String) async throws -> Terminal {
            let terminal = try Terminal(["repl"] + arguments, environment: ["VELO_HISTORY": history])
            do {
                try await terminal.waitFor(text: "velo> ")
            } catch {
                terminal.kill()
                throw error
            }
            return terminal
        }

        @Test("\\? shows the help table; an unknown command says so and points to \\?; \\q exits 0", .timeLimit(.minutes(1)))
        func helpAndQuit() async throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let terminal = try await Self.start(["--server", Self.nowhere], history: scratch.history)
            defer { terminal.kill() }

            try terminal.enter("\\?")
            let help = try await terminal.waitFor(text: "velo> ", count: 2)
            #expect(hasRow(["COMMAND", "DOES"], in: help), "\(help)")
            for command in ["\\q", "\\jobs", "\\d [NAME]", "\\explain SQL", "\\timing", "\\output table|json"] {
                #expect(help.split(separator: "\n").contains { cells(String($0)).first == command }, "\(command) in\n\(help)")
            }

            try terminal.enter("\\frobnicate")
            let unknown = try await terminal.waitFor(text: "velo> ", count: 3)
            #expect(unknown.contains("error: unknown command \\frobnicate (type \\? for help)"), "\(unknown)")

            try terminal.enter("\\q")
            try await terminal.waitFor(text: "[exit 0]")
        }

        @Test("Ctrl-C at the prompt discards the line and the shell goes on; Ctrl-D exits 0", .timeLimit(.minutes(1)))
        func ctrlCAndCtrlD() async throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let terminal = try await Self.start(["--server", Self.nowhere], history: scratch.history)
            defer { terminal.kill() }

            // Half a statement over two lines, then Ctrl-C: both lines are gone.
            try terminal.enter("SELECT id")
            try await terminal.waitFor(text: "   -> ")
            try terminal.type("FROM nowhere")
            try terminal.press("C-c")
            try await terminal.waitFor(text: "velo> ", count: 2)
            try terminal.enter("\\timing")
            let screen = try await terminal.waitFor(text: "timing is on")
            #expect(!screen.contains("error"), "the discarded statement never ran:\n\(screen)")

            try terminal.press("C-d")
            try await terminal.waitFor(text: "[exit 0]")
        }

        @Test("a statement with a syntax error shows its line and a caret under the column, and nothing is sent", .timeLimit(.minutes(1)))
        func syntaxErrorCaret() async throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let terminal = try await Self.start(["--server", Self.nowhere], history: scratch.history)
            defer { terminal.kill() }

            try terminal.enter("SELECT id, amount")
            try terminal.enter("FORM trades;")
            let screen = try await terminal.waitFor(text: "velo> ", count: 2)
            let lines = screen.split(separator: "\n").map(String.init)
            #expect(lines.contains("error: expected FROM, found 'FORM'"), "\(screen)")
            #expect(lines.contains { $0.hasSuffix("--> 2:1") }, "\(screen)")
            #expect(lines.contains("2 | FORM trades;"), "\(screen)")
            #expect(lines.contains("  | ^^^^"), "\(screen)")
            let after = screen.components(separatedBy: "FORM trades;").last ?? ""
            #expect(!after.contains("cannot reach"), "a syntax error is caught before anything is sent:\n\(screen)")
        }

        @Test("history survives a restart: the file holds the multi-line statement as one entry, Up recalls it", .timeLimit(.minutes(1)))
        func historyAcrossRestarts() async throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let first = try await Self.start(["--server", Self.nowhere], history: scratch.history)
            defer { first.kill() }
            try first.enter("SELECT id")
            try first.enter("FROM history_probe;")
            // Sent to a server that is not there: it fails, and is in the history all the same.
            try await first.waitFor(text: "cannot reach")
            try first.enter("\\q")
            try await first.waitFor(text: "[exit 0]")
            first.kill()

            let saved = try String(contentsOfFile: scratch.history, encoding: .utf8)
            #expect(saved.split(separator: "\n").contains("SELECT id\\nFROM history_probe;"), "\(saved)")

            let second = try await Self.start(["--server", Self.nowhere], history: scratch.history)
            defer { second.kill() }
            // Up: \q (the last entry); Up again: the statement.
            try second.press("Up")
            try await second.waitFor(text: "velo> \\q")
            try second.press("Up")
            let recalled = try await second.waitFor(text: "FROM history_probe;")
            #expect(recalled.contains("velo> SELECT id"), "\(recalled)")
            try second.press("Enter")
            try await second.waitFor(text: "cannot reach", count: 1)
            try await second.waitFor(text: "velo> ", count: 2)
        }
    }
}
