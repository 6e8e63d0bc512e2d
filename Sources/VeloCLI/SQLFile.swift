import Foundation

/// Reads a SQL file for `deploy` and `validate`, with a one-line error when it cannot.
enum SQLFile {
    static func read(_ path: String) throws(CLIError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable UTF-8 text" : "no such file"
            throw .message("cannot read \(path): \(reason)")
        }
    }
}
