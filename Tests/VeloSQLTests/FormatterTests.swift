import Foundation
import Testing
import VeloSQL

private func formatted(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    switch SQLFormatter().format(source) {
    case .formatted(let text, _):
        return text
    case .invalid(_, let rendered):
        Issue.record("does not parse:\n\(rendered)", sourceLocation: sourceLocation)
        return ""
    }
}

/// Every comment of `source` appears in `output`, as often as in the source.
private func expectCommentsKept(_ source: String, in output: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let comments = SQL.parse(source).comments.map(\.text)
    for comment in Set(comments) {
        let expected = comments.filter { $0 == comment }.count
        let found = output.components(separatedBy: comment).count - 1
        #expect(found >= expected, "comment \(comment) lost in:\n\(output)", sourceLocation: sourceLocation)
    }
}

@Suite("Formatter")
struct FormatterTests {
    static let messy = """
        -- Orders worth watching.

        -- @name: big_orders
        -- @description: orders over 100, doubled
        create stream big_orders with ('topic'='big', partitions = 3) as
        select id,   -- the order
               amount * 2 as doubled,
               /* who */ o.customer
        from orders o join customers c
          on o.cid = c.id -- by customer
        where amount > 100 and status not in ('x', 'y')
        emit changes;
        select 1;   -- one
        /* between */

        select count(*) from t window tumbling(ts, 1m, grace period 10s) group by s;
        -- the end
        """

    @Test("legal placements are kept as written: WITHIN before ON, GRACE inside, HAVING before WINDOW, EMIT last, WITH after the query")
    func placementsKept() {
        let source = """
            CREATE STREAM x AS
            SELECT a, POSITION('x' IN s)
            FROM t
            INNER JOIN u WITHIN 5m ON t.k = u.k
            LEFT OUTER JOIN v ON v.k = t.k
            EMIT CHANGES
            WITH (
                'topic' = 'x'
            );

            SELECT k, COUNT(*)
            FROM t
            GROUP BY k
            HAVING COUNT(*) > 1
            WINDOW TUMBLING(ts, 1m, GRACE PERIOD 5s)
            EMIT FINAL;

            SELECT a
            FROM t
            ORDER BY a
            LIMIT 3
            EMIT CHANGES;

            """
        #expect(formatted(source) == source)
    }

    @Test("canonical layout: keywords upper-case, one clause per line, properties and columns one per line")
    func canonical() {
        #expect(formatted("select a,b from t where x>1 and y<2 limit 3") == """
            SELECT a, b
            FROM t
            WHERE x > 1 AND y < 2
            LIMIT 3;

            """)
        #expect(formatted("create table t (id bigint primary key, v string) with ('topic'='t')") == """
            CREATE TABLE t (
                id BIGINT PRIMARY KEY,
                v STRING
            ) WITH (
                'topic' = 't'
            );

            """)
    }

    @Test("comments and annotations are kept, next to the code they were written beside")
    func comments() {
        let output = formatted(Self.messy)
        expectCommentsKept(Self.messy, in: output)
        #expect(output == """
            -- Orders worth watching.

            -- @name: big_orders
            -- @description: orders over 100, doubled
            CREATE STREAM big_orders WITH (
                'topic' = 'big',
                'partitions' = 3
            ) AS
            SELECT
                id,  -- the order
                amount * 2 AS doubled,
                /* who */
                o.customer
            FROM orders AS o
            JOIN customers AS c ON o.cid = c.id  -- by customer
            WHERE amount > 100 AND status NOT IN ('x', 'y')
            EMIT CHANGES;

            SELECT 1;  -- one

            /* between */

            SELECT COUNT(*)
            FROM t
            WINDOW TUMBLING(ts, 1m, GRACE PERIOD 10s)
            GROUP BY s;
            -- the end

            """)
    }

    @Test("a comment after the last element of a list stays inside the list (found by libFuzzer)")
    func commentBeforeClosingParenthesis() {
        let source = """
            CREATE STREAM s (a INT) WITH (
                'topic' = 'orders',
                -- the watermark comes later
            );
            SELECT 1;
            """
        let once = formatted(source)
        #expect(once == """
            CREATE STREAM s (
                a INT
            ) WITH (
                'topic' = 'orders'
                -- the watermark comes later
            );

            SELECT 1;

            """)
        #expect(formatted(once) == once)
    }

    @Test("comments among SELECT items keep the list broken, run after run (found by libFuzzer)")
    func commentsAmongItems() {
        for source in ["SELECT /* c */ a + b, c FROM t", "SELECT a + /* d */ b, c FROM t", "SELECT auction, bidder\n-- note\norde FROM bid"] {
            let once = formatted(source)
            #expect(once.hasPrefix("SELECT\n"), "\(once)")
            #expect(formatted(once) == once, "\(source)")
        }
    }

    @Test("formatting formatted text changes nothing")
    func idempotent() {
        for source in [Self.messy] + productionExamples.values.flatMap({ $0 }) {
            let once = formatted(source)
            #expect(formatted(once) == once, "\(source)")
            if case .formatted(_, let changed) = SQLFormatter().format(once) { #expect(!changed) }
        }
    }

    @Test("invalid SQL is not formatted: every error is rendered")
    func invalid() {
        guard case .invalid(let errors, let rendered) = SQLFormatter().format("SELECT a FORM t;\nSELECT (1;", fileName: "x.sql") else {
            Issue.record("must be invalid")
            return
        }
        #expect(errors.count == 2)
        #expect(rendered.contains("--> x.sql:1:10"))
        #expect(rendered.contains("--> x.sql:2:8"))
        #expect(rendered.contains("^^^^"))
    }
}

/// `velo-sql fmt` run as a process, the way users and CI run it.
@Suite("velo-sql fmt")
struct FormatCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func velosql(_ arguments: [String]) throws -> Run {
        let binary = ProcessInfo.processInfo.environment["VELO_SQL_BIN"]
            ?? repositoryRoot.appendingPathComponent(".build/debug/velo-sql").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("velo-fmt-\(UUID().uuidString).sql")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("prints canonical SQL; --check exits 1 until --in-place has rewritten the file")
    func checkAndInPlace() throws {
        let file = try Self.temporaryFile("-- keep me\nselect a from t")
        defer { try? FileManager.default.removeItem(at: file) }
        let printed = try Self.velosql(["fmt", file.path])
        #expect(printed.status == 0)
        #expect(printed.stdout == "-- keep me\nSELECT a\nFROM t;\n")

        let check = try Self.velosql(["fmt", "--check", file.path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("is not formatted"))

        let rewrite = try Self.velosql(["fmt", "--in-place", file.path])
        #expect(rewrite.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == printed.stdout)
        #expect(try Self.velosql(["fmt", "--check", file.path]).status == 0)
    }

    @Test("invalid SQL: the errors with caret on stderr, exit 1, the file untouched")
    func invalidFile() throws {
        let source = "SELECT a\nFORM t;\n"
        let file = try Self.temporaryFile(source)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Self.velosql(["fmt", "--in-place", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: expected FROM, found 'FORM'"))
        #expect(run.stderr.contains("2 | FORM t;"))
        #expect(run.stderr.contains("= hint: did you mean FROM?"))
        #expect(try String(contentsOf: file, encoding: .utf8) == source)
    }

    @Test("--check over every file in queries/ passes; one bad file among good ones fails the run and is named")
    func manyFiles() throws {
        let examples = try QueriesTests.files().map(\.path)
        let all = try Self.velosql(["fmt", "--check"] + examples)
        #expect(all.status == 0, "\(all.stderr)")
        let bad = try Self.temporaryFile("select 1")
        defer { try? FileManager.default.removeItem(at: bad) }
        let mixed = try Self.velosql(["fmt", "--check", examples[0], bad.path, examples[1]])
        #expect(mixed.status == 1)
        #expect(mixed.stderr.contains("\(bad.path) is not formatted"))
        #expect(!mixed.stderr.contains(examples[0]))
    }

    @Test("a missing file and conflicting flags are clear failures")
    func usage() throws {
        let missing = try Self.velosql(["fmt", "/nonexistent/x.sql"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read /nonexistent/x.sql"))
        let both = try Self.velosql(["fmt", "--check", "--in-place", "x.sql"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("cannot be used together"))
    }
}
