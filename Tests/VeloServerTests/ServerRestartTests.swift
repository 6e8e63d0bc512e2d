import Foundation
import Testing
import VeloCore
import VeloRuntime
import VeloTestSupport

/// The registry survives the server: stopped with SIGTERM (drains and commits, exit 0 within 30 s)
/// or killed with SIGKILL, a server started again on the same state dir restores every running job
/// from its committed positions — nothing lost — and reports paused and stopped jobs as they were.
@Suite("Server restart", .enabled(if: ServerHarness.brokers != nil), .serialized)
struct ServerRestartTests {
    @Test(.timeLimit(.minutes(3)))
    func jobsSurviveSIGKILLAndSIGTERM() async throws {
        let brokers = try #require(ServerHarness.brokers)
        let kafka = try KafkaFixture(brokers: brokers)
        let input = kafka.topic("restart-in"), output = kafka.topic("restart-out")
        try await kafka.produce(input, ids: 0..<1_000)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("velo-restart-\(kafka.suffix)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let running = "copy_\(kafka.suffix)", paused = "paused_\(kafka.suffix)", stopped = "stopped_\(kafka.suffix)"
        let totals = "totals_\(kafka.suffix)", totalsTopic = kafka.topic("restart-totals")

        var server = try ServerProcess(stateDirectory: state, brokers: brokers)
        let sql = """
            CREATE STREAM src (id BIGINT, amount BIGINT) WITH ('topic' = '\(input)');
            -- @name: \(running)
            CREATE STREAM copy WITH ('topic' = '\(output)') AS SELECT id, amount FROM src;
            -- @name: \(paused)
            CREATE STREAM p WITH ('topic' = '\(kafka.topic("restart-p"))') AS SELECT id FROM src;
            -- @name: \(stopped)
            CREATE STREAM s WITH ('topic' = '\(kafka.topic("restart-s"))') AS SELECT id FROM src;
            -- @name: \(totals)
            CREATE TABLE totals WITH ('topic' = '\(totalsTopic)') AS
            SELECT id % 10 AS bucket, COUNT(*) AS n, SUM(amount) AS total FROM src GROUP BY id % 10;
            """
        var reply = try await server.request("POST", "/api/v1/jobs", json: ["sql": sql])
        #expect(reply.status == 201, "\(reply.text)")
        #expect(try await server.waitForJob(running) { $0.recordsOut == 1_000 }.recordsOut == 1_000)
        reply = try await server.request("POST", "/api/v1/jobs/\(paused)/pause")
        #expect(reply.json.state == "paused")
        reply = try await server.request("POST", "/api/v1/jobs/\(stopped)/stop")
        #expect(reply.json.state == "stopped")

        // Killed without warning while records keep arriving.
        let killed = server.terminate(SIGKILL)
        #expect(killed != nil)
        try await kafka.produce(input, ids: 1_000..<2_000)

        server = try ServerProcess(stateDirectory: state, brokers: brokers)
        var job = try await server.waitForJob(running) { $0.state == "running" && $0.recordsIn >= 1_000 }
        #expect(job.state == "running", "\(job); stderr: \(server.stderr)")
        #expect(try await server.request("GET", "/api/v1/jobs/\(paused)").json.state == "paused")
        #expect(try await server.request("GET", "/api/v1/jobs/\(stopped)").json.state == "stopped")
        try await kafka.produce(input, ids: 2_000..<2_500)
        job = try await server.waitForJob(running) { $0.recordsOut >= 1_500 }

        // SIGTERM: drains, commits and exits 0 well within 30 s; the job is restored again.
        let terminated = server.terminate(SIGTERM)
        #expect(terminated?.status == 0, "stderr: \(server.stderr)")
        #expect((terminated?.seconds ?? 99) < 30)
        try await kafka.produce(input, ids: 2_500..<3_000)
        server = try ServerProcess(stateDirectory: state, brokers: brokers)
        job = try await server.waitForJob(running) { $0.state == "running" && $0.recordsOut >= 500 }
        #expect(job.state == "running")
        #expect(try await server.request("GET", "/api/v1/jobs/\(paused)").json.state == "paused")
        // The restored catalog still plans against the stream declared before the restarts.
        reply = try await server.request("POST", "/api/v1/validate", json: ["sql": "CREATE STREAM v AS SELECT amount FROM src;"])
        #expect(reply.json["valid"] as? Bool == true, "\(reply.text)")
        _ = server.terminate(SIGTERM)

        // Every input record reached the output: at-least-once across both restarts.
        let ids = TestTopics.ids(try await TestTopics.readRows(output, brokers: brokers, group: "check-\(kafka.suffix)"))
        #expect(Set(ids).count == 3_000, "distinct ids: \(Set(ids).count) of 3000")
        // The grouped job's state came back after each restart and never counted a record twice:
        // its changelog's last row per bucket is the exact count and sum of ids 0..<3000.
        let changelog = try await TestTopics.readRows(totalsTopic, brokers: brokers, group: "check-totals-\(kafka.suffix)")
        var latest: [Int64: (Int64, Int64)] = [:]
        for row in changelog {
            if case .int(let bucket)? = row.field("bucket"), case .int(let n)? = row.field("n"), case .int(let total)? = row.field("total") {
                latest[bucket] = (n, total)
            }
        }
        for bucket in Int64(0)..<10 {
            let want = (Int64(300), (0..<3_000).filter { Int64($0) % 10 == bucket }.reduce(Int64(0)) { $0 + Int64($1) * 10 })
            #expect(latest[bucket]?.0 == want.0 && latest[bucket]?.1 == want.1, "bucket \(bucket): \(String(describing: latest[bucket])), want \(want)")
        }
        #expect(FileManager.default.fileExists(atPath: state + "/state/\(totals).state.db"))
        await kafka.cleanUp([input, output, totalsTopic, kafka.topic("restart-p"), kafka.topic("restart-s")])
    }
}
