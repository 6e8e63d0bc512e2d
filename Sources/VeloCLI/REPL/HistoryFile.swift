import Foundation

/// The REPL's persistent history: `~/.velo_history`, or `$VELO_HISTORY`. One entry per line, so the
/// file reads (and greps) as the statements typed; a multi-line statement is one entry, its newlines
/// written as `\n` and its backslashes as `\\`. Each entry is appended as it is entered, so a killed
/// shell loses nothing and two shells do not overwrite each other's entries.
struct HistoryFile: Sendable {
    var path: String
    static let defaultLimit = 1_000

    /// Entries kept; the file is cut back to this many when it has grown to twice as many.
    var limit = defaultLimit

    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["VELO_HISTORY"], !path.isEmpty { return path }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".velo_history")
    }

    /// The newest `limit` entries, oldest first; none when the file is missing or unreadable.
    func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        let entries = lines.map { Self.decode(String($0)) }
        if entries.count > 2 * limit {
            // Rewrite rarely: only when the file has doubled.
            let kept = Array(entries.suffix(limit))
            if (try? Data(kept.map { Self.encode($0) + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)) != nil {
                try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            }
            return kept
        }
        return Array(entries.suffix(limit))
    }

    /// Appends one entry. Errors (a read-only home) are not worth interrupting the session for:
    /// the message is returned for a one-time warning.
    @discardableResult
    func append(_ entry: String) -> String? {
        let line = Data((Self.encode(entry) + "\n").utf8)
        if !FileManager.default.fileExists(atPath: path) {
            // The history may hold credentials typed in SQL: readable by its owner only.
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                return "cannot create the history file \(path)"
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return "cannot write the history file \(path)" }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } catch {
            return "cannot write the history file \(path): \(error.localizedDescription)"
        }
        return nil
    }

    static func encode(_ entry: String) -> String {
        var out = ""
        for character in entry {
            switch character {
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(character)
            }
        }
        return out
    }

    static func decode(_ line: String) -> String {
        var out = ""
        var escaped = false
        for character in line {
            if escaped {
                switch character {
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        if escaped { out += "\\" }
        return out
    }
}
