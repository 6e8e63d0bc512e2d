import Foundation
import Testing
import VeloCore
import VeloKafka
import VeloRuntime

/// `velo-sql run` as users run it: a process, real files, the real broker.
@Suite("velo-sql run")
struct RunCommandTests {
    static let binary = ProcessInfo.processInfo.environment["VELO_SQL_BIN"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/velo-sql").path
    static let brokers = ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP_SERVERS"]

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["run", file.path, "--brokers", brokers]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
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

        let (seen, total) = try await Self.readIds(topic: output, brokers: brokers, group: "check-\(suffix)")
        #expect(seen.count == count, "lost \(count - seen.count) records")
        #expect(total >= count)
        try await admin.deleteTopics([input, output], ifExists: true)
    }

    /// The distinct ids and the record count of a topic. In a function of its own so that the reader
    /// is destroyed before the test deletes the topic: librdkafka 2.0 waits forever destroying a
    /// consumer whose topic was deleted.
    static func readIds(topic: String, brokers: String, group: String) async throws -> (Set<Int64>, Int) {
        let reader = try await KafkaBus(brokers: brokers).makeReader(topic: topic, group: group, startAtEarliest: true, readToEnd: true, properties: [:])
        var seen = Set<Int64>()
        var total = 0
        while !reader.isDrained {
            for message in try await reader.poll(max: 5_000, timeout: .milliseconds(200)) {
                total += 1
                if let value = message.value, case .struct(let fields)? = try? JSONReader.parse(value), let id = fields.first(where: { $0.key == "id" }), case .int(let number) = id.value {
                    seen.insert(number)
                }
            }
        }
        await reader.close()
        return (seen, total)
    }
}
