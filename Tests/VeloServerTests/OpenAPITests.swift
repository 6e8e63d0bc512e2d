import Foundation
import Testing
import Yams
@testable import VeloServer

/// docs/openapi.yaml and the server agree: every route registered is described, and every
/// operation described is served.
@Suite("OpenAPI description")
struct OpenAPITests {
    static let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml").path

    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOfFile: specPath, encoding: .utf8)
        let spec = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: Any])
        var operations: Set<String> = []
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            for method in ["get", "post", "put", "patch", "delete"] where item[method] != nil {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test(.timeLimit(.minutes(1)))
    func routesAndDescriptionMatch() async throws {
        let server = try await ServerHarness(memory: true)
        defer { server.removeState() }
        let registered = Set(server.server.routeLog.routes)
        let documented = try Self.documentedOperations()
        #expect(registered.subtracting(documented).isEmpty, "served but not in docs/openapi.yaml: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "described but not served: \(documented.subtracting(registered).sorted())")
        #expect(registered.count >= 15)

        // And each described operation answers something other than "no such route".
        for operation in documented.sorted() {
            let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
            let path = parts[1].replacingOccurrences(of: "{name}", with: "probe")
            let reply = try await server.request(parts[0], path, json: parts[0] == "POST" ? ["sql": "SELECT 1 FROM probe LIMIT 1;", "timeoutMs": 200] : nil)
            #expect(reply.errorMessage?.hasPrefix("no such route") != true, "\(operation) → \(reply.status) \(reply.text)")
        }
        await server.stop()
    }
}
