import Testing
@testable import VeloState

@Suite struct MigratorTests {
    private let schema = [
        Migration(version: 1, description: "items", sql: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);"),
        Migration(version: 2, description: "seed", sql: "INSERT INTO items (name) VALUES ('first');"),
    ]

    @Test func runsOnceAndIsIdempotentAcrossReopen() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/m.db"
            let db = try SQLiteDatabase(path: path)
            #expect(try Migrator.userVersion(db) == 0)
            #expect(try Migrator.migrate(db, schema) == 2)
            #expect(try Migrator.migrate(db, schema) == 2)
            db.close()

            let again = try SQLiteDatabase(path: path)
            #expect(try Migrator.migrate(again, schema) == 2)
            // The seed ran exactly once.
            #expect(try again.query("SELECT count(*) AS c FROM items").first?.int("c") == 1)
        }
    }

    @Test func appliesOnlyNewerMigrations() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/m.db")
            #expect(try Migrator.migrate(db, Array(schema.prefix(1))) == 1)
            #expect(try db.query("SELECT count(*) AS c FROM items").first?.int("c") == 0)
            #expect(try Migrator.migrate(db, schema) == 2)
            #expect(try db.query("SELECT count(*) AS c FROM items").first?.int("c") == 1)
        }
    }

    @Test func emptyListOnNewDatabase() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/m.db")
            #expect(try Migrator.migrate(db, []) == 0)
        }
    }

    @Test func newerDatabaseIsAnError() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/m.db"
            let db = try SQLiteDatabase(path: path)
            try db.execute("PRAGMA user_version = 7")
            let error = #expect(throws: StateError.self) { try Migrator.migrate(db, schema) }
            #expect(error?.description
                == "state store \(path): created by a newer velo-sql: schema version 7, this build knows up to 2")
            #expect(try Migrator.userVersion(db) == 7)
        }
    }

    @Test(arguments: [[2, 1], [1, 1], [0, 1], [1, 3, 3]])
    func versionsMustStrictlyIncrease(_ versions: [Int]) throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/m.db")
            let migrations = versions.map { Migration(version: $0, description: "v\($0)", sql: "SELECT 1;") }
            let error = #expect(throws: StateError.self) { try Migrator.migrate(db, migrations) }
            #expect(error?.message.contains("strictly increasing") == true)
            // Nothing was applied.
            #expect(try Migrator.userVersion(db) == 0)
        }
    }

    @Test func failingMigrationRollsBack() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: dir + "/m.db")
            let broken = schema + [
                Migration(version: 3, description: "half done", sql: """
                    CREATE TABLE extra (x INTEGER);
                    INSERT INTO items (name) VALUES ('second');
                    INSERT INTO no_such_table VALUES (1);
                    """),
            ]
            let error = #expect(throws: StateError.self) { try Migrator.migrate(db, broken) }
            #expect(error?.message.hasPrefix("migration 3 (half done) failed: no such table: no_such_table") == true)
            // Versions 1 and 2 stay applied; 3 left no trace.
            #expect(try Migrator.userVersion(db) == 2)
            #expect(try db.query("SELECT name FROM sqlite_master WHERE name = 'extra'").isEmpty)
            #expect(try db.query("SELECT count(*) AS c FROM items").first?.int("c") == 1)
        }
    }
}
