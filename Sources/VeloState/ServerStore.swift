import CSQLite
import Foundation

/// The job server's persistent state in `<directory>/velo.db`: deployed jobs and the catalog of
/// declared streams and tables. Every method is safe from any thread or task.
public final class ServerStore: Sendable {
    /// The database file.
    public let path: String
    /// The underlying connection, for state that later migrations add (offsets, checkpoints).
    public let database: SQLiteDatabase

    /// The server's schema, oldest first. Append new versions; never edit a shipped one.
    public static let migrations: [Migration] = [
        Migration(
            version: 1,
            description: "jobs and declarations",
            sql: """
                CREATE TABLE jobs (
                    name TEXT PRIMARY KEY NOT NULL,
                    sql TEXT NOT NULL,
                    description TEXT,
                    graph TEXT NOT NULL,
                    explain TEXT NOT NULL,      -- JSON array of strings
                    state TEXT NOT NULL,
                    failure TEXT,
                    created_at INTEGER NOT NULL, -- epoch ms
                    updated_at INTEGER NOT NULL, -- epoch ms
                    sources TEXT NOT NULL,      -- JSON array of strings
                    sink_topic TEXT
                );
                CREATE TABLE declarations (
                    name TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,         -- 'stream' | 'table'
                    sql TEXT NOT NULL,
                    created_at INTEGER NOT NULL -- epoch ms
                );
                """
        ),
    ]

    /// Opens (creating the directory and file if needed) and migrates the store in `directory`.
    public init(directory: String) throws(StateError) {
        try Self.createDirectory(directory)
        path = directory.hasSuffix("/") ? directory + "velo.db" : directory + "/velo.db"
        database = try SQLiteDatabase(path: path)
        do {
            try Migrator.migrate(database, Self.migrations)
        } catch {
            database.close()
            throw error
        }
    }

    /// Closes the database; later calls fail with "database is closed".
    public func close() {
        database.close()
    }

    /// nil when the database is sound, otherwise what is wrong (for the health endpoint).
    public func check() -> String? {
        database.integrityCheck()
    }

    // MARK: Jobs

    /// Inserts all jobs or none: an existing name fails the whole batch.
    public func insertJobs(_ records: [JobRecord]) throws(StateError) {
        try insert(declarations: [], jobs: records)
    }

    public func job(named name: String) throws(StateError) -> JobRecord? {
        let rows = try database.query("SELECT * FROM jobs WHERE name = ?", [.text(name)])
        return try rows.first.map { row throws(StateError) in try job(from: row) }
    }

    /// All jobs, sorted by name.
    public func jobs() throws(StateError) -> [JobRecord] {
        let rows = try database.query("SELECT * FROM jobs ORDER BY name")
        var records: [JobRecord] = []
        records.reserveCapacity(rows.count)
        for row in rows { records.append(try job(from: row)) }
        return records
    }

    /// Records a state change. Returns false when no job has that name (it may have been deleted).
    @discardableResult
    public func updateJobState(_ name: String, state: String, failure: String?, at time: Int64) throws(StateError) -> Bool {
        let changed = try database.run(
            "UPDATE jobs SET state = ?, failure = ?, updated_at = ? WHERE name = ?",
            [.text(state), SQLiteValue(failure), .integer(time), .text(name)])
        return changed > 0
    }

    /// Returns false when no job has that name.
    @discardableResult
    public func deleteJob(_ name: String) throws(StateError) -> Bool {
        try database.run("DELETE FROM jobs WHERE name = ?", [.text(name)]) > 0
    }

    // MARK: Declarations

    /// Inserts all declarations or none: an existing name fails the whole batch.
    public func insertDeclarations(_ records: [DeclarationRecord]) throws(StateError) {
        try insert(declarations: records, jobs: [])
    }

    /// All declarations in the order they were made (createdAt, then insertion), the order to replay them.
    public func declarations() throws(StateError) -> [DeclarationRecord] {
        try database.query("SELECT name, kind, sql, created_at FROM declarations ORDER BY created_at, rowid")
            .map { row throws(StateError) in
                DeclarationRecord(
                    name: try text(row, "name", of: "declaration"),
                    kind: try text(row, "kind", of: "declaration"),
                    sql: try text(row, "sql", of: "declaration"),
                    createdAt: try integer(row, "created_at", of: "declaration"))
            }
    }

    /// Returns false when no declaration has that name.
    @discardableResult
    public func deleteDeclaration(_ name: String) throws(StateError) -> Bool {
        try database.run("DELETE FROM declarations WHERE name = ?", [.text(name)]) > 0
    }

    // MARK: Both

    /// A deploy: declarations and jobs in one transaction, so a failure leaves nothing behind.
    public func insert(declarations: [DeclarationRecord], jobs: [JobRecord]) throws(StateError) {
        // Encode before taking the write lock: nothing to roll back if encoding fails.
        let encodedJobs = try jobs.map { job throws(StateError) in
            (job, try encode(job.explain, "explain", of: job.name), try encode(job.sources, "sources", of: job.name))
        }
        try database.stateTransaction { () throws(StateError) in
            for declaration in declarations {
                try insertRow(
                    "INSERT INTO declarations (name, kind, sql, created_at) VALUES (?, ?, ?, ?)",
                    [.text(declaration.name), .text(declaration.kind), .text(declaration.sql),
                     .integer(declaration.createdAt)],
                    what: "\(declaration.kind) \"\(declaration.name)\"")
            }
            for (job, explain, sources) in encodedJobs {
                try insertRow(
                    """
                    INSERT INTO jobs (name, sql, description, graph, explain, state, failure,
                                      created_at, updated_at, sources, sink_topic)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [.text(job.name), .text(job.sql), SQLiteValue(job.description), .text(job.graph),
                     .text(explain), .text(job.state), SQLiteValue(job.failure), .integer(job.createdAt),
                     .integer(job.updatedAt), .text(sources), SQLiteValue(job.sinkTopic)],
                    what: "job \"\(job.name)\"")
            }
        }
    }

    // MARK: Rows

    // Extended result codes are C macros that Swift does not import (sqlite3.h).
    private static let constraintPrimaryKey = SQLITE_CONSTRAINT | (6 << 8)
    private static let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)

    /// SQLite's "UNIQUE constraint failed: jobs.name" does not say which name; the caller needs it.
    private func insertRow(_ sql: String, _ bindings: [SQLiteValue], what: String) throws(StateError) {
        do {
            try database.run(sql, bindings)
        } catch {
            if error.code == Self.constraintPrimaryKey || error.code == Self.constraintUnique {
                throw error.prefixed("\(what) already exists")
            }
            throw error.prefixed("cannot store \(what)")
        }
    }

    private func job(from row: SQLiteRow) throws(StateError) -> JobRecord {
        let name = try text(row, "name", of: "job")
        let what = "job \"\(name)\""
        return JobRecord(
            name: name,
            sql: try text(row, "sql", of: what),
            description: row.string("description"),
            graph: try text(row, "graph", of: what),
            explain: try decode(try text(row, "explain", of: what), "explain", of: name),
            state: try text(row, "state", of: what),
            failure: row.string("failure"),
            createdAt: try integer(row, "created_at", of: what),
            updatedAt: try integer(row, "updated_at", of: what),
            sources: try decode(try text(row, "sources", of: what), "sources", of: name),
            sinkTopic: row.string("sink_topic"))
    }

    private func text(_ row: SQLiteRow, _ column: String, of what: String) throws(StateError) -> String {
        guard let value = row.string(column) else { throw corrupt("\(what) has no \(column)") }
        return value
    }

    private func integer(_ row: SQLiteRow, _ column: String, of what: String) throws(StateError) -> Int64 {
        guard let value = row.int(column) else { throw corrupt("\(what) has no integer \(column)") }
        return value
    }

    private func encode(_ list: [String], _ column: String, of job: String) throws(StateError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
        } catch {
            throw StateError(path: path, message: "job \"\(job)\": cannot encode \(column): \(error)")
        }
    }

    private func decode(_ json: String, _ column: String, of job: String) throws(StateError) -> [String] {
        do {
            return try JSONDecoder().decode([String].self, from: Data(json.utf8))
        } catch {
            throw corrupt("job \"\(job)\": \(column) is not a JSON list of strings")
        }
    }

    private func corrupt(_ message: String) -> StateError {
        StateError(path: path, message: "corrupt row: \(message)", code: SQLITE_CORRUPT)
    }

    private static func createDirectory(_ directory: String) throws(StateError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StateError(path: directory, message: "cannot use state directory \(directory): it is a file",
                                 code: SQLITE_CANTOPEN)
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StateError(path: directory,
                             message: "cannot create state directory \(directory): \(error.localizedDescription)",
                             code: SQLITE_CANTOPEN)
        }
    }
}
