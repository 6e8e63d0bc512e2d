import Foundation
import Testing

/// `velo-sql server` refuses to start on a bad configuration, naming the place, key and problem.
@Suite("velo-sql server command")
struct ServerCommandTests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.timeLimit(.minutes(1)))
    func aBadConfigurationStopsTheServerBeforeItStarts() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("velo-bad-\(UUID().uuidString).yaml")
        try "server:\n  host: 127.0.0.1\n  prot: 8080\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var result = try Self.run(["server", "--config", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file.path):3:3: server.prot: unknown key; did you mean 'port'?"), "\(result.stderr)")

        result = try Self.run(["server", "--config", "/nonexistent.yaml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent.yaml: no such file"), "\(result.stderr)")

        result = try Self.run(["server", "--port", "http"])
        #expect(result.status == 64 || result.status == 2, "\(result.stderr)")

        result = try Self.run(["server", "--config", file.path.replacingOccurrences(of: ".yaml", with: ".missing")], environment: ["VELO_PORT": "99999"])
        #expect(result.status == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func anUnusableStateDirectoryIsNamed() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("velo-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let result = try Self.run(["server", "--port", "0", "--state-dir", blocker.appendingPathComponent("state").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(blocker.path), "\(result.stderr)")
    }
}
