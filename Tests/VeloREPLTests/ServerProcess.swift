import Foundation
import Synchronization

/// `velo-sql server --port 0` as a child process with a state dir of its own. The port comes from
/// its first stdout line: `velo-sql server listening on http://127.0.0.1:PORT (…)`.
final class ServerProcess: Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    let directory: URL
    private let process: Process
    private let log: PipeCollector

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(brokers: String, startTimeout: Duration = .seconds(60)) async throws {
        directory = try Binaries.temporaryDirectory("server")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.sql)
        process.arguments = ["server", "--port", "0", "--state-dir", directory.appendingPathComponent("state").path, "--brokers", brokers]
        process.environment = Binaries.cleanEnvironment()
        // Not the package root: its server-config/velo-sql.yaml must not configure this server.
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        log = PipeCollector(err.fileHandleForReading)
        let stdout = PipeCollector(out.fileHandleForReading)
        let deadline = ContinuousClock.now + startTimeout
        var banner: String?
        while ContinuousClock.now < deadline, process.isRunning {
            if let line = stdout.firstLine { banner = line; break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let prefix = "velo-sql server listening on http://127.0.0.1:"
        guard let banner, banner.hasPrefix(prefix), let port = Int(banner.dropFirst(prefix.count).prefix(while: \.isNumber)) else {
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
            throw StartFailure(description: "velo-sql server did not start: \(stdout.text) \(log.text)")
        }
        self.port = port
    }

    /// SIGTERM, SIGKILL if it is still there after `timeout`; removes the state dir.
    func stop(timeout: Duration = .seconds(30)) async {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    var stderr: String { log.text }
}

/// Drains a pipe on a thread of its own (the child never blocks on a full pipe) and keeps its text.
final class PipeCollector: Sendable {
    private struct State {
        var data = Data()
        var firstLine: String?
        var done = false
    }

    private let state = Mutex(State())

    init(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                state.withLock { state in
                    state.data.append(chunk)
                    if state.data.count > 1 << 20 { state.data = Data(state.data.suffix(1 << 19)) }
                    if state.firstLine == nil, let newline = state.data.firstIndex(of: UInt8(ascii: "\n")) {
                        state.firstLine = String(decoding: state.data[state.data.startIndex..<newline], as: UTF8.self)
                    }
                }
            }
            state.withLock { $0.done = true }
        }.start()
    }

    var firstLine: String? { state.withLock { $0.firstLine } }
    var text: String { state.withLock { String(decoding: $0.data, as: UTF8.self) } }
    var isDone: Bool { state.withLock { $0.done } }
}

/// `velo-cli ARGUMENTS…` with `input` on stdin (not a terminal): the REPL's script mode.
struct ScriptRun: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(_ arguments: [String], input: String, environment: [String: String] = [:], timeout: Duration = .seconds(60)) async throws -> ScriptRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.cli)
        process.arguments = arguments
        process.environment = Binaries.cleanEnvironment().merging(environment) { $1 }
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = PipeCollector(out.fileHandleForReading)
        let stderr = PipeCollector(err.fileHandleForReading)
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        while !(stdout.isDone && stderr.isDone) { try await Task.sleep(for: .milliseconds(10)) }
        return ScriptRun(status: process.terminationStatus, stdout: stdout.text, stderr: stderr.text)
    }
}
