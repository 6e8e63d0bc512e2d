import Foundation
import Testing
import VeloCore
import VeloPlanner
import VeloRuntime
import VeloState

/// Every stateful query, run once straight through and once stopped halfway and restarted on the same
/// state store: the outputs must be equal, row for row (the fast, deterministic lane of the kill -9
/// tests). Each restart goes through the store's encoding, so every accumulator's and every window
/// kind's state is written and read back.
@Suite("State restore")
struct StateRestoreTests {
    static let source = """
        CREATE STREAM readings (sensor STRING, site STRING, value DECIMAL(8, 2), ts TIMESTAMP)
            WITH ('topic' = 'readings', 'timestamp' = 'ts');
        """

    static let queries: [(String, String)] = [
        ("tumbling final", """
            SELECT sensor, COUNT(*) AS n, SUM(value) AS total, AVG(value) AS mean, MIN(value) AS low, MAX(value) AS high,
                   STDDEV(value) AS sd, MEDIAN(value) AS mid, COUNT(DISTINCT site) AS sites, STRING_AGG(site, '/') AS path,
                   FIRST_VALUE(value) AS first, LAST_VALUE(value) AS last, APPROX_COUNT_DISTINCT(value) AS approx,
                   PERCENTILE_CONT(value, 0.9) AS p90, SUM(value) FILTER (WHERE site = 'a') AS at_a, _window_start AS ws
            FROM readings GROUP BY sensor WINDOW TUMBLING(INTERVAL '10' SECOND)
            """),
        ("tumbling changes", "SELECT sensor, COUNT(*) AS n, SUM(value) AS total FROM readings GROUP BY sensor WINDOW TUMBLING(INTERVAL '10' SECOND) EMIT CHANGES"),
        ("hopping", "SELECT sensor, COUNT(*) AS n, MAX(value) AS high, _window_start AS ws FROM readings GROUP BY sensor WINDOW HOPPING(INTERVAL '10' SECOND, INTERVAL '5' SECOND)"),
        ("session", "SELECT sensor, COUNT(*) AS n, SUM(value) AS total, _window_start AS ws, _window_end AS we FROM readings GROUP BY sensor WINDOW SESSION(INTERVAL '3' SECOND)"),
        ("grouped", "SELECT site, COUNT(*) AS n, SUM(value) AS total FROM readings GROUP BY site"),
        ("grouped final", "SELECT site, COUNT(*) AS n, AVG(value) AS mean FROM readings GROUP BY site EMIT FINAL"),
        ("analytic", """
            SELECT sensor, value, LAG(value) OVER (PARTITION BY sensor ORDER BY ts) AS previous,
                   LEAD(value, 2, 0.00) OVER (PARTITION BY sensor ORDER BY ts) AS after_next,
                   SUM(value) OVER (PARTITION BY sensor ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS recent,
                   ROW_NUMBER() OVER (PARTITION BY sensor ORDER BY ts) AS n
            FROM readings
            """),
    ]

    /// 600 readings over 120 s of event time, a little out of order, with gaps that split sessions.
    static func input() -> [(key: String, value: String)] {
        var rows: [(String, String)] = []
        var time: Int64 = 1_893_492_000_000
        for id in 0..<600 {
            time += id % 50 == 49 ? 4_000 : 200
            let jitter: Int64 = id % 7 == 3 ? -300 : 0
            let sensor = "s\(id % 3)"
            let site = ["a", "b", "c", "d"][id % 4 == 0 ? 0 : id % 3]
            let value = "\(id % 13).\(id % 10)5"
            rows.append((sensor, "{\"sensor\":\"\(sensor)\",\"site\":\"\(site)\",\"value\":\(value),\"ts\":\(time + jitter)}"))
        }
        return rows
    }

    @Test("stopped halfway and restarted from the state store, a query emits what one uninterrupted run emits", arguments: queries)
    func restoreEqualsStraightRun(_ query: (String, String)) async throws {
        let script = Self.source + "\nCREATE STREAM out AS " + query.1 + ";"
        var planner = ScriptPlanner()
        let plan = planner.plan(source: script)
        #expect(plan.errors.isEmpty, "\(plan.errors)")
        let graph = try #require(plan.jobs.last).graph
        let rows = Self.input()

        // Straight through.
        let straight = MemoryBus()
        for row in rows { _ = straight.append(topic: "readings", key: Array(row.key.utf8), value: Array(row.value.utf8)) }
        var options = JobOptions()
        options.readToEnd = true
        try await JobRunner(graph: graph, bus: straight, options: options).run()
        let expected = straight.messages(topic: "out").flatMap { $0 }.map { String(decoding: $0.value ?? [], as: UTF8.self) }
        #expect(!expected.isEmpty)

        // Half, stop (a checkpoint, no end of input), the rest, restart on the same store.
        let bus = MemoryBus()
        let store = MemoryStateStore()
        for row in rows.prefix(300) { _ = bus.append(topic: "readings", key: Array(row.key.utf8), value: Array(row.value.utf8)) }
        var first = JobOptions()
        first.stateStore = store
        first.pollTimeout = .milliseconds(5)
        let runner = JobRunner(graph: graph, bus: bus, options: first)
        let task = Task { try await runner.run() }
        let deadline = ContinuousClock.now + .seconds(20)
        while runner.status.recordsIn < 300, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        runner.stop()
        try await task.value
        #expect(try store.restore().checkpointID > 0)
        for row in rows.dropFirst(300) { _ = bus.append(topic: "readings", key: Array(row.key.utf8), value: Array(row.value.utf8)) }
        var second = options
        second.stateStore = store
        let restarted = JobRunner(graph: graph, bus: bus, options: second)
        let status = try await restarted.run()
        #expect(status.recordsIn == 300, "the restarted job reads only what the first did not")
        let actual = bus.messages(topic: "out").flatMap { $0 }.map { String(decoding: $0.value ?? [], as: UTF8.self) }
        #expect(actual.count == expected.count)
        for (index, (want, got)) in zip(expected, actual).enumerated() where want != got {
            Issue.record("\(query.0): row \(index + 1): expected \(want), got \(got)")
            break
        }
    }
}
