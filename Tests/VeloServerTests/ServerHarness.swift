import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Synchronization
import VeloRuntime
@testable import VeloServer

/// A real server on a real socket (port 0), in this process, with a temporary state dir; talks to the
/// broker of KAFKA_BOOTSTRAP_SERVERS, or runs jobs on a MemoryBus when `memory` is asked for.
final class ServerHarness: Sendable {
    let server: JobServer
    let port: Int
    let stateDirectory: String
    let token: String?
    private let task: Task<Void, any Error>

    static var brokers: String? { ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP_SERVERS"] }

    init(memory: Bool = false, configure: (inout ServerConfig) -> Void = { _ in }) async throws {
        var config = ServerConfig()
        config.port = 0
        config.checkpointInterval = .milliseconds(300)
        config.shutdownTimeout = .seconds(20)
        stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("velo-server-\(UUID().uuidString)").path
        config.stateDirectory = stateDirectory
        config.brokers = Self.brokers ?? "127.0.0.1:9092"
        configure(&config)
        token = config.tokens.first
        var logger = Logger(label: "velo.server.test")
        logger.logLevel = .warning
        let server = try JobServer(config: config, bus: memory ? MemoryBus() : nil, logger: logger)
        self.server = server
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        task = Task { try await server.run(signals: []) { port in continuation.yield(port) } }
        var bound = 0
        for await port in ports {
            bound = port
            break
        }
        port = bound
    }

    /// Stops the server as SIGTERM would (cancellation → jobs checkpoint and close).
    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    func removeState() {
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    struct Reply: Sendable {
        var status: Int
        var body: Data
        var headers: [String: String]

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    }

    func request(_ method: String, _ path: String, json: Any? = nil, text: String? = nil, body: Data? = nil,
                 contentType: String? = nil, token: String?? = .none, timeout: TimeInterval = 60) async throws -> Reply {
        guard let url = URL(string: baseURL + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let text {
            request.httpBody = Data(text.utf8)
            request.setValue("text/plain", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
        }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let bearer: String? = switch token {
        case .none: self.token
        case .some(let explicit): explicit
        }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] { headers["\(key)".lowercased()] = "\(value)" }
        return Reply(status: http?.statusCode ?? 0, body: data, headers: headers)
    }

    /// Polls `GET /api/v1/jobs/{name}` until `condition` holds for it (or the time is up).
    func waitForJob(_ name: String, timeout: Duration = .seconds(30), _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = try await request("GET", "/api/v1/jobs/\(name)").json
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }
}

extension Dictionary where Key == String, Value == Any {
    var state: String? { self["state"] as? String }
    var stats: [String: Any] { self["stats"] as? [String: Any] ?? [:] }
    var recordsOut: Int { stats["recordsOut"] as? Int ?? 0 }
    var recordsIn: Int { stats["recordsIn"] as? Int ?? 0 }
    var checkpoints: Int { stats["checkpoints"] as? Int ?? 0 }
}
