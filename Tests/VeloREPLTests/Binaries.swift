import Foundation

/// The binaries under test: `VELO_CLI_BIN` and `VELO_SQL_BIN`, else `<package root>/.build/debug/…`
/// (set them when building with another `--scratch-path`, so the tests run what was just built).
enum Binaries {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The directory of Package.swift: the first parent of this file that has one.
    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static var cli: String {
        environment["VELO_CLI_BIN"] ?? packageRoot.appendingPathComponent(".build/debug/velo-cli").path
    }

    static var sql: String {
        environment["VELO_SQL_BIN"] ?? packageRoot.appendingPathComponent(".build/debug/velo-sql").path
    }

    /// The broker of the tests that need Kafka; nil skips them.
    static var brokers: String? {
        environment["KAFKA_BOOTSTRAP_SERVERS"].flatMap { $0.isEmpty ? nil : $0 }
    }

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
