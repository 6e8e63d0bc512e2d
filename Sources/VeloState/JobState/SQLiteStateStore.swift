import CSQLite
import Foundation
import Synchronization

/// A job's state in a SQLite file of its own (one file per job, so dropping a job is deleting a file
/// and one job's checkpoints never wait for another's).
///
/// Each `commit` is one transaction: the changes, the source positions and the checkpoint id land
/// together or not at all. The database runs in WAL mode with `synchronous=NORMAL`: a process crash
/// loses nothing committed, and a power loss may lose the last checkpoint (or last few) but never
/// tears one. The job then resumes from the previous checkpoint and replays the records after it, so
/// at-least-once still holds; what it saves is an fsync per checkpoint.
public final class SQLiteStateStore: StateStore {
    /// The database file.
    public let path: String
    /// Identifies the job's compiled graph; state written under another one is discarded at open.
    public let fingerprint: String
    /// Why the state found at open was discarded (for the runtime to log); nil when it was kept or
    /// there was none. Set once, at open.
    public let discardedReason: String?

    private let database: SQLiteDatabase
    /// Bytes in use, measured after each commit so reading it (at every checkpoint) costs nothing.
    private let size: Mutex<Int64>

    /// The file's schema, oldest first. Append new versions; never edit a shipped one. The state
    /// format of a file is its `PRAGMA user_version`, i.e. how many of these it has had.
    public static let migrations: [Migration] = [
        Migration(
            version: 1,
            description: "meta, state and positions",
            sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                CREATE TABLE state (
                    namespace TEXT NOT NULL,
                    key BLOB NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY (namespace, key)
                ) WITHOUT ROWID;
                CREATE TABLE positions (
                    source INTEGER NOT NULL,
                    partition INTEGER NOT NULL,
                    next_offset INTEGER NOT NULL,
                    PRIMARY KEY (source, partition)
                ) WITHOUT ROWID;
                """
        ),
    ]

    /// The newest state format this build reads and writes.
    public static var formatVersion: Int { migrations.last?.version ?? 0 }

    /// What `discardedReason` says when the fingerprint changed.
    public static let queryChangedReason = "the job's query changed since the state was written"

    /// Opens (creating the file and its directory if needed) the state at `path`. When the file was
    /// written under another `fingerprint`, its state and positions are discarded in one transaction.
    public init(path: String, fingerprint: String) throws(StateError) {
        self.path = path
        self.fingerprint = fingerprint
        let database = try Self.open(path)
        do throws(StateError) {
            try Self.checkFormat(database)
            try Migrator.migrate(database, Self.migrations)
            discardedReason = try Self.adopt(fingerprint, in: database)
            size = Mutex(try Self.measure(database))
        } catch {
            database.close()
            throw error
        }
        self.database = database
    }

    /// Deletes a job's state file and its WAL and shared-memory files (when the job is dropped).
    /// Close the store first. Files that do not exist are not an error.
    public static func remove(path: String) throws(StateError) {
        for file in [path, path + "-wal", path + "-shm", path + "-journal"]
        where FileManager.default.fileExists(atPath: file) {
            do {
                try FileManager.default.removeItem(atPath: file)
            } catch {
                throw StateError(path: path, message: "cannot remove \(file): \(error.localizedDescription)",
                                 code: SQLITE_IOERR)
            }
        }
    }

    public func restore() throws(StateError) -> StateSnapshot {
        // One transaction: the three reads see the same checkpoint.
        try database.stateTransaction { () throws(StateError) -> StateSnapshot in
            var snapshot = StateSnapshot(checkpointID: try checkpointID())
            for row in try database.query("SELECT namespace, key, value FROM state") {
                guard let namespace = row.string("namespace"), let key = row.blob("key"),
                      let value = row.blob("value")
                else { throw corrupt("a state row has a NULL column") }
                snapshot.entries[namespace, default: [:]][key] = value
            }
            let rows = try database.query(
                "SELECT source, partition, next_offset FROM positions ORDER BY source, partition")
            for row in rows {
                guard let source = row.int("source").flatMap(Int.init(exactly:)),
                      let partition = row.int("partition").flatMap(Int32.init(exactly:)),
                      let nextOffset = row.int("next_offset")
                else { throw corrupt("a position row is not three integers in range") }
                snapshot.positions.append(SourcePosition(source: source, partition: partition, nextOffset: nextOffset))
            }
            return snapshot
        }
    }

    public func commit(_ checkpoint: StateCheckpoint) throws(StateError) {
        try database.stateTransaction { () throws(StateError) in
            // Sorted: the same checkpoint always writes in the same order.
            for namespace in checkpoint.changes.keys.sorted() {
                try write(checkpoint.changes[namespace] ?? [], in: namespace)
            }
            for batch in checkpoint.positions.batches(of: Self.rowsPerStatement) {
                try database.run(
                    Self.insertPositionsSQL(rows: batch.count),
                    batch.flatMap { [.integer(Int64($0.source)), .integer(Int64($0.partition)), .integer($0.nextOffset)] })
            }
            try database.run(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('checkpoint_id', ?), ('updated_at', ?)",
                [.text(String(checkpoint.id)), .text(String(Self.now()))])
        }
        // The checkpoint is in; a failed measurement only leaves the metric one checkpoint behind.
        if let bytes = try? Self.measure(database) {
            size.withLock { $0 = bytes }
        }
    }

    /// The pages in use (the file less its free pages): an estimate that includes SQLite's b-tree
    /// overhead, which is the disk the state really takes.
    public var sizeBytes: Int64 {
        size.withLock { $0 }
    }

    /// Closes the database; later calls fail with "database is closed". Closing twice is harmless.
    public func close() {
        database.close()
    }

    // MARK: Writing

    /// `run` prepares its statement each time, so one statement per row would spend most of a big
    /// checkpoint preparing (100,000 puts: ~0.3 s a row at a time, ~0.13 s in batches, release build).
    /// 100 rows measured best; 300 parameters stay under 999, the oldest SQLite limit. Each row has
    /// its own plain `?`s: reusing a numbered `?1` made preparing a batch quadratic in its size.
    static let rowsPerStatement = 100

    private static let fullPutSQL = putSQL(rows: rowsPerStatement)
    private static let fullDeleteSQL = deleteSQL(rows: rowsPerStatement)

    /// Applies one namespace's changes in order: each run of puts, or of deletes, in batches. Within
    /// one `INSERT OR REPLACE` a later row for the same key replaces an earlier one, so order holds.
    private func write(_ changes: [StateChange], in namespace: String) throws(StateError) {
        var start = changes.startIndex
        while start < changes.endIndex {
            let isPut = changes[start].isPut
            var end = start + 1
            while end < changes.endIndex, end - start < Self.rowsPerStatement, changes[end].isPut == isPut {
                end += 1
            }
            let batch = changes[start..<end]
            var bindings: [SQLiteValue] = []
            bindings.reserveCapacity(3 * batch.count)
            if !isPut { bindings.append(.text(namespace)) }
            for change in batch {
                switch change {
                case .put(let key, let value):
                    bindings.append(.text(namespace))
                    bindings.append(.blob(key))
                    bindings.append(.blob(value))
                case .delete(let key):
                    bindings.append(.blob(key))
                }
            }
            let full = batch.count == Self.rowsPerStatement
            if isPut {
                try database.run(full ? Self.fullPutSQL : Self.putSQL(rows: batch.count), bindings)
            } else {
                try database.run(full ? Self.fullDeleteSQL : Self.deleteSQL(rows: batch.count), bindings)
            }
            start = end
        }
    }

    private static func putSQL(rows: Int) -> String {
        "INSERT OR REPLACE INTO state (namespace, key, value) VALUES "
            + Array(repeating: "(?, ?, ?)", count: rows).joined(separator: ", ")
    }

    private static func deleteSQL(rows: Int) -> String {
        "DELETE FROM state WHERE namespace = ? AND key IN ("
            + Array(repeating: "?", count: rows).joined(separator: ", ") + ")"
    }

    private static func insertPositionsSQL(rows: Int) -> String {
        "INSERT OR REPLACE INTO positions (source, partition, next_offset) VALUES "
            + Array(repeating: "(?, ?, ?)", count: rows).joined(separator: ", ")
    }

    // MARK: Opening

    /// The file's name without its extension (the job's name when files are named `<job>.db`), for messages.
    private static func jobName(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    private static func open(_ path: String) throws(StateError) -> SQLiteDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StateError(path: path,
                             message: "cannot create state directory \(directory): \(error.localizedDescription)",
                             code: SQLITE_CANTOPEN)
        }
        do {
            return try SQLiteDatabase(path: path)
        } catch {
            // A file that is not a database fails here; the path alone does not say it is job state.
            throw error.prefixed("cannot open the state of job \"\(jobName(path))\"")
        }
    }

    /// Migrator refuses a newer schema too, but in schema terms; this says what an operator must do.
    private static func checkFormat(_ database: SQLiteDatabase) throws(StateError) {
        let format = try Migrator.userVersion(database)
        guard format <= formatVersion else {
            throw StateError(
                path: database.path,
                message: "state of job \"\(jobName(database.path))\" was written by a newer velo-sql "
                    + "(state format \(format); this binary reads up to \(formatVersion))")
        }
    }

    /// Records `fingerprint` in a new file, or discards state written under another one. Returns why
    /// state was discarded, or nil.
    private static func adopt(_ fingerprint: String, in database: SQLiteDatabase) throws(StateError) -> String? {
        try database.stateTransaction { () throws(StateError) -> String? in
            let stored = try database.query("SELECT value FROM meta WHERE key = 'fingerprint'").first?.string("value")
            if stored == fingerprint { return nil }
            let now = String(Self.now())
            try database.run("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?)", [.text(now)])
            try database.run(
                """
                INSERT OR REPLACE INTO meta (key, value)
                VALUES ('fingerprint', ?), ('checkpoint_id', '0'), ('updated_at', ?)
                """,
                [.text(fingerprint), .text(now)])
            // A new file has no fingerprint and nothing to discard.
            guard stored != nil else { return nil }
            try database.run("DELETE FROM state")
            try database.run("DELETE FROM positions")
            return queryChangedReason
        }
    }

    private static func measure(_ database: SQLiteDatabase) throws(StateError) -> Int64 {
        let rows = try database.query(
            """
            SELECT (c.page_count - f.freelist_count) * s.page_size AS bytes
            FROM pragma_page_count() AS c, pragma_freelist_count() AS f, pragma_page_size() AS s
            """)
        return rows.first?.int("bytes") ?? 0
    }

    // MARK: Reading

    private func checkpointID() throws(StateError) -> Int64 {
        let text = try database.query("SELECT value FROM meta WHERE key = 'checkpoint_id'").first?.string("value")
        guard let text else { return 0 }
        guard let id = Int64(text) else { throw corrupt("checkpoint_id is not an integer: \(text)") }
        return id
    }

    private func corrupt(_ message: String) -> StateError {
        StateError(path: path, message: "corrupt state of job \"\(Self.jobName(path))\": \(message)",
                   code: SQLITE_CORRUPT)
    }

    /// Epoch milliseconds, as the server store records times.
    private static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}

extension StateChange {
    fileprivate var isPut: Bool {
        if case .put = self { return true }
        return false
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    fileprivate func batches(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
