import Foundation
import Testing

extension REPLTests {
    /// `velo-cli repl --local` (queries in-process, no server) and the REPL reading a script from stdin.
    @Suite("velo-cli repl --local and scripts", .serialized)
    struct REPLLocalAndScriptTests {
        /// A JSON-lines file of three people, and the declaration of a stream over it.
        struct People {
            let directory: URL
            var file: String { directory.appendingPathComponent("people.jsonl").path }
            var declaration: String {
                "CREATE STREAM people (id BIGINT, name STRING) WITH ('connector' = 'file', 'path' = '\(file)');"
            }

            init() throws {
                directory = try Binaries.temporaryDirectory("local")
                try "{\"id\":1,\"name\":\"ada\"}\n{\"id\":2,\"name\":\"grace\"}\n{\"id\":3,\"name\":\"edsger\"}\n"
                    .write(toFile: file, atomically: true, encoding: .utf8)
            }

            func remove() {
                try? FileManager.default.removeItem(at: directory)
            }
        }

        /// No Kafka is needed for file streams; a broker nobody listens on proves it.
        static let noBroker = "127.0.0.1:1"

        @Test("stdin that is not a terminal: every statement runs in order, no prompts, exit 0", .timeLimit(.minutes(1)))
        func localScript() async throws {
            let people = try People()
            defer { people.remove() }
            let script = """
                \(people.declaration)
                SELECT id, name
                FROM people WHERE id > 1;
                \\d people
                \\explain SELECT name FROM people WHERE id = 2;
                \\jobs
                """
            let run = try await ScriptRun.run(["repl", "--local", "--brokers", Self.noBroker], input: script + "\n")
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "declared: people", "\(run.stdout)")
            #expect(hasRow(["id", "name"], in: run.stdout) && hasRow(["2", "grace"], in: run.stdout) && hasRow(["3", "edsger"], in: run.stdout), "\(run.stdout)")
            #expect(!hasRow(["1", "ada"], in: run.stdout), "\(run.stdout)")
            #expect(lines.contains("2 rows (drained)"), "\(run.stdout)")
            #expect(hasRow(["stream", "people"], in: run.stdout) && hasRow(["name", "STRING"], in: run.stdout), "\(run.stdout)")
            #expect(lines.contains { $0.hasSuffix("filter id = 2") }, "\(run.stdout)")
            #expect(lines.last == "no jobs", "\(run.stdout)")
            #expect(!run.stdout.contains("velo>"), "no prompts without a terminal:\n\(run.stdout)")
        }

        @Test("a script with failing statements: each error with a caret on stderr, the rest still runs, exit 1", .timeLimit(.minutes(1)))
        func scriptFailure() async throws {
            let people = try People()
            defer { people.remove() }
            let run = try await ScriptRun.run(
                ["repl", "--local", "--brokers", Self.noBroker],
                input: "\(people.declaration)\nSELECT idd FROM people;\nSELECT 'it''s; fine' AS s FORM x;\n\\timing\n")
            #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
            let errors = run.stderr.split(separator: "\n").map(String.init)
            // The planner's error, against the statement's own text.
            #expect(errors.contains("error: unknown column 'idd'"), "\(run.stderr)")
            #expect(errors.contains("1 | SELECT idd FROM people;"), "\(run.stderr)")
            #expect(errors.contains("  |        ^^^"), "\(run.stderr)")
            // The parser's error: the ';' in the string did not end the statement.
            #expect(errors.contains("error: expected FROM, found 'FORM'"), "\(run.stderr)")
            #expect(errors.contains("1 | SELECT 'it''s; fine' AS s FORM x;"), "\(run.stderr)")
            #expect(errors.contains("  |                           ^^^^"), "\(run.stderr)")
            #expect(errors.last == "error: 2 statements failed", "\(run.stderr)")
            #expect(run.stdout.contains("timing is on"), "\(run.stdout)")
        }

        @Test("--local in a terminal: a file query prints its rows and ends by itself; declarations stay in the session", .timeLimit(.minutes(1)), .enabled(if: Binaries.hasTmux, "needs tmux"))
        func localTerminal() async throws {
            let people = try People()
            defer { people.remove() }
            let terminal = try Terminal(["repl", "--local", "--brokers", Self.noBroker],
                                        environment: ["VELO_HISTORY": people.directory.appendingPathComponent("history").path])
            defer { terminal.kill() }
            try await terminal.waitFor(text: "velo> ")
            let banner = try terminal.screen()
            #expect(banner.contains("local session"), "\(banner)")

            try terminal.enter(people.declaration)
            try await terminal.waitFor(text: "declared: people")
            try terminal.type("SELECT na")
            try terminal.press("Tab")
            try await terminal.waitFor(text: "velo> SELECT name ")
            try terminal.enter("FROM people;")
            let screen = try await terminal.waitFor(text: "3 rows (drained)")
            #expect(hasRow(["name"], in: screen) && hasRow(["grace"], in: screen), "\(screen)")
            try await terminal.waitFor(text: "velo> ", count: 3)
            try terminal.press("C-d")
            try await terminal.waitFor(text: "[exit 0]")
        }

        @Test("--local on Kafka: a push query runs until Ctrl-C, which stops it and keeps the shell", .timeLimit(.minutes(2)),
              .enabled(if: Binaries.hasTmux, "needs tmux"), .enabled(if: Binaries.brokers != nil, "needs KAFKA_BOOTSTRAP_SERVERS"))
        func localKafkaCtrlC() async throws {
            let brokers = try #require(Binaries.brokers)
            var kafka = try KafkaTopics(brokers: brokers)
            let topic = kafka.name("repl-local")
            try await kafka.produce(topic, ids: 1..<4)
            let scratch = try Binaries.temporaryDirectory("local-kafka")
            let terminal = try Terminal(["repl", "--local", "--brokers", brokers], environment: ["VELO_HISTORY": scratch.appendingPathComponent("history").path])
            do {
                try await terminal.waitFor(text: "velo> ")
                let stream = kafka.name("ticks")
                try terminal.enter("CREATE STREAM \(stream) (id BIGINT, amount BIGINT) WITH ('topic' = '\(topic)');")
                try await terminal.waitFor(text: "declared: \(stream)")
                for round in 1...2 {
                    let prompts = try terminal.screen().components(separatedBy: "velo> ").count - 1
                    try terminal.enter("SELECT id, amount FROM \(stream);")
                    try await terminal.waitFor("round \(round)'s rows", timeout: .seconds(60)) { screen in
                        hasRow(["3", "30"], in: screen.components(separatedBy: "FROM \(stream);").last ?? "")
                    }
                    try terminal.press("C-c")
                    let stopped = try await terminal.waitFor(text: "velo> ", count: prompts + 1)
                    #expect((stopped.components(separatedBy: "FROM \(stream);").last ?? "").contains("\n3 rows\n"), "\(stopped)")
                }
                try terminal.enter("\\q")
                try await terminal.waitFor(text: "[exit 0]")
            } catch {
                terminal.kill()
                await kafka.cleanUp()
                try? FileManager.default.removeItem(at: scratch)
                throw error
            }
            terminal.kill()
            await kafka.cleanUp()
            try? FileManager.default.removeItem(at: scratch)
        }
    }
}
