import Foundation

/// Where the built binaries are: `VELO_CLI_BIN` and `VELO_SQL_BIN`, else `<package root>/.build/debug/…`.
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
}
