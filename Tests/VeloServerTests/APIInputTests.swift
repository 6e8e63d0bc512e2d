import Foundation
import Testing
@testable import VeloServer

/// Every kind of bad input gets its status and a JSON error that says why; the server keeps serving.
/// Jobs run on the in-memory bus here: these tests are about the HTTP edge.
@Suite("HTTP API: bad input")
struct APIInputTests {
    static let declaration = "CREATE STREAM orders (id BIGINT, amount BIGINT) WITH ('topic' = 'orders');"

    @Test(.timeLimit(.minutes(1)))
    func badRequestsGetTheirStatus() async throws {
        let server = try await ServerHarness(memory: true)
        defer { server.removeState() }

        var reply = try await server.request("POST", "/api/v1/jobs", body: Data("{\"sql\": ".utf8), contentType: "application/json")
        #expect(reply.status == 400)
        #expect(reply.errorMessage?.hasPrefix("the body is not valid JSON") == true, "\(reply.text)")

        reply = try await server.request("POST", "/api/v1/jobs", json: ["name": "x"])
        #expect(reply.status == 400)
        #expect(reply.errorMessage == "the JSON body has no 'sql'")

        reply = try await server.request("POST", "/api/v1/jobs", json: ["sql": 42])
        #expect(reply.status == 400)
        #expect(reply.errorMessage?.hasPrefix("'sql' has the wrong type") == true, "\(reply.text)")

        reply = try await server.request("POST", "/api/v1/jobs", body: Data(), contentType: "application/json")
        #expect(reply.status == 400)
        #expect(reply.errorMessage == "the body is empty")

        reply = try await server.request("POST", "/api/v1/jobs", body: Data("--x".utf8), contentType: "multipart/form-data; boundary=x")
        #expect(reply.status == 415)

        // SQL errors carry their position and hint; every broken statement is listed.
        reply = try await server.request("POST", "/api/v1/jobs", text: "SELECT id\nFORM orders;")
        #expect(reply.status == 400)
        let error = try #require(reply.json["error"] as? [String: Any])
        #expect(error["line"] as? Int == 2)
        #expect(error["column"] as? Int == 1)
        #expect((error["message"] as? String)?.contains("FORM") == true, "\(reply.text)")

        reply = try await server.request("POST", "/api/v1/jobs", text: Self.declaration + "\nCREATE STREAM big AS SELECT nope FROM orders;")
        #expect(reply.status == 400)
        #expect(reply.errorMessage == "unknown column 'nope'", "\(reply.text)")
        #expect((reply.json["error"] as? [String: Any])?["line"] as? Int == 2)

        // Nothing of a failed deploy was kept: the declaration is not in the catalog.
        reply = try await server.request("GET", "/api/v1/streams")
        #expect((reply.json["streams"] as? [Any])?.isEmpty == true)

        reply = try await server.request("POST", "/api/v1/jobs", text: "SHOW STREAMS;")
        #expect(reply.status == 400)
        #expect(reply.errorMessage == "SHOW is a command, not something to deploy")

        reply = try await server.request("POST", "/api/v1/jobs", text: "-- nothing here\n")
        #expect(reply.status == 400)

        // 413 past 1 MiB, decided before the whole body is read.
        let huge = "SELECT 1 FROM orders; -- " + String(repeating: "x", count: 1_100_000)
        reply = try await server.request("POST", "/api/v1/jobs", text: huge)
        #expect(reply.status == 413)
        #expect(reply.errorMessage?.contains("larger than 1048576 bytes") == true)

        reply = try await server.request("GET", "/api/v1/jobs/nope")
        #expect(reply.status == 404)
        #expect(reply.errorMessage == "no job named 'nope'")
        reply = try await server.request("POST", "/api/v1/jobs/nope/pause")
        #expect(reply.status == 404)
        reply = try await server.request("DELETE", "/api/v1/jobs/nope")
        #expect(reply.status == 404)
        reply = try await server.request("GET", "/api/v1/streams/nope")
        #expect(reply.status == 404)
        reply = try await server.request("GET", "/api/v2/everything")
        #expect(reply.status == 404)
        #expect(reply.errorMessage == "no such route: GET /api/v2/everything")

        reply = try await server.request("POST", "/api/v1/query", json: ["sql": "SELECT id FROM orders;", "limit": 0])
        #expect(reply.status == 400)
        reply = try await server.request("POST", "/api/v1/query", json: ["sql": "SELECT id FROM orders;", "timeoutMs": -5])
        #expect(reply.status == 400)
        reply = try await server.request("POST", "/api/v1/query", json: ["sql": Self.declaration + " CREATE STREAM a AS SELECT id FROM orders;"])
        #expect(reply.status == 400)

        // Still serving.
        reply = try await server.request("GET", "/health")
        #expect(reply.status == 200)
        await server.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func namesAndStatesConflict() async throws {
        let server = try await ServerHarness(memory: true)
        defer { server.removeState() }
        var reply = try await server.request("POST", "/api/v1/jobs", json: ["sql": Self.declaration + "\nCREATE STREAM big AS SELECT id FROM orders WHERE amount > 10;"])
        #expect(reply.status == 201, "\(reply.text)")
        #expect(reply.json["declared"] as? [String] == ["orders"])

        // The same declaration again is fine; the same job name is not.
        reply = try await server.request("POST", "/api/v1/jobs", json: ["sql": Self.declaration + "\nCREATE STREAM big AS SELECT id FROM orders;"])
        #expect(reply.status == 409)
        #expect(reply.errorMessage == "a job named 'big' exists")
        // A different declaration under a taken name conflicts, at its position.
        reply = try await server.request("POST", "/api/v1/jobs", text: "CREATE STREAM orders (id INT) WITH ('topic' = 'x');")
        #expect(reply.status == 409)
        #expect(reply.errorMessage == "orders is declared already, differently")
        // 'name' renames the one job of a script.
        reply = try await server.request("POST", "/api/v1/jobs", json: ["sql": "CREATE STREAM big AS SELECT id FROM orders;", "name": "big_2"])
        #expect(reply.status == 201, "\(reply.text)")
        reply = try await server.request("POST", "/api/v1/jobs", json: ["sql": "CREATE STREAM c AS SELECT id FROM orders;", "name": "bad name!"])
        #expect(reply.status == 400)

        _ = try await server.waitForJob("big") { $0.state == "running" }
        reply = try await server.request("POST", "/api/v1/jobs/big/resume")
        #expect(reply.status == 409)
        #expect(reply.errorMessage == "cannot resume a job that is running: it is not paused")
        reply = try await server.request("POST", "/api/v1/jobs/big/stop")
        #expect(reply.status == 200)
        #expect(reply.json.state == "stopped")
        reply = try await server.request("POST", "/api/v1/jobs/big/pause")
        #expect(reply.status == 409)
        #expect(reply.errorMessage == "cannot pause a job that is stopped: restart it")
        await server.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func tokensGuardTheAPI() async throws {
        let server = try await ServerHarness(memory: true) { $0.tokens = ["s3cret", "other"] }
        defer { server.removeState() }
        var reply = try await server.request("GET", "/api/v1/jobs", token: .some(nil))
        #expect(reply.status == 401)
        #expect(reply.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(reply.errorMessage == "this server needs a bearer token")
        reply = try await server.request("GET", "/api/v1/jobs", token: "s3cre")
        #expect(reply.status == 401)
        #expect(reply.errorMessage == "the bearer token is not accepted")
        reply = try await server.request("GET", "/api/v1/jobs", token: "s3cret")
        #expect(reply.status == 200)
        reply = try await server.request("GET", "/api/v1/jobs", token: "other")
        #expect(reply.status == 200)
        // Health and metrics stay open for probes and scrapers.
        reply = try await server.request("GET", "/health", token: .some(nil))
        #expect(reply.status == 200)
        reply = try await server.request("GET", "/metrics", token: .some(nil))
        #expect(reply.status == 200)
        await server.stop()
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.equals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equals(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!ConstantTime.equals([], Array("a".utf8)))
    }
}
