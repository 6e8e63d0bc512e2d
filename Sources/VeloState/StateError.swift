import CSQLite

/// A failure of the state store. It names the database file, SQLite's message and the statement that
/// failed, because an operator reading a log line has only this to go on.
public struct StateError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The database file (or directory) the failure concerns.
    public let path: String
    /// SQLite's message, or ours when the failure is not SQLite's (a bad migration list, a closed handle).
    public let message: String
    /// SQLite's extended result code; `SQLITE_ERROR` when the failure is not SQLite's.
    public let code: Int32
    /// The statement that failed, cut to 200 characters; nil when no statement was involved.
    public let sql: String?

    public init(path: String, message: String, code: Int32 = SQLITE_ERROR, sql: String? = nil) {
        self.init(path: path, message: message, code: code, shortSQL: sql.map(StateError.shorten))
    }

    private init(path: String, message: String, code: Int32, shortSQL: String?) {
        self.path = path
        self.message = message
        self.code = code
        self.sql = shortSQL
    }

    /// The primary result code (`SQLITE_CONSTRAINT` for `SQLITE_CONSTRAINT_UNIQUE`, …).
    public var primaryCode: Int32 { code & 0xFF }

    public var description: String {
        var text = "state store \(path): \(message)"
        if let sql { text += " (while: \(sql))" }
        return text
    }

    /// The same failure with context in front of the message (which migration, which job).
    func prefixed(_ context: String) -> StateError {
        StateError(path: path, message: "\(context): \(message)", code: code, shortSQL: sql)
    }

    /// Statements can be long (a job's whole graph is bound, not inlined, but migrations are long):
    /// the first 200 characters on one line are enough to recognise it.
    private static func shorten(_ sql: String) -> String {
        let oneLine = sql.split(whereSeparator: \.isNewline)
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
        guard oneLine.count > 200 else { return oneLine }
        return String(oneLine.prefix(200)) + "…"
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
