import Foundation
import Testing

/// `velo-cli validate FILE.sql`: offline (no server, no broker), every error with line:column and a caret.
@Suite("velo-cli validate (offline)")
struct OfflineValidateTests {
    @Test("a good file: exit 0, the jobs it would create", .timeLimit(.minutes(2)))
    func goodFile() async throws {
        let file = try CLI.writeTemporaryFile("good.sql", """
            CREATE STREAM trades (id BIGINT, sym STRING, qty BIGINT) WITH ('topic' = 'trades');
            -- @name: big_trades
            -- @description: trades over 1000 shares
            CREATE STREAM big_trades AS SELECT id, sym FROM trades WHERE qty > 1000;

            """)
        defer { CLI.removeTemporaryFile(file) }
        // No server anywhere: validate must not need one.
        let result = try await CLI.run(["--server", "http://127.0.0.1:1", "validate", file.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("\(file.path): 1 job OK\n"), "\(result)")
        #expect(CLI.row("big_trades", in: result.stdout) == ["big_trades", "trades over 1000 shares"], "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("a bad file: exit 1, each error with file:line:column, the line and a caret", .timeLimit(.minutes(2)))
    func badFile() async throws {
        let file = try CLI.writeTemporaryFile("bad.sql", """
            CREATE STREAM trades (id BIGINT, qty BIGINT) WITH ('topic' = 'trades');
            CREATE STREAM a AS SELECT idd FROM trades;
            CREATE STREAM b AS SELECT UPPR(id) FROM trades;

            """)
        defer { CLI.removeTemporaryFile(file) }
        let result = try await CLI.run(["validate", file.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The unknown column: the line, then a caret under `idd` (column 27).
        #expect(result.stderr.contains("error: unknown column 'idd'"), "\(result)")
        #expect(result.stderr.contains("--> \(file.path):2:27"), "\(result)")
        let sourceLine = try #require(lines.firstIndex(of: "2 | CREATE STREAM a AS SELECT idd FROM trades;"), "\(result)")
        #expect(lines.indices.contains(sourceLine + 1) && lines[sourceLine + 1] == "  | " + String(repeating: " ", count: 26) + "^^^", "\(result)")
        #expect(result.stderr.contains("did you mean 'id'?"), "\(result)")
        // The unknown function on line 3 as well: every error, not only the first.
        #expect(result.stderr.contains("error: unknown function UPPR"), "\(result)")
        #expect(result.stderr.contains("--> \(file.path):3:27"), "\(result)")
        #expect(lines.contains("3 | CREATE STREAM b AS SELECT UPPR(id) FROM trades;"), "\(result)")
        #expect(lines.last(where: { !$0.isEmpty }) == "error: \(file.path): 2 errors", "\(result)")
        #expect(!result.stderr.contains("Fatal error"), "\(result)")
    }

    @Test("a syntax error: exit 1, the line, a caret under the offending word and the hint", .timeLimit(.minutes(2)))
    func syntaxError() async throws {
        let file = try CLI.writeTemporaryFile("typo.sql", "CREATE STREAM t (id BIGINT) WITH ('topic' = 't');\nCREATE STREAM b AS SELECT id FORM t;\n")
        defer { CLI.removeTemporaryFile(file) }
        let result = try await CLI.run(["validate", file.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == """
            error: expected FROM, found 'FORM'
             --> \(file.path):2:30
              |
            2 | CREATE STREAM b AS SELECT id FORM t;
              |                              ^^^^
              = hint: did you mean FROM?
            error: \(file.path): 1 error

            """, "\(result)")
    }

    @Test("a missing file: exit 1 with one line naming it", .timeLimit(.minutes(2)))
    func missingFile() async throws {
        let result = try await CLI.run(["validate", "/nonexistent/job.sql"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "error: cannot read /nonexistent/job.sql: no such file\n", "\(result)")
    }
}
