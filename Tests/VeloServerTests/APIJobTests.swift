import Foundation
import Testing
import VeloKafka
@testable import VeloServer

/// The API against a real server and the real broker: deploy, list, describe, pause, resume,
/// restart, stop, drop; 20 concurrent deploys; push queries; metrics and health.
@Suite("HTTP API: jobs on Kafka", .enabled(if: ServerHarness.brokers != nil))
struct APIJobTests {
    @Test(.timeLimit(.minutes(2)))
    func lifecycle() async throws {
        let kafka = try KafkaFixture(brokers: try #require(ServerHarness.brokers))
        let input = kafka.topic("orders"), output = kafka.topic("big")
        try await kafka.produce(input, ids: 0..<100)
        let server = try await ServerHarness()
        defer { server.removeState() }

        let sql = """
            CREATE STREAM orders (id BIGINT, amount BIGINT) WITH ('topic' = '\(input)');
            -- @name: big_orders_\(kafka.suffix)
            -- @description: orders over 500
            CREATE STREAM big WITH ('topic' = '\(output)') AS SELECT id, amount FROM orders WHERE amount > 500;
            """
        var reply = try await server.request("POST", "/api/v1/jobs", json: ["sql": sql])
        #expect(reply.status == 201, "\(reply.text)")
        let created = try #require((reply.json["jobs"] as? [[String: Any]])?.first)
        #expect(created["name"] as? String == "big_orders_\(kafka.suffix)")
        #expect(created["description"] as? String == "orders over 500")
        #expect((created["explain"] as? [String])?.first?.hasPrefix("1 sink big kafka topic=\(output)") == true)

        var job = try await server.waitForJob("big_orders_\(kafka.suffix)") { $0.recordsOut == 49 }
        #expect(job.state == "running")
        #expect(job.recordsIn == 100)
        #expect(job["sources"] as? [String] == [input])

        reply = try await server.request("GET", "/api/v1/jobs")
        #expect((reply.json["jobs"] as? [[String: Any]])?.map { $0["name"] as? String } == ["big_orders_\(kafka.suffix)"])

        // Paused: nothing more is read while records arrive; resumed: it catches up.
        reply = try await server.request("POST", "/api/v1/jobs/big_orders_\(kafka.suffix)/pause")
        #expect(reply.status == 200)
        #expect(reply.json.state == "paused")
        try await kafka.produce(input, ids: 100..<200)
        try await Task.sleep(for: .seconds(2))
        job = try await server.request("GET", "/api/v1/jobs/big_orders_\(kafka.suffix)").json
        #expect(job.state == "paused")
        #expect(job.recordsIn == 100)
        reply = try await server.request("POST", "/api/v1/jobs/big_orders_\(kafka.suffix)/resume")
        #expect(reply.json.state == "running")
        job = try await server.waitForJob("big_orders_\(kafka.suffix)") { $0.recordsOut == 149 }
        #expect(job.recordsIn == 200)

        // Restart: a new runner from the committed positions, so nothing is read twice.
        reply = try await server.request("POST", "/api/v1/jobs/big_orders_\(kafka.suffix)/restart")
        #expect(reply.status == 200)
        #expect(["starting", "running"].contains(reply.json.state ?? ""))
        job = try await server.waitForJob("big_orders_\(kafka.suffix)") { $0.state == "running" }
        try await kafka.produce(input, ids: 200..<210)
        job = try await server.waitForJob("big_orders_\(kafka.suffix)") { $0.recordsIn == 10 }
        #expect(job.recordsOut == 10)

        reply = try await server.request("POST", "/api/v1/jobs/big_orders_\(kafka.suffix)/stop")
        #expect(reply.json.state == "stopped")

        reply = try await server.request("DELETE", "/api/v1/jobs/big_orders_\(kafka.suffix)")
        #expect(reply.status == 200)
        #expect(reply.json["dropped"] as? String == "big_orders_\(kafka.suffix)")
        reply = try await server.request("GET", "/api/v1/jobs/big_orders_\(kafka.suffix)")
        #expect(reply.status == 404)
        await server.stop()
        await kafka.cleanUp([input, output])
    }

    @Test(.timeLimit(.minutes(2)))
    func twentyJobsDeployedConcurrently() async throws {
        let kafka = try KafkaFixture(brokers: try #require(ServerHarness.brokers))
        let input = kafka.topic("many")
        try await kafka.produce(input, ids: 0..<20)
        let server = try await ServerHarness()
        defer { server.removeState() }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let sql = "-- @name: many_\(index)_\(kafka.suffix)\nCREATE STREAM many_\(index) WITH ('topic' = '\(kafka.topic("many-out-\(index)"))') AS SELECT id FROM `\(input)` WHERE id >= \(index);"
                    return try await server.request("POST", "/api/v1/jobs", json: ["sql": sql]).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 201, count: 20))
        let jobs = try #require(try await server.request("GET", "/api/v1/jobs").json["jobs"] as? [[String: Any]])
        #expect(jobs.count == 20)
        for index in 0..<20 {
            let job = try await server.waitForJob("many_\(index)_\(kafka.suffix)") { $0.recordsOut == 20 - index }
            #expect(job.recordsOut == 20 - index, "many_\(index): \(job)")
        }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<20 { group.addTask { _ = try? await server.request("DELETE", "/api/v1/jobs/many_\(index)_\(kafka.suffix)") } }
        }
        let left = try await server.request("GET", "/api/v1/jobs").json["jobs"] as? [[String: Any]]
        #expect(left?.isEmpty == true)
        await server.stop()
        await kafka.cleanUp([input] + (0..<20).map { kafka.topic("many-out-\($0)") })
    }

    @Test(.timeLimit(.minutes(2)))
    func pushQueriesStreamRowsAndEnd() async throws {
        let kafka = try KafkaFixture(brokers: try #require(ServerHarness.brokers))
        let input = kafka.topic("query")
        try await kafka.produce(input, ids: 0..<10, partitions: 1)
        let server = try await ServerHarness()
        defer { server.removeState() }

        var reply = try await server.request("POST", "/api/v1/query", json: ["sql": "SELECT id, amount * 2 AS twice FROM `\(input)`;", "limit": 4])
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "application/x-ndjson")
        var lines = reply.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(reply.text)")
        #expect(lines.first?.hasPrefix("{\"header\":{\"columns\":[") == true)
        #expect(lines[1] == "{\"row\":{\"id\":0,\"twice\":0}}")
        #expect(lines[4] == "{\"row\":{\"id\":3,\"twice\":60}}")
        #expect(lines.last == "{\"end\":{\"reason\":\"limit\",\"rows\":4}}" || lines.last == "{\"end\":{\"rows\":4,\"reason\":\"limit\"}}")

        // Without a limit the query runs until its timeout, then ends cleanly.
        let started = ContinuousClock.now
        reply = try await server.request("POST", "/api/v1/query", json: ["sql": "SELECT id FROM `\(input)` WHERE id > 1000;", "timeoutMs": 2000])
        lines = reply.text.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("{\"row\"") }.isEmpty)
        #expect(lines.last?.contains("\"reason\":\"timeout\"") == true, "\(reply.text)")
        #expect(ContinuousClock.now - started < .seconds(15))
        await server.stop()
        await kafka.cleanUp([input])
    }

    /// A windowed job's late record and state show in its status and in /metrics.
    @Test(.timeLimit(.minutes(2)))
    func windowedJobMetrics() async throws {
        let kafka = try KafkaFixture(brokers: try #require(ServerHarness.brokers))
        let input = kafka.topic("windowed")
        try await kafka.admin.createTopic(input, partitions: 1, replicationFactor: 1, ifNotExists: true)
        let base = (Int64(Date().timeIntervalSince1970 * 1000) / 10_000 - 10) * 10_000
        // 10:00:01, 10:00:12 (closes the first window), then 10:00:05: late.
        try await kafka.produceValues(input, ["{\"k\":\"a\",\"ts\":\(base + 1_000)}", "{\"k\":\"a\",\"ts\":\(base + 12_000)}",
                                               "{\"k\":\"a\",\"ts\":\(base + 5_000)}"])
        let server = try await ServerHarness()
        defer { server.removeState() }
        let job = "windowed_\(kafka.suffix)"
        let sql = """
            CREATE STREAM events (k STRING, ts TIMESTAMP) WITH ('topic' = '\(input)', 'timestamp' = 'ts');
            -- @name: \(job)
            CREATE STREAM counts WITH ('topic' = '\(kafka.topic("windowed-out"))') AS
            SELECT k, COUNT(*) AS n FROM events GROUP BY k WINDOW TUMBLING(INTERVAL '10' SECOND);
            """
        let reply = try await server.request("POST", "/api/v1/jobs", text: sql)
        #expect(reply.status == 201, "\(reply.text)")
        // Wait for a checkpoint after the three records (state size is measured at checkpoints).
        let read = try await server.waitForJob(job) { $0.recordsIn == 3 }
        let status = try await server.waitForJob(job) { $0.checkpoints > read.checkpoints + 1 }
        #expect(status.recordsOut == 1)
        let stats = try await server.request("GET", "/api/v1/jobs/\(job)").json["stats"] as? [String: Any]
        #expect(stats?["lateRecords"] as? Int == 1)
        #expect((stats?["stateBytes"] as? Int ?? 0) > 0)
        #expect(stats?["deadLettered"] as? Int == 1)
        let metrics = try await server.request("GET", "/metrics").text
        #expect(metrics.contains("velo_job_late_records_total{job=\"\(job)\"} 1"), "\(metrics)")
        #expect(metrics.contains("velo_job_state_bytes{job=\"\(job)\"}"))
        #expect(!metrics.contains("velo_job_state_bytes{job=\"\(job)\"} 0"))
        await kafka.cleanUp([input, kafka.topic("windowed-out"), "\(job).dlq"])
    }

    @Test(.timeLimit(.minutes(2)))
    func metricsHealthAndCatalog() async throws {
        let kafka = try KafkaFixture(brokers: try #require(ServerHarness.brokers))
        let input = kafka.topic("metered")
        try await kafka.produce(input, ids: 0..<50)
        let server = try await ServerHarness()
        defer { server.removeState() }
        let sql = """
            CREATE STREAM metered (id BIGINT, amount BIGINT) WITH ('topic' = '\(input)');
            CREATE TABLE accounts (id BIGINT PRIMARY KEY, name STRING) WITH ('topic' = '\(kafka.topic("accounts"))');
            CREATE STREAM metered_out_\(kafka.suffix) WITH ('topic' = '\(kafka.topic("metered-out"))') AS SELECT id FROM metered;
            """
        var reply = try await server.request("POST", "/api/v1/jobs", text: sql)
        #expect(reply.status == 201, "\(reply.text)")
        _ = try await server.waitForJob("metered_out_\(kafka.suffix)") { $0.recordsOut == 50 }
        try await Task.sleep(for: .milliseconds(700))  // a checkpoint after the last batch

        reply = try await server.request("GET", "/metrics")
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"]?.hasPrefix("text/plain") == true)
        let metrics = reply.text
        #expect(metrics.contains("velo_job_records_in_total{job=\"metered_out_\(kafka.suffix)\"} 50"), "\(metrics)")
        #expect(metrics.contains("velo_job_records_out_total{job=\"metered_out_\(kafka.suffix)\"} 50"))
        #expect(metrics.contains("velo_job_consumer_lag{job=\"metered_out_\(kafka.suffix)\"} 0"))
        #expect(metrics.contains("velo_job_batch_latency_seconds_bucket{job=\"metered_out_\(kafka.suffix)\""))
        #expect(metrics.contains("velo_job_up{job=\"metered_out_\(kafka.suffix)\"} 1"))
        #expect(metrics.contains("velo_jobs{state=\"running\"} 1"))
        #expect(metrics.contains("velo_http_requests_total{method=\"POST\",route=\"/api/v1/jobs\",status=\"201\"} 1"))

        reply = try await server.request("GET", "/health")
        #expect(reply.status == 200)
        #expect(reply.json["status"] as? String == "ok")
        #expect((reply.json["kafka"] as? [String: Any])?["status"] as? String == "ok")
        #expect((reply.json["state"] as? [String: Any])?["status"] as? String == "ok")
        #expect((reply.json["jobs"] as? [String: Any])?["running"] as? Int == 1)

        reply = try await server.request("GET", "/api/v1/streams")
        let streams = try #require(reply.json["streams"] as? [[String: Any]])
        #expect(streams.map { $0["name"] as? String } == ["metered"])
        #expect(streams.first?["topic"] as? String == input)
        reply = try await server.request("GET", "/api/v1/tables/accounts")
        #expect(reply.json["primaryKey"] as? [String] == ["id"])
        reply = try await server.request("GET", "/api/v1/topics")
        let topics = try #require(reply.json["topics"] as? [[String: Any]])
        let topic = try #require(topics.first { $0["name"] as? String == input })
        #expect(topic["partitions"] as? Int == 2)
        #expect(topic["records"] as? Int == 50)

        reply = try await server.request("POST", "/api/v1/validate", text: "CREATE STREAM v AS SELECT id FROM metered WHERE id > 1;")
        #expect(reply.json["valid"] as? Bool == true)
        #expect(((reply.json["jobs"] as? [[String: Any]])?.first?["explain"] as? [String])?.count == 4)
        reply = try await server.request("POST", "/api/v1/validate", text: "CREATE STREAM v AS SELECT idd FROM metered;")
        #expect(reply.json["valid"] as? Bool == false)
        #expect(((reply.json["errors"] as? [[String: Any]])?.first?["hint"] as? String)?.contains("id") == true)
        await server.stop()
        await kafka.cleanUp([input, kafka.topic("metered-out")])
    }
}

/// A push query whose client disconnects is stopped and cleaned up by the server.
@Suite("HTTP API: query clean-up", .enabled(if: ServerHarness.brokers != nil))
struct QueryCleanupTests {
    @Test(.timeLimit(.minutes(1)))
    func aQueryEndsWhenItsClientGoesAway() async throws {
        let kafka = try KafkaFixture(brokers: try #require(ServerHarness.brokers))
        let input = kafka.topic("gone")
        try await kafka.produce(input, ids: 0..<5, partitions: 1)
        let server = try await ServerHarness()
        defer { server.removeState() }
        let client = Task {
            try await server.request("POST", "/api/v1/query", json: ["sql": "SELECT id FROM `\(input)`;", "timeoutMs": 600_000], timeout: 600)
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while server.server.activeQueries.current == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(server.server.activeQueries.current == 1)
        try await Task.sleep(for: .seconds(1))
        client.cancel()
        // The next keep-alive write (every 2 s) fails, and the query stops.
        let gone = ContinuousClock.now + .seconds(15)
        while server.server.activeQueries.current > 0, ContinuousClock.now < gone { try await Task.sleep(for: .milliseconds(100)) }
        #expect(server.server.activeQueries.current == 0)
        let health = try await server.request("GET", "/health").json
        #expect((health["jobs"] as? [String: Any])?["queries"] as? Int == 0)
        await server.stop()
        await kafka.cleanUp([input])
    }
}

/// A query over a declared TABLE is a pull query: the current row of each key, at once.
@Suite("HTTP API: pull queries", .enabled(if: ServerHarness.brokers != nil))
struct PullQueryTests {
    @Test(.timeLimit(.minutes(1)))
    func aPointLookupAnswersWithTheCurrentRowAtOnce() async throws {
        let kafka = try KafkaFixture(brokers: try #require(ServerHarness.brokers))
        let topic = kafka.topic("accounts")
        try await kafka.admin.createTopic(topic, partitions: 2, replicationFactor: 1)
        let producer = try KafkaProducer(config: ProducerConfig(bootstrapServers: kafka.brokers), topic: topic,
                                         keySerializer: StringSerde(), valueSerializer: StringSerde())
        // Account 1 changes twice, account 2 once and is then deleted (tombstone), account 3 once.
        try await producer.enqueue(key: "1", value: #"{"id":1,"owner":"ann","balance":10.00}"#)
        try await producer.enqueue(key: "2", value: #"{"id":2,"owner":"bob","balance":20.00}"#)
        try await producer.enqueue(key: "1", value: #"{"id":1,"owner":"ann","balance":15.50}"#)
        try await producer.enqueue(key: "3", value: #"{"id":3,"owner":"cy","balance":99.99}"#)
        try await producer.enqueue(key: "2", value: nil)
        try await producer.enqueue(key: "1", value: #"{"id":1,"owner":"ann","balance":7.25}"#)
        try await producer.flush()
        try await producer.close()

        let server = try await ServerHarness()
        defer { server.removeState() }
        var reply = try await server.request("POST", "/api/v1/jobs", text: """
            CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner STRING, balance DECIMAL(10, 2)) WITH ('topic' = '\(topic)');
            """)
        #expect(reply.status == 201, "\(reply.text)")

        let started = ContinuousClock.now
        reply = try await server.request("POST", "/api/v1/query", json: ["sql": "SELECT owner, balance FROM accounts WHERE id = 1;"])
        var rows = reply.text.split(separator: "\n").filter { $0.hasPrefix("{\"row\"") }
        #expect(rows == [#"{"row":{"owner":"ann","balance":7.25}}"#], "\(reply.text)")
        #expect(reply.text.contains(#""reason":"drained""#))
        #expect(ContinuousClock.now - started < .seconds(10))

        // A filter sees only current rows: ann's old balance of 15.50 is not matched.
        reply = try await server.request("POST", "/api/v1/query", json: ["sql": "SELECT id FROM accounts WHERE balance > 10;"])
        rows = reply.text.split(separator: "\n").filter { $0.hasPrefix("{\"row\"") }
        #expect(rows == [#"{"row":{"id":3}}"#], "\(reply.text)")
        await server.stop()
        await kafka.cleanUp([topic])
    }
}
