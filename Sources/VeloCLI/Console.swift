import Foundation

/// Writes straight to the file descriptors (no stdio buffering), so live query rows and status
/// snapshots appear at once even when stdout is a pipe.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The server's JSON as `--output json` prints it: pretty, keys sorted, one document.
    static func printJSON(_ value: JSONValue) {
        out(value.rendered(pretty: true, sortedKeys: true) + "\n")
    }

    static var outputIsTerminal: Bool {
        isatty(STDOUT_FILENO) == 1
    }
}
