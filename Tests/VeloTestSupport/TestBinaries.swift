import Foundation

/// The binaries under test: `VELO_CLI_BIN` and `VELO_SQL_BIN`, else `<package root>/.build/debug/…`
/// (set them when building with another `--scratch-path`, so the tests run what was just built), and
/// the broker of the tests that need one.
public enum TestBinaries {
    public static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The directory of Package.swift: the first parent of this file that has one.
    public static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    public static var cli: String {
        environment["VELO_CLI_BIN"] ?? packageRoot.appendingPathComponent(".build/debug/velo-cli").path
    }

    public static var sql: String {
        environment["VELO_SQL_BIN"] ?? packageRoot.appendingPathComponent(".build/debug/velo-sql").path
    }

    /// `KAFKA_BOOTSTRAP_SERVERS`; nil (or empty) skips the tests that need Kafka.
    public static var brokers: String? {
        environment["KAFKA_BOOTSTRAP_SERVERS"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
