import Foundation
import Testing
@testable import VeloState

@Suite struct SQLiteDatabaseTests {
    @Test func reopenKeepsData() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/test.db"
            let db = try SQLiteDatabase(path: path)
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            #expect(try db.run("INSERT INTO t (name) VALUES (?), (?)", ["a", "b"]) == 2)
            db.close()
            db.close() // harmless

            let again = try SQLiteDatabase(path: path)
            let rows = try again.query("SELECT name FROM t ORDER BY id")
            #expect(rows.map { $0.string("name") } == ["a", "b"])
            #expect(again.path == path)
        }
    }

    @Test func pragmasAreSet() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/p.db")
            #expect(try db.query("PRAGMA journal_mode").first?.string("journal_mode") == "wal")
            #expect(try db.query("PRAGMA foreign_keys").first?.int("foreign_keys") == 1)
            // NORMAL is 1.
            #expect(try db.query("PRAGMA synchronous").first?.int("synchronous") == 1)
            #expect(db.integrityCheck() == nil)
        }
    }

    @Test func valuesRoundTrip() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/v.db")
            try db.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, value)")
            let values: [SQLiteValue] = [
                .null,
                .integer(Int64.min), .integer(Int64.max), .integer(0),
                .real(3.25), .real(-0.5),
                .text(""), .text("it's \"quoted\" ; DROP TABLE v; --"), .text("ünïcödé ✓ 日本語 🦀 é"),
                .text("back\\slash\nnew line\ttab \u{7}bell"), .text(#"{"json": [1, "two"]}"#),
                .blob([]), .blob([0, 1, 2, 255, 0]),
            ]
            for value in values {
                try db.run("INSERT INTO v (value) VALUES (?)", [value])
            }
            let read = try db.query("SELECT value FROM v ORDER BY id").compactMap { $0["value"] }
            #expect(read == values)
        }
    }

    @Test func rowHelpers() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/r.db")
            let row = try #require(try db.query("SELECT 42 AS n, 'x' AS s, NULL AS z, 1.5 AS r, '7' AS t").first)
            #expect(row.columns == ["n", "s", "z", "r", "t"])
            #expect(row.int("n") == 42)
            #expect(row.string("s") == "x")
            #expect(row.string("z") == nil)
            #expect(row["z"] == .null)
            #expect(row["missing"] == nil)
            #expect(row.double("r") == 1.5)
            #expect(row.int("t") == 7)
            #expect(row.int("s") == nil)
        }
    }

    @Test func bindingCountMustMatch() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/b.db")
            let error = #expect(throws: StateError.self) { try db.query("SELECT ?, ?", [1]) }
            #expect(error?.message.contains("2 parameters but 1") == true)
        }
    }

    @Test func runTakesOneStatement() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/o.db")
            try db.execute("CREATE TABLE t (x)")
            // A trailing semicolon or comment is fine.
            try db.run("INSERT INTO t VALUES (1);  -- done\n")
            let error = #expect(throws: StateError.self) { try db.run("INSERT INTO t VALUES (2); DELETE FROM t") }
            #expect(error?.message.contains("only one statement") == true)
            #expect(try db.query("SELECT count(*) AS c FROM t").first?.int("c") == 1)
            #expect(throws: StateError.self) { try db.run("   ") }
        }
    }

    @Test func errorsNamePathMessageAndStatement() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/e.db"
            let db = try SQLiteDatabase(path: path)
            try db.execute("CREATE TABLE jobs (name TEXT PRIMARY KEY)")
            try db.run("INSERT INTO jobs VALUES (?)", ["a"])
            let error = #expect(throws: StateError.self) { try db.run("INSERT INTO jobs VALUES (?)", ["a"]) }
            #expect(error?.primaryCode == sqliteConstraint)
            #expect(error?.description == "state store \(path): UNIQUE constraint failed: jobs.name (while: INSERT INTO jobs VALUES (?))")

            let syntax = #expect(throws: StateError.self) { try db.execute("SELEC 1") }
            #expect(syntax?.description.contains("syntax error") == true)
            #expect(syntax?.sql == "SELEC 1")
        }
    }

    @Test func longStatementsAreShortened() {
        let sql = "SELECT " + String(repeating: "x, ", count: 200) + "\n  1"
        let error = StateError(path: "p", message: "m", sql: sql)
        #expect(error.sql?.count == 201)
        #expect(error.sql?.hasSuffix("…") == true)
        #expect(StateError(path: "p", message: "m", sql: "SELECT 1\n  FROM t").sql == "SELECT 1 FROM t")
    }

    @Test func closedDatabaseErrors() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/c.db")
            db.close()
            let error = #expect(throws: StateError.self) { try db.query("SELECT 1") }
            #expect(error?.message == "database is closed")
            #expect(db.integrityCheck()?.contains("database is closed") == true)
        }
    }

    @Test func transactionCommitsAndRollsBack() throws {
        struct Boom: Error {}
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/t.db")
            try db.execute("CREATE TABLE t (x INTEGER)")
            let value = try db.transaction {
                try db.run("INSERT INTO t VALUES (1)")
                return 7
            }
            #expect(value == 7)
            #expect(throws: Boom.self) {
                try db.transaction {
                    try db.run("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
            }
            #expect(try db.query("SELECT x FROM t").map { $0.int("x") } == [1])
        }
    }

    @Test func nestedTransactionIsASavepoint() throws {
        struct Boom: Error {}
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/n.db")
            try db.execute("CREATE TABLE t (x INTEGER)")
            try db.transaction {
                try db.run("INSERT INTO t VALUES (1)")
                // The inner failure undoes only the inner work.
                _ = try? db.transaction {
                    try db.run("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
                try db.transaction { try db.run("INSERT INTO t VALUES (3)") }
            }
            #expect(try db.query("SELECT x FROM t ORDER BY x").map { $0.int("x") } == [1, 3])
        }
    }

    /// Read-modify-write inside transactions from many tasks: if statements of one transaction could
    /// interleave with another's, increments would be lost.
    @Test func concurrentTransactionsDoNotInterleave() async throws {
        try await withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/cc.db")
            try db.execute("CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        for _ in 0..<10 {
                            try db.transaction {
                                let n = try db.query("SELECT n FROM counter").first?.int("n") ?? -1000
                                try db.run("UPDATE counter SET n = ?", [.integer(n + 1)])
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try db.query("SELECT n FROM counter").first?.int("n") == 200)
        }
    }

    @Test func garbageFileIsAClearError() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/garbage.db"
            let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            try garbage.write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: StateError.self) { try SQLiteDatabase(path: path) }
            #expect(error?.description.contains(path) == true)
            #expect(error?.message.contains("not a database") == true)
        }
    }

    @Test func missingDirectoryIsAnError() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/no/such/dir/x.db"
            let error = #expect(throws: StateError.self) { try SQLiteDatabase(path: path) }
            #expect(error?.description.contains("cannot open") == true)
            #expect(error?.path == path)
        }
    }
}

/// `SQLITE_CONSTRAINT`, spelled out: the test target depends on VeloState only, not on CSQLite.
let sqliteConstraint: Int32 = 19
