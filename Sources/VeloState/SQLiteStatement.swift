import CSQLite

/// SQLite copies bound text and blobs at once (`SQLITE_TRANSIENT`), so Swift's buffers may go away
/// right after the bind call. The C macro is a cast of -1 that Swift cannot import.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One prepared statement, used only while `SQLiteDatabase` holds its lock, then finalized.
struct SQLiteStatement {
    private let db: OpaquePointer
    private let statement: OpaquePointer
    private let path: String
    private let sql: String

    /// Prepares exactly one statement and binds its `?` parameters.
    init(db: OpaquePointer, path: String, sql: String, bindings: [SQLiteValue]) throws(StateError) {
        self.db = db
        self.path = path
        self.sql = sql
        var prepared: OpaquePointer?
        // SQLite stops after the first statement; where it stopped (a byte offset) tells what remains.
        var tailOffset = 0
        let status = sql.withCString { base in
            var tail: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v2(db, base, -1, &prepared, &tail)
            if let tail { tailOffset = base.distance(to: tail) }
            return status
        }
        guard status == SQLITE_OK else {
            sqlite3_finalize(prepared)
            throw StateError(path: path, message: String(cString: sqlite3_errmsg(db)),
                             code: sqlite3_extended_errcode(db), sql: sql)
        }
        guard let prepared else {
            throw StateError(path: path, message: "no statement to run", code: SQLITE_MISUSE, sql: sql)
        }
        statement = prepared
        let remainder = Self.stripTrivia(Self.text(of: sql, from: tailOffset))
        guard remainder.isEmpty else {
            sqlite3_finalize(prepared)
            throw StateError(path: path, message: "only one statement allowed; found more after it: \(remainder)",
                             code: SQLITE_MISUSE, sql: sql)
        }
        try bind(bindings)
    }

    func finalize() {
        sqlite3_finalize(statement)
    }

    /// true when a row is ready, false when the statement is done.
    func step() throws(StateError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw error()
        }
    }

    func columnNames() -> [String] {
        (0..<sqlite3_column_count(statement)).map { index in
            sqlite3_column_name(statement, index).map { String(cString: $0) } ?? "column\(index)"
        }
    }

    func rowValues() -> [SQLiteValue] {
        (0..<sqlite3_column_count(statement)).map(value(at:))
    }

    private func value(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            // Ask for the text before its length: the pointer call may convert the encoding.
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            // An empty blob comes back as a NULL pointer.
            guard let blob = sqlite3_column_blob(statement, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(statement, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    private func bind(_ bindings: [SQLiteValue]) throws(StateError) {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == bindings.count else {
            finalize()
            throw StateError(path: path, message: "statement has \(expected) parameters but \(bindings.count) values were bound",
                             code: SQLITE_RANGE, sql: sql)
        }
        for (offset, value) in bindings.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null:
                status = sqlite3_bind_null(statement, index)
            case .integer(let integer):
                status = sqlite3_bind_int64(statement, index, integer)
            case .real(let real):
                status = sqlite3_bind_double(statement, index, real)
            case .text(let text):
                // Explicit byte length: exact for any UTF-8, and never a NULL pointer (which would bind NULL).
                status = text.withCString { pointer in
                    sqlite3_bind_text64(statement, index, pointer, sqlite3_uint64(text.utf8.count),
                                        sqliteTransient, UInt8(SQLITE_UTF8))
                }
            case .blob(let bytes):
                if bytes.isEmpty {
                    // A zero-length bind with a NULL pointer would store NULL instead of an empty blob.
                    status = sqlite3_bind_zeroblob(statement, index, 0)
                } else {
                    status = bytes.withUnsafeBytes { buffer in
                        sqlite3_bind_blob64(statement, index, buffer.baseAddress, sqlite3_uint64(buffer.count),
                                            sqliteTransient)
                    }
                }
            }
            guard status == SQLITE_OK else {
                let failure = error()
                finalize()
                throw failure
            }
        }
    }

    private func error() -> StateError {
        StateError(path: path, message: String(cString: sqlite3_errmsg(db)),
                   code: sqlite3_extended_errcode(db), sql: sql)
    }

    private static func text(of sql: String, from byteOffset: Int) -> String {
        let bytes = sql.utf8
        guard byteOffset < bytes.count else { return "" }
        return String(decoding: bytes.dropFirst(byteOffset), as: UTF8.self)
    }

    /// Drops whitespace, `;`, `-- …` and `/* … */` comments so a trailing semicolon or comment is fine.
    private static func stripTrivia(_ text: String) -> String {
        var rest = Substring(text)
        while true {
            let before = rest.count
            while let first = rest.first, first.isWhitespace || first == ";" { rest.removeFirst() }
            if rest.hasPrefix("--") {
                rest = rest.drop { !$0.isNewline }
            } else if rest.hasPrefix("/*") {
                if let end = rest.firstRange(of: "*/") { rest = rest[end.upperBound...] } else { rest = "" }
            }
            if rest.count == before { break }
        }
        return String(rest)
    }
}
