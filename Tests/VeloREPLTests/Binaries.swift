import Foundation
import VeloTestSupport

/// Where the built binaries and the broker are (shared with the other process-level test targets),
/// plus what the REPL tests need besides: tmux, a clean environment, temporary directories.
typealias Binaries = TestBinaries

extension TestBinaries {
    static var hasTmux: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The test process's environment without VELO_* variables, so no binary picks up a server,
    /// token, history file or broker from the shell the tests run in.
    static func cleanEnvironment() -> [String: String] {
        environment.filter { !$0.key.hasPrefix("VELO_") }
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("velo-repl-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
