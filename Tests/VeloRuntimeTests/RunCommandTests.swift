import Foundation
import Testing
import VeloCore
import VeloKafka
import VeloRuntime
import VeloTestSupport

/// `velo-sql run` as users run it: a process, real files, the real broker.
/// Serialized: the two kill tests each push tens of thousands of records through the broker, which
/// beside the server suites of the same lane would slow it past consumers' session timeouts.
@Suite("velo-sql run", .serialized)
struct RunCommandTests {
    static let binary = TestBinaries.sql
    static let brokers = TestBinaries.brokers

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drained at once: a child that fills one while we wait on the other would block.
        let errors = ErrorCollector(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts `velo-sql` in the background, its output discarded (a run the test will kill).
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Reads a pipe to its end on a thread of its own.
    final class ErrorCollector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread {
                self.data = handle.readDataToEndOfFile()
                self.done.signal()
            }.start()
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("velo-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a file job runs to the end of its input and exits 0; paths are relative to the SQL file; a SELECT prints rows")
    func fileJob() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "{\"id\":1,\"sym\":\"AAPL\",\"px\":189.5}\n{\"id\":2,\"sym\":\"MSFT\",\"px\":410.25}\n{\"id\":3,\"sym\":\"AAPL\",\"px\":190.75}\n"
            .write(to: dir.appendingPathComponent("data/trades.jsonl"), atomically: true, encoding: .utf8)
        try """
            CREATE STREAM trades (id BIGINT, sym STRING, px DECIMAL(10, 2)) WITH ('connector' = 'file', 'path' = 'data/trades.jsonl');
            CREATE STREAM aapl WITH ('connector' = 'file', 'path' = 'out/aapl.jsonl') AS
            SELECT id, px * 10 AS notional FROM trades WHERE sym = 'AAPL';
            SELECT sym FROM trades WHERE px > 200;
            """.write(to: dir.appendingPathComponent("job.sql"), atomically: true, encoding: .utf8)
        let run = try Self.run(["run", dir.appendingPathComponent("job.sql").path, "--brokers", "127.0.0.1:1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "{\"sym\":\"MSFT\"}\n")
        let output = try String(contentsOf: dir.appendingPathComponent("out/aapl.jsonl"), encoding: .utf8)
        #expect(output == "{\"id\":1,\"notional\":1895.00}\n{\"id\":3,\"notional\":1907.50}\n")
        #expect(run.stderr.contains("aapl: finished, 3 in, 2 out"))
    }

    @Test("bad SQL: every error with line, column and caret; exit 1; nothing runs")
    func badSQL() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.sql")
        try "CREATE STREAM a (id BIGINT);\nCREATE STREAM b AS SELECT idd FROM a;\nCREATE STREAM c AS SELECT UPPR(id) FROM a;\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let run = try Self.run(["run", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: unknown column 'idd'"))
        #expect(run.stderr.contains("bad.sql:2:27"))
        #expect(run.stderr.contains("did you mean 'id'?"))
        #expect(run.stderr.contains("error: unknown function UPPR"))
        #expect(run.stderr.contains("2 errors"))
    }

    @Test("a missing SQL file or input file is a clear failure")
    func missingFiles() throws {
        let missing = try Self.run(["run", "/nonexistent/job.sql"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read /nonexistent/job.sql"))
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("job.sql")
        try "CREATE STREAM a (id BIGINT) WITH ('connector' = 'file', 'path' = 'nope.jsonl');\nCREATE STREAM b WITH ('connector' = 'file', 'path' = 'b.jsonl') AS SELECT id FROM a;\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let run = try Self.run(["run", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot open \(dir.path)/nope.jsonl"))
    }

    @Test("an unreachable broker fails the job with a message naming it")
    func unreachableBroker() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("job.sql")
        try "CREATE STREAM out AS SELECT id FROM events;\n".write(to: file, atomically: true, encoding: .utf8)
        let started = ContinuousClock.now
        let run = try Self.run(["run", file.path, "--brokers", "127.0.0.1:1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("127.0.0.1:1"), "\(run.stderr)")
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    /// At-least-once: kill -9 in the middle, restart, and every input record is in the output.
    @Test("a job killed with SIGKILL and restarted loses no record", .enabled(if: brokers != nil), .timeLimit(.minutes(3)))
    func killAndRestart() async throws {
        let brokers = try #require(Self.brokers)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let input = "kill-in-\(suffix)"
        let output = "kill-out-\(suffix)"
        let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers))
        try await admin.createTopic(input, partitions: 2, replicationFactor: 1)
        let producer = try KafkaProducer(config: ProducerConfig(bootstrapServers: brokers), topic: input,
                                         keySerializer: StringSerde(), valueSerializer: StringSerde())
        let count = 60_000
        for id in 0..<count / 2 { try await producer.enqueue(key: "\(id)", value: "{\"id\":\(id)}") }
        try await producer.flush()

        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("job.sql")
        try """
            CREATE STREAM src (id BIGINT) WITH ('topic' = '\(input)');
            -- @name: kill_test_\(suffix)
            CREATE STREAM dst WITH ('topic' = '\(output)') AS SELECT id, id * 2 AS twice FROM src;
            """.write(to: file, atomically: true, encoding: .utf8)

        // First run: unbounded; killed while records are still arriving.
        let process = try Self.start(["run", file.path, "--brokers", brokers])
        for id in count / 2..<count {
            try await producer.enqueue(key: "\(id)", value: "{\"id\":\(id)}")
            if id % 5_000 == 0 { try await Task.sleep(for: .milliseconds(150)) }
        }
        try await producer.flush()
        try await producer.close()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        // Restart: reads from the committed offsets to the end, then exits.
        let restart = try Self.run(["run", file.path, "--brokers", brokers, "--until-end"])
        #expect(restart.status == 0, "\(restart.stderr)")

        let read = try await TestTopics.readRows(output, brokers: brokers, group: "check-\(suffix)")
        let seen = Set(TestTopics.ids(read)), total = read.count
        #expect(seen.count == count, "lost \(count - seen.count) records")
        #expect(total >= count)
        try await admin.deleteTopics([input, output], ifExists: true)
    }

    /// Windows survive crashes: a tumbling EMIT FINAL job killed with SIGKILL at several moments and
    /// restarted each time from its checkpoint (state and positions in SQLite) ends with every
    /// window's exact count and sum — duplicates of rows emitted after a checkpoint may appear (at
    /// least once), each equal to the uninterrupted result; no window is missing or wrong.
    @Test("a windowed job killed with SIGKILL at several points ends with the uninterrupted run's results",
          .enabled(if: brokers != nil), .timeLimit(.minutes(4)))
    func windowedKillAndRestart() async throws {
        let brokers = try #require(Self.brokers)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let input = "wkill-in-\(suffix)"
        let output = "wkill-out-\(suffix)"
        let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers))
        try await admin.createTopic(input, partitions: 2, replicationFactor: 1)
        let producer = try KafkaProducer(config: ProducerConfig(bootstrapServers: brokers), topic: input,
                                         keySerializer: StringSerde(), valueSerializer: StringSerde())
        // 16,000 readings of 20 sensors, 5 ms of event time apart (80 one-second windows), around now
        // (the test broker drops records older than its retention).
        let count = 16_000
        let base = (Int64(Date().timeIntervalSince1970 * 1000) / 1000 - 300) * 1000
        var expected: [String: (count: Int, sum: Int64)] = [:]
        var messages: [(key: String, value: String)] = []
        for id in 0..<count {
            let sensor = "s\(id % 20)"
            let time = base + Int64(id) * 5
            let value = Int64(id % 97)
            let window = time / 1000 * 1000
            expected["\(sensor)@\(window)", default: (0, 0)].count += 1
            expected["\(sensor)@\(window)", default: (0, 0)].sum += value
            messages.append((sensor, "{\"sensor\":\"\(sensor)\",\"value\":\(value),\"ts\":\(time)}"))
        }
        // A quarter before the first run, a quarter during each killed run: every run has work in
        // flight when it dies.
        func produce(_ part: Int) async throws {
            for message in messages[(part * count / 4)..<((part + 1) * count / 4)] {
                try await producer.enqueue(key: message.key, value: message.value)
            }
            try await producer.flush()
        }
        try await produce(0)

        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("windows.sql")
        try """
            CREATE STREAM readings (sensor STRING, value BIGINT, ts TIMESTAMP) WITH ('topic' = '\(input)', 'timestamp' = 'ts');
            -- @name: wkill_\(suffix)
            CREATE STREAM per_second WITH ('topic' = '\(output)') AS
            SELECT sensor, COUNT(*) AS n, SUM(value) AS total, _window_start AS ws
            FROM readings
            GROUP BY sensor
            WINDOW TUMBLING(INTERVAL '1' SECOND)
            EMIT FINAL;
            """.write(to: file, atomically: true, encoding: .utf8)
        let stateDir = dir.appendingPathComponent("state").path

        // Three runs killed at different moments (the job checkpoints every second) while records
        // arrive, then one to the end.
        for (part, delay) in [(1, 1_300), (2, 2_200), (3, 3_100)] {
            let process = try Self.start(["run", file.path, "--brokers", brokers, "--state-dir", stateDir])
            try await Task.sleep(for: .milliseconds(delay / 2))
            try await produce(part)
            try await Task.sleep(for: .milliseconds(delay / 2))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try await producer.close()
        #expect(FileManager.default.fileExists(atPath: stateDir + "/state/wkill_\(suffix).state.db"), "the killed runs checkpointed no state")
        let beforeLast = try await TestTopics.readRows(output, brokers: brokers, group: "check-before-\(suffix)").count
        let last = try Self.run(["run", file.path, "--brokers", brokers, "--state-dir", stateDir, "--until-end"])
        #expect(last.status == 0, "\(last.stderr)")
        // The last run resumed: it read only what the killed runs had not checkpointed.
        let summary = last.stdout + last.stderr
        let readByLast = summary.firstRange(of: #/(\d+) in,/#).flatMap { Int(summary[$0].dropLast(4)) }
        #expect(beforeLast > 0, "the killed runs emitted nothing")
        #expect((readByLast ?? count) < count, "the last run read everything again: \(summary)")

        let rows = try await TestTopics.readRows(output, brokers: brokers, group: "check-\(suffix)")
        var seen: Set<String> = []
        var wrong: [String] = []
        for row in rows {
            guard case .string(let sensor)? = row.field("sensor"), case .int(let n)? = row.field("n"), case .int(let total)? = row.field("total"),
                  let start = row.field("ws") else { wrong.append("unreadable row \(row)"); continue }
            let window: Int64 = switch start {
            case .int(let millis), .timestamp(let millis): millis
            default: -1
            }
            let name = "\(sensor)@\(window)"
            guard let want = expected[name] else { wrong.append("unexpected window \(name)"); continue }
            if want.count != Int(n) || want.sum != total { wrong.append("\(name): got \(n)/\(total), want \(want.count)/\(want.sum)") }
            seen.insert(name)
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        let missing = Set(expected.keys).subtracting(seen)
        #expect(missing.isEmpty, "\(missing.count) windows missing, e.g. \(missing.sorted().prefix(5))")
        print("windowed kill test: \(rows.count) rows for \(expected.count) windows (\(beforeLast) before the last run, which read \(readByLast ?? -1) records)")
        #expect(rows.count >= expected.count)
        try await admin.deleteTopics([input, output], ifExists: true)
    }
}
