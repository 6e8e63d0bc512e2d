import VeloTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `velo-sql server` as users run it: the built binary, its own state dir, the real broker. The port
/// comes from the first line it prints.
final class ServerProcess: @unchecked Sendable {
    static let binary = TestBinaries.sql

    let process = Process()
    let stateDirectory: String
    private(set) var port = 0
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var stderrText = ""

    init(stateDirectory: String, brokers: String, environment: [String: String] = [:]) throws {
        self.stateDirectory = stateDirectory
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["server", "--port", "0", "--state-dir", stateDirectory, "--brokers", brokers]
        var env = ProcessInfo.processInfo.environment
        env["VELO_LOG_LEVEL"] = "warning"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // stderr drained on its own thread, so the server never blocks on a full pipe.
        let handle = errors.fileHandleForReading
        Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                self.lock.withLock { self.stderrText += String(decoding: data, as: UTF8.self) }
            }
        }.start()
        port = try readPort()
    }

    var stderr: String { lock.withLock { stderrText } }

    private func readPort() throws -> Int {
        let handle = output.fileHandleForReading
        var line = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
            if let text = String(data: line, encoding: .utf8), let newline = text.firstIndex(of: "\n") {
                let first = text[..<newline]
                if let range = first.range(of: "http://127.0.0.1:"), let port = Int(first[range.upperBound...].prefix { $0.isNumber }) {
                    return port
                }
            }
        }
        throw ServerProcessError(message: "the server printed no address; stderr: \(stderr)")
    }

    struct ServerProcessError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Sends `signal` and waits for the exit; returns the status and how long it took.
    func terminate(_ signal: Int32, timeout: TimeInterval = 40) -> (status: Int32, seconds: Double)? {
        let started = Date()
        kill(process.processIdentifier, signal)
        while process.isRunning, Date().timeIntervalSince(started) < timeout { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return (process.terminationStatus, Date().timeIntervalSince(started))
    }

    func request(_ method: String, _ path: String, json: Any? = nil) async throws -> ServerHarness.Reply {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw URLError(.badURL) }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ServerHarness.Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data, headers: [:])
    }

    func waitForJob(_ name: String, timeout: Duration = .seconds(60), _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = try await request("GET", "/api/v1/jobs/\(name)").json
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
        }
        return last
    }
}
