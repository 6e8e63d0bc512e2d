import CKafkaBaseline
import Foundation
import VeloCore
import VeloKafka
import VeloPlanner
import VeloRuntime

/// The engine on Nexmark-style bids: Q0 passthrough, Q1 projection with arithmetic, Q2 filter, file→file
/// (against a line-copy floor: the same file read and written without parsing) and Kafka→Kafka
/// (against plain librdkafka consume+produce of the same records), all in one run.
struct EngineBenchmark {
    struct Options {
        var records = 1_000_000
        var brokers = "127.0.0.1:9092"
        var kafka = true
        var runs = 1
        var directory = NSTemporaryDirectory() + "velo-bench-engine"
        var showHelp = false

        static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Options {
            var options = Options()
            if let brokers = environment["KAFKA_BOOTSTRAP_SERVERS"] { options.brokers = brokers }
            var parser = Arguments(arguments)
            while let (name, value) = try parser.next() {
                switch name {
                case "--records": options.records = try Arguments.integer(value, for: name, minimum: 1)
                case "--brokers": options.brokers = try Arguments.required(value, for: name)
                case "--runs": options.runs = try Arguments.integer(value, for: name, minimum: 1)
                case "--no-kafka": options.kafka = false
                case "--dir": options.directory = try Arguments.required(value, for: name)
                case "--help", "-h": options.showHelp = true
                default: throw UsageError("unknown option \(name)")
                }
            }
            return options
        }
    }

    static let optionsHelp = """
        engine options:
          --records N     bids per run (default 1,000,000; ~250 bytes each)
          --runs N        best of N runs per query (default 1)
          --no-kafka      file→file only
          --brokers LIST  Kafka for the Kafka→Kafka lane (default KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)
          --dir PATH      where the bid file and outputs go
        """

    let options: Options

    static let queries: [(name: String, select: String)] = [
        ("q0", "SELECT auction, bidder, price, channel, url, date_time, extra FROM bids"),
        ("q1", "SELECT auction, bidder, price * 908 / 1000 AS price_eur, date_time FROM bids"),
        ("q2", "SELECT auction, price FROM bids WHERE auction = 1007 OR auction = 1020 OR auction = 2001 OR auction = 1087 OR auction = 1331"),
    ]

    static let declaration = "CREATE STREAM bids (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time BIGINT, extra STRING)"

    func run() async -> Int32 {
        var table = ResultTable([
            ResultTable.Column(title: "benchmark", alignment: .left),
            ResultTable.Column(title: "records/s", alignment: .right),
            ResultTable.Column(title: "MB/s", alignment: .right),
            ResultTable.Column(title: "vs floor", alignment: .right),
        ])
        var lines: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
            let input = options.directory + "/bids.jsonl"
            let started = Date()
            let bytes = NexmarkBids.generate(count: options.records)
            try Data(bytes).write(to: URL(fileURLWithPath: input))
            note("generated \(options.records) bids (\(bytes.count / options.records) bytes each) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

            // File → file.
            let floor = try best { try copyFloor(input: input, output: options.directory + "/copy.jsonl") }
            let floorRate = Double(options.records) / floor
            table.add(["file line copy (floor)", format(floorRate), format(Double(bytes.count) / floor / 1e6), "1.00 x"])
            lines.append("BENCH engine.file.floor \(Int(floorRate)) records/s")
            for (name, select) in Self.queries {
                let seconds = try await bestAsync { try await fileJob(name: name, select: select, input: input) }
                let rate = Double(options.records) / seconds
                table.add(["file→file \(name)", format(rate), format(Double(bytes.count) / seconds / 1e6), String(format: "%.2f x", rate / floorRate)])
                lines.append("BENCH engine.file.\(name) \(Int(rate)) records/s")
                lines.append("BENCH engine.file.\(name).ratio \(String(format: "%.2f", rate / floorRate)) x")
            }

            // Kafka → Kafka.
            if options.kafka {
                table.addSeparator()
                let topic = "velo-bench-engine-\(UUID().uuidString.prefix(8))"
                try await produce(bytes: bytes, topic: topic)
                let floorSeconds = try best { try pipeFloor(input: topic) }
                let kafkaFloor = Double(options.records) / floorSeconds
                table.add(["librdkafka consume+produce (floor)", format(kafkaFloor), format(Double(bytes.count) / floorSeconds / 1e6), "1.00 x"])
                lines.append("BENCH engine.kafka.floor \(Int(kafkaFloor)) records/s")
                let seconds = try await bestAsync { try await kafkaJob(input: topic) }
                let rate = Double(options.records) / seconds
                table.add(["kafka→kafka q0", format(rate), format(Double(bytes.count) / seconds / 1e6), String(format: "%.2f x", rate / kafkaFloor)])
                lines.append("BENCH engine.kafka.q0 \(Int(rate)) records/s")
                lines.append("BENCH engine.kafka.q0.ratio \(String(format: "%.2f", rate / kafkaFloor)) x")
                let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: options.brokers))
                let names = try await admin.listTopics().map(\.name).filter { $0.hasPrefix("velo-bench-engine") }
                try? await admin.deleteTopics(names, ifExists: true)
            }
        } catch {
            note("failed: \(error)")
            return 1
        }
        print(table.render())
        print("")
        for line in lines { print(line) }
        return 0
    }

    // MARK: - Lanes

    private func fileJob(name: String, select: String, input: String) async throws -> Double {
        let output = options.directory + "/\(name).jsonl"
        try? FileManager.default.removeItem(atPath: output)
        let sql = """
            \(Self.declaration) WITH ('connector' = 'file', 'path' = '\(input)');
            CREATE STREAM \(name)_out WITH ('connector' = 'file', 'path' = '\(output)') AS \(select);
            """
        let runner = try plan(sql, bus: MemoryBus())
        let started = ContinuousClock.now
        let status = try await runner.run()
        let seconds = Self.seconds(ContinuousClock.now - started)
        guard status.recordsIn == options.records else {
            throw BenchmarkFailure("\(name): read \(status.recordsIn) of \(options.records) records")
        }
        return seconds
    }

    private func kafkaJob(input: String) async throws -> Double {
        let output = input + "-out-\(UUID().uuidString.prefix(4))"
        let sql = """
            \(Self.declaration) WITH ('topic' = '\(input)');
            CREATE STREAM q0_out WITH ('topic' = '\(output)') AS \(Self.queries[0].select);
            """
        var jobOptions = JobOptions()
        jobOptions.readToEnd = true
        jobOptions.groupPrefix = "velo-bench-\(UUID().uuidString.prefix(6))-"
        let runner = try plan(sql, bus: try KafkaBus(brokers: options.brokers), options: jobOptions)
        let started = ContinuousClock.now
        let status = try await runner.run()
        let seconds = Self.seconds(ContinuousClock.now - started)
        guard status.recordsOut == options.records else {
            throw BenchmarkFailure("kafka q0: wrote \(status.recordsOut) of \(options.records) records")
        }
        return seconds
    }

    private func plan(_ sql: String, bus: any MessageBus, options: JobOptions = JobOptions()) throws -> JobRunner {
        var planner = ScriptPlanner()
        let plan = planner.plan(source: sql)
        guard plan.errors.isEmpty, let job = plan.jobs.first else {
            throw BenchmarkFailure("the benchmark SQL does not plan: \(plan.errors)")
        }
        var options = options
        options.checkpointInterval = .seconds(5)
        return JobRunner(graph: job.graph, bus: bus, options: options)
    }

    private func copyFloor(input: String, output: String) throws -> Double {
        let started = ContinuousClock.now
        guard let source = fopen(input, "rb"), let target = fopen(output, "wb") else { throw BenchmarkFailure("cannot open \(input)") }
        defer {
            fclose(source)
            fclose(target)
        }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        var count = 0
        while getline(&line, &capacity, source) > 0 {
            if let line { fputs(line, target) }
            count += 1
        }
        free(line)
        fflush(target)
        guard count == options.records else { throw BenchmarkFailure("copy read \(count) lines") }
        return Self.seconds(ContinuousClock.now - started)
    }

    private func produce(bytes: [UInt8], topic: String) async throws {
        let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: options.brokers))
        try await admin.createTopic(topic, partitions: 1, replicationFactor: 1, ifNotExists: true)
        let producer = try KafkaProducer(
            config: ProducerConfig(bootstrapServers: options.brokers).lingerMs(5), topic: topic,
            keySerializer: BytesSerde(), valueSerializer: BytesSerde())
        let started = ContinuousClock.now
        var start = 0
        for index in bytes.indices where bytes[index] == 10 {
            try await producer.enqueue(key: nil, value: Array(bytes[start..<index]))
            start = index + 1
        }
        try await producer.flush(timeout: .seconds(300))
        try await producer.close()
        note("produced \(options.records) bids to \(topic) in \(String(format: "%.1f", Self.seconds(ContinuousClock.now - started))) s")
    }

    private func pipeFloor(input: String) throws -> Double {
        let output = input + "-floor-\(UUID().uuidString.prefix(4))"
        let group = "velo-bench-floor-\(UUID().uuidString.prefix(6))"
        let result = kafka_baseline_pipe(options.brokers, input, output, group, Int64(options.records), 300)
        guard result.messages == Int64(options.records), result.failed == 0 else {
            let error = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw BenchmarkFailure("librdkafka pipe: \(result.messages) of \(options.records) (\(error))")
        }
        return result.seconds
    }

    // MARK: - Helpers

    private func best(_ body: () throws -> Double) throws -> Double {
        var best = Double.infinity
        for _ in 0..<options.runs { best = min(best, try body()) }
        return best
    }

    private func bestAsync(_ body: () async throws -> Double) async throws -> Double {
        var best = Double.infinity
        for _ in 0..<options.runs { best = min(best, try await body()) }
        return best
    }

    private func format(_ value: Double) -> String {
        let rounded = Int(value.rounded())
        return rounded.formatted(.number.grouping(.automatic))
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data("velo-bench: \(message)\n".utf8))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
