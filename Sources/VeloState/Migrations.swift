/// One schema step. Versions only ever grow: a shipped migration is never edited, a new one is added.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let description: String
    public let sql: String

    public init(version: Int, description: String, sql: String) {
        self.version = version
        self.description = description
        self.sql = sql
    }
}

/// Brings a database up to the newest migration, recording progress in `PRAGMA user_version`
/// (kept in the file header, so no bookkeeping table is needed).
public enum Migrator {
    /// Applies every migration newer than the database, each in its own transaction, in order.
    /// Returns the schema version afterwards.
    @discardableResult
    public static func migrate(_ db: SQLiteDatabase, _ migrations: [Migration]) throws(StateError) -> Int {
        try validate(migrations, path: db.path)
        let newest = migrations.last?.version ?? 0
        let current = try userVersion(db)
        // Opening a newer schema with an older build could silently lose columns it does not know.
        guard current <= newest else {
            throw StateError(
                path: db.path,
                message: "created by a newer velo-sql: schema version \(current), this build knows up to \(newest)")
        }
        var version = current
        for migration in migrations where migration.version > current {
            version = try db.stateTransaction { () throws(StateError) -> Int in
                // Re-read under the write lock: another process may have migrated meanwhile.
                let now = try userVersion(db)
                guard now < migration.version else { return now }
                do throws(StateError) {
                    try db.execute(migration.sql)
                    try db.execute("PRAGMA user_version = \(migration.version)")
                } catch {
                    throw error.prefixed("migration \(migration.version) (\(migration.description)) failed")
                }
                return migration.version
            }
        }
        return version
    }

    /// The schema version recorded in the database (0 for a new file).
    public static func userVersion(_ db: SQLiteDatabase) throws(StateError) -> Int {
        let rows = try db.query("PRAGMA user_version")
        return Int(rows.first?.int("user_version") ?? 0)
    }

    private static func validate(_ migrations: [Migration], path: String) throws(StateError) {
        var previous = 0
        for migration in migrations {
            guard migration.version > previous else {
                throw StateError(
                    path: path,
                    message: "migration versions must be positive and strictly increasing: "
                        + "\(migration.version) (\(migration.description)) follows \(previous)")
            }
            previous = migration.version
        }
    }
}
