import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `velo-sql server --port 0` as a child process with a state dir of its own, on the real broker.
/// The port comes from the first line it writes on stdout:
/// `velo-sql server listening on http://127.0.0.1:PORT (…)`.
final class ServerProcess: Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    struct StopFailure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    let banner: String
    let stateDirectory: URL
    let token: String?
    private let process: Process
    private let stderr: OutputCollector

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the server and waits (at most `startTimeout`) for its banner. `token` becomes its
    /// VELO_TOKEN.
    init(brokers: String, token: String? = nil, startTimeout: Duration = .seconds(60)) async throws {
        stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("velo-cli-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        self.token = token
        var environment = CLI.cleanEnvironment()
        if let token { environment["VELO_TOKEN"] = token }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.sql)
        process.arguments = ["server", "--port", "0", "--state-dir", stateDirectory.appendingPathComponent("state").path, "--brokers", brokers]
        process.environment = environment
        // Not the package root: its server-config/velo-sql.yaml must not configure this server.
        process.currentDirectoryURL = stateDirectory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        stderr = OutputCollector(err.fileHandleForReading, limit: 512 * 1024)
        let stdout = OutputCollector(out.fileHandleForReading)

        let deadline = ContinuousClock.now + startTimeout
        var line: String?
        while ContinuousClock.now < deadline {
            if let first = stdout.firstLine { line = first; break }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let line, let port = Self.port(fromBanner: line) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw StartFailure(description: "velo-sql server did not start within \(startTimeout) (exit \(process.isRunning ? "-" : "\(process.terminationStatus)")); stdout: \(stdout.text); stderr: \(stderr.text)")
        }
        banner = line
        self.port = port
    }

    /// `…listening on http://127.0.0.1:PORT (…)` → PORT.
    static func port(fromBanner line: String) -> Int? {
        let prefix = "velo-sql server listening on http://"
        guard line.hasPrefix(prefix) else { return nil }
        let address = line.dropFirst(prefix.count).prefix { $0 != " " }
        guard let colon = address.lastIndex(of: ":") else { return nil }
        return Int(address[address.index(after: colon)...])
    }

    /// The server's log so far (stderr), for failure messages.
    var log: String { stderr.text }

    struct Exit: Sendable {
        var status: Int32
        var signalled: Bool
        var elapsed: Duration
    }

    /// SIGTERM, then waits at most `timeout` for the exit (SIGKILL after it); removes the state dir.
    func stop(timeout: Duration = .seconds(30)) async -> Exit {
        let started = ContinuousClock.now
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let killed = await ProcessRunner.waitForExit(process, timeout: timeout)
        let exit = Exit(status: process.terminationStatus, signalled: killed || process.terminationReason == .uncaughtSignal,
                        elapsed: ContinuousClock.now - started)
        try? FileManager.default.removeItem(at: stateDirectory)
        return exit
    }

    /// Stops the server and throws unless it exited 0 within 30 s (PRODUCT.md §2).
    func stopCleanly() async throws {
        let exit = await stop()
        guard exit.status == 0, !exit.signalled, exit.elapsed < .seconds(30) else {
            throw StopFailure(description: "velo-sql server did not exit 0 within 30 s after SIGTERM: status \(exit.status), signalled \(exit.signalled), after \(exit.elapsed); log:\n\(log)")
        }
    }

    // MARK: Direct API access (only to wait for a job's state; the tests check the CLI)

    /// `GET /api/v1/jobs/{name}` as JSON; nil for 404 or an unreadable answer.
    func job(_ name: String) async throws -> [String: Any]? {
        guard let url = URL(string: "\(baseURL)/api/v1/jobs/\(name)") else { return nil }
        var request = URLRequest(url: url, timeoutInterval: 30)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { return nil }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// How many transient queries the server is running (`/health`, `jobs.queries`); nil if unknown.
    func activeQueries() async throws -> Int? {
        guard let url = URL(string: "\(baseURL)/health") else { return nil }
        let (data, _) = try await URLSession.shared.data(for: URLRequest(url: url, timeoutInterval: 30))
        let health = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (health?["jobs"] as? [String: Any])?["queries"] as? Int
    }

    /// Polls `/health` until no transient query runs; whether that happened within `timeout`.
    func waitForNoQueries(timeout: Duration = .seconds(20)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await activeQueries() == 0 { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// Polls the job until `condition` holds for it; the last answer either way.
    @discardableResult
    func waitForJob(_ name: String, timeout: Duration = .seconds(30), until condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            if let job = try await job(name) {
                last = job
                if condition(job) { return job }
            }
            try await Task.sleep(for: .milliseconds(150))
        }
        return last
    }
}

extension Dictionary where Key == String, Value == Any {
    var state: String? { self["state"] as? String }
    var recordsOut: Int { (self["stats"] as? [String: Any])?["recordsOut"] as? Int ?? 0 }
    var recordsIn: Int { (self["stats"] as? [String: Any])?["recordsIn"] as? Int ?? 0 }
}
