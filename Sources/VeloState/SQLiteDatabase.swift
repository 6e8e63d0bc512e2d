import CSQLite
import Foundation

/// A thin wrapper over one SQLite connection (the C API directly: cheapest to build and fast enough,
/// see ARCHITECTURE.md "Facts measured").
///
/// Safe from any thread: every use of the handle happens under one lock. The lock is recursive so that
/// `transaction` can hold it for the whole body while the body calls `run` and `query`; another thread
/// therefore never slips a statement into someone else's transaction. (`Mutex` is not recursive.)
public final class SQLiteDatabase: @unchecked Sendable {
    public let path: String

    private let lock = NSRecursiveLock()
    /// Guarded by `lock`; nil once closed.
    private var handle: OpaquePointer?
    /// Guarded by `lock`: how many `transaction` calls are open; nested ones are savepoints.
    private var transactionDepth = 0

    /// Opens (creating the file if needed) in WAL mode. Parent directories must exist.
    public init(path: String) throws(StateError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            // Even a failed open may allocate a handle that carries the message and must be closed.
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(db)
            throw StateError(path: path, message: "cannot open: \(message)", code: status)
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5000)
        handle = db
        // The first statements read the file header, so a file that is not a database fails here.
        do {
            try execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
        } catch {
            close()
            throw error
        }
    }

    deinit {
        if let handle { sqlite3_close_v2(handle) }
    }

    /// Closes the handle; later calls fail with "database is closed". Closing twice is harmless.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one or more statements without bindings or results (schema, pragmas).
    public func execute(_ sql: String) throws(StateError) {
        try withHandle { db throws(StateError) in
            var errorMessage: UnsafeMutablePointer<CChar>?
            let status = sqlite3_exec(db, sql, nil, nil, &errorMessage)
            defer { sqlite3_free(errorMessage) }
            guard status == SQLITE_OK else {
                let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
                throw StateError(path: path, message: message, code: sqlite3_extended_errcode(db), sql: sql)
            }
        }
    }

    /// Runs one statement with `?` parameters; returns how many rows it changed.
    @discardableResult
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws(StateError) -> Int {
        try withHandle { db throws(StateError) in
            let statement = try SQLiteStatement(db: db, path: path, sql: sql, bindings: bindings)
            defer { statement.finalize() }
            while try statement.step() {}
            return Int(sqlite3_changes64(db))
        }
    }

    /// Runs one statement with `?` parameters and returns all its rows.
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(StateError) -> [SQLiteRow] {
        try withHandle { db throws(StateError) in
            let statement = try SQLiteStatement(db: db, path: path, sql: sql, bindings: bindings)
            defer { statement.finalize() }
            var rows: [SQLiteRow] = []
            let columns = statement.columnNames()
            while try statement.step() {
                rows.append(SQLiteRow(columns: columns, values: statement.rowValues()))
            }
            return rows
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// BEGIN IMMEDIATE takes the write lock up front, so the commit cannot fail on a lock upgrade.
    /// Nested calls become savepoints, so a helper that uses a transaction can run inside another.
    /// The connection stays locked for the whole body: keep it short, and never wait in it for work
    /// that uses this database on another thread (that would deadlock).
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let depth = transactionDepth
        let savepoint = "velo_sp_\(depth)"
        try execute(depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT \(savepoint)")
        transactionDepth += 1
        let result: T
        do {
            result = try body()
        } catch {
            transactionDepth -= 1
            rollback(depth: depth, savepoint: savepoint)
            throw error
        }
        transactionDepth -= 1
        do {
            try execute(depth == 0 ? "COMMIT" : "RELEASE \(savepoint)")
        } catch {
            rollback(depth: depth, savepoint: savepoint)
            throw error
        }
        return result
    }

    /// `transaction` for bodies that throw only `StateError`, so typed-throwing callers stay typed.
    func stateTransaction<T>(_ body: () throws(StateError) -> T) throws(StateError) -> T {
        do {
            return try transaction { () throws(StateError) -> T in try body() }
        } catch let error as StateError {
            throw error
        } catch {
            throw StateError(path: path, message: "\(error)")
        }
    }

    /// Best effort: SQLite may already have rolled back on its own (after SQLITE_FULL, IOERR, …),
    /// and the error that got us here is the one worth reporting.
    private func rollback(depth: Int, savepoint: String) {
        if depth == 0 {
            try? execute("ROLLBACK")
        } else {
            try? execute("ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
        }
    }

    /// nil when `PRAGMA quick_check` says "ok", otherwise its findings (or the error that stopped it).
    public func integrityCheck() -> String? {
        do {
            let rows = try query("PRAGMA quick_check")
            let lines = rows.compactMap { $0.values.first.flatMap(Self.text) }
            return lines == ["ok"] ? nil : lines.joined(separator: "\n")
        } catch {
            return error.description
        }
    }

    private static func text(_ value: SQLiteValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }

    private func withHandle<T>(_ body: (OpaquePointer) throws(StateError) -> T) throws(StateError) -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else {
            throw StateError(path: path, message: "database is closed", code: SQLITE_MISUSE)
        }
        return try body(handle)
    }
}
