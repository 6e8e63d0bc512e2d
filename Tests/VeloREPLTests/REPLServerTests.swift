import Foundation
import Testing

extension REPLTests {
    /// `velo-cli repl` in a terminal against a real `velo-sql server` process and the real broker.
    @Suite(
        "velo-cli repl against a server", .serialized,
        .enabled(if: Binaries.hasTmux, "needs tmux"),
        .enabled(if: Binaries.brokers != nil, "needs KAFKA_BOOTSTRAP_SERVERS"))
    struct REPLServerTests {
        /// A server, a REPL on it, and a topic of `{"id": n, "amount": n * 10}` for n in 1...3 declared as
        /// the stream `orders_<suffix>` (typed in the REPL). Everything is stopped by `close`.
        struct Setup {
            let server: ServerProcess
            let terminal: Terminal
            var kafka: KafkaTopics
            let scratch: URL
            let stream: String

            static func start() async throws -> Setup {
                let brokers = try #require(Binaries.brokers)
                var kafka = try KafkaTopics(brokers: brokers)
                let topic = kafka.name("repl-orders")
                try await kafka.produce(topic, ids: 1..<4)
                let server: ServerProcess
                do {
                    server = try await ServerProcess(brokers: brokers)
                } catch {
                    await kafka.cleanUp()
                    throw error
                }
                let scratch = try Binaries.temporaryDirectory("server-tty")
                let terminal: Terminal
                do {
                    terminal = try Terminal(["repl", "--server", server.baseURL], environment: ["VELO_HISTORY": scratch.appendingPathComponent("history").path])
                } catch {
                    await server.stop()
                    await kafka.cleanUp()
                    throw error
                }
                let setup = Setup(server: server, terminal: terminal, kafka: kafka, scratch: scratch, stream: kafka.name("orders"))
                do {
                    try await terminal.waitFor(text: "velo> ")
                    try terminal.enter("CREATE STREAM \(setup.stream) (id BIGINT, amount BIGINT) WITH ('topic' = '\(topic)');")
                    try await terminal.waitFor(text: "declared: \(setup.stream)")
                } catch {
                    await setup.close()
                    throw error
                }
                return setup
            }

            func close() async {
                terminal.kill()
                await server.stop()
                await kafka.cleanUp()
                try? FileManager.default.removeItem(at: scratch)
            }

            /// Runs `body` with a fresh setup, and closes it however `body` ends.
            static func with(_ body: (Setup) async throws -> Void) async throws {
                let setup = try await start()
                do {
                    try await body(setup)
                } catch {
                    await setup.close()
                    throw error
                }
                await setup.close()
            }

            /// How many prompts the screen shows (each command's end brings one).
            func prompts() throws -> Int {
                try terminal.screen().components(separatedBy: "velo> ").count - 1
            }
        }

        @Test("a SELECT shows its rows live as a table; Ctrl-C stops it and the prompt comes back; the shell goes on", .timeLimit(.minutes(2)))
        func queryAndCtrlC() async throws {
            try await Setup.with { setup in
                let terminal = setup.terminal

                try terminal.enter("SELECT id, amount FROM \(setup.stream);")
                let rows = try await terminal.waitFor("three rows", timeout: .seconds(60)) { hasRow(["3", "30"], in: $0) }
                #expect(hasRow(["id", "amount"], in: rows), "\(rows)")
                #expect(hasRow(["1", "10"], in: rows) && hasRow(["2", "20"], in: rows), "\(rows)")
                // A push query: still running, no new prompt.
                let before = try setup.prompts()
                try await Task.sleep(for: .milliseconds(500))
                let still = try terminal.screen()
                #expect(still.components(separatedBy: "velo> ").count - 1 == before, "the query ended by itself:\n\(still)")

                try terminal.press("C-c")
                let stopped = try await terminal.waitFor(text: "velo> ", count: before + 1)
                #expect(stopped.split(separator: "\n").contains("3 rows"), "\(stopped)")

                // The shell is alive: another command, another query, another Ctrl-C.
                try terminal.enter("\\jobs")
                try await terminal.waitFor(text: "no jobs")
                try terminal.enter("SELECT id FROM \(setup.stream) WHERE amount > 15;")
                try await terminal.waitFor("the filtered rows", timeout: .seconds(60)) { screen in
                    hasRow(["3"], in: screen.components(separatedBy: "amount > 15;").last ?? "")
                }
                let prompts = try setup.prompts()
                try terminal.press("C-c")
                let second = try await terminal.waitFor(text: "velo> ", count: prompts + 1)
                #expect(second.split(separator: "\n").contains("2 rows"), "\(second)")
                try terminal.enter("\\q")
                try await terminal.waitFor(text: "[exit 0]")
            }
        }

        @Test("Tab completes a stream name after FROM and a column of the stream the statement names", .timeLimit(.minutes(2)))
        func tabCompletion() async throws {
            try await Setup.with { setup in
                let terminal = setup.terminal
                let prefix = String(setup.stream.prefix(setup.stream.count - 4))

                try terminal.type("SELECT * FROM \(prefix)")
                try terminal.press("Tab")
                try await terminal.waitFor(text: "velo> SELECT * FROM \(setup.stream) ")
                try terminal.press("C-c")

                try terminal.type("SELECT amo")
                try terminal.press("Tab")
                try await terminal.waitFor(text: "velo> SELECT amount ")
                try terminal.press("C-c")

                // Keywords, in the case they were begun in.
                try terminal.type("sel")
                try terminal.press("Tab")
                try await terminal.waitFor(text: "velo> select ")
                try terminal.press("C-c")
            }
        }

        @Test("a statement the server rejects shows the line with a caret under the column", .timeLimit(.minutes(2)))
        func serverErrorCaret() async throws {
            try await Setup.with { setup in
                let terminal = setup.terminal

                try terminal.enter("SELECT idd FROM \(setup.stream);")
                let screen = try await terminal.waitFor(text: "error: the query has 1 error")
                let lines = screen.split(separator: "\n").map(String.init)
                #expect(lines.contains("error: unknown column 'idd'"), "\(screen)")
                #expect(lines.contains("1 | SELECT idd FROM \(setup.stream);"), "\(screen)")
                #expect(lines.contains("  |        ^"), "\(screen)")
            }
        }

        @Test("CREATE STREAM … AS SELECT deploys and prints the job; \\jobs, \\d, \\explain, \\output json, \\timing and DROP JOB work", .timeLimit(.minutes(2)))
        func deployAndCommands() async throws {
            try await Setup.with { setup in
                let terminal = setup.terminal
                let job = setup.kafka.name("big_orders")

                try terminal.enter("CREATE STREAM \(job) AS SELECT id FROM \(setup.stream) WHERE amount > 15;")
                let deployed = try await terminal.waitFor(text: "deployed 1 job")
                #expect(deployed.split(separator: "\n").contains { cells(String($0)).first == job }, "\(deployed)")

                try terminal.enter("\\jobs")
                try await terminal.waitFor("the job in \\jobs") { screen in
                    let after = screen.components(separatedBy: "velo> \\jobs").last ?? ""
                    return after.split(separator: "\n").contains { cells(String($0)).first == job }
                }

                // Tab completes job names after \d.
                try terminal.type("\\d big_ord")
                try terminal.press("Tab")
                try await terminal.waitFor(text: "velo> \\d \(job) ")
                try terminal.press("Enter")
                try await terminal.waitFor("the job described") { hasRow(["job", job], in: $0) }

                try terminal.enter("\\d")
                try await terminal.waitFor("the stream listed") { screen in
                    screen.split(separator: "\n").contains { cells(String($0)).first == setup.stream && $0.contains("id BIGINT, amount BIGINT") }
                }

                try terminal.enter("\\explain SELECT id FROM \(setup.stream) WHERE amount > 1;")
                try await terminal.waitFor(text: "filter amount > 1")

                try terminal.enter("\\timing")
                try await terminal.waitFor(text: "timing is on")
                try terminal.enter("\\output json")
                try await terminal.waitFor(text: "output: json")
                try terminal.enter("SHOW STREAMS;")
                try await terminal.waitFor(text: "\"name\": \"\(setup.stream)\"")
                try await terminal.waitFor(text: "time: ")
                try terminal.enter("\\output table")
                try await terminal.waitFor(text: "output: table")

                try terminal.enter("DROP JOB \(job);")
                try await terminal.waitFor(text: "dropped \(job)")
            }
        }
    }
}
