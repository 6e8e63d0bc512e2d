import Foundation
import VeloRuntime

/// The engine on Nexmark-style bids: Q0 passthrough, Q1 projection with arithmetic, Q2 filter, file→file
/// (against a line-copy floor: the same file read and written without parsing) and Kafka→Kafka
/// (against plain librdkafka consume+produce of the same records), all in one run.
struct EngineBenchmark: BenchmarkSuite {
    struct Options: BidSuiteOptions {
        var common = CommonBidOptions(directory: NSTemporaryDirectory() + "velo-bench-engine")
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
        ("q0", NexmarkBids.passthroughSelect),
        ("q1", "SELECT auction, bidder, price * 908 / 1000 AS price_eur, date_time FROM bids"),
        ("q2", "SELECT auction, price FROM bids WHERE auction = 1007 OR auction = 1020 OR auction = 2001 OR auction = 1087 OR auction = 1331"),
    ]

    static let declaration = "CREATE STREAM bids (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time BIGINT, extra STRING)"

    /// The engine jobs checkpoint every 5 s (the `windows` suite makes its interval an option).
    static let checkpointInterval: Duration = .seconds(5)

    func run() async -> Int32 {
        var table = ResultTable([.left("benchmark"), .right("records/s"), .right("MB/s"), .right("vs floor")])
        var lines: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
            let input = options.directory + "/bids.jsonl"
            let started = Date()
            let bytes = NexmarkBids.generate(count: options.records)
            try Data(bytes).write(to: URL(fileURLWithPath: input))
            note("generated \(options.records) bids (\(bytes.count / options.records) bytes each) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

            // File → file.
            let floor = try await fastest(of: options.runs) {
                try Floor.lineCopy(input: input, output: options.directory + "/copy.jsonl", records: options.records)
            }
            let floorRate = Double(options.records) / floor
            table.add(["file line copy (floor)", Format.wholeNumber(floorRate), Format.wholeNumber(Double(bytes.count) / floor / 1e6), "1.00 x"])
            lines.append("BENCH engine.file.floor \(Int(floorRate)) records/s")
            for (name, select) in Self.queries {
                let seconds = try await fastest(of: options.runs) { try await fileJob(name: name, select: select, input: input) }
                let rate = Double(options.records) / seconds
                table.add(["file→file \(name)", Format.wholeNumber(rate), Format.wholeNumber(Double(bytes.count) / seconds / 1e6), Format.ratio(rate / floorRate)])
                lines.append("BENCH engine.file.\(name) \(Int(rate)) records/s")
                lines.append("BENCH engine.file.\(name).ratio \(String(format: "%.2f", rate / floorRate)) x")
            }

            // Kafka → Kafka.
            if options.kafka {
                table.addSeparator()
                let topics = BenchTopics(brokers: options.brokers, prefix: "velo-bench-engine")
                let topic = topics.fresh()
                try await topics.produceLines(of: input, to: topic, records: options.records)
                let floorSeconds = try await fastest(of: options.runs) {
                    try Floor.librdkafkaPipe(brokers: options.brokers, topic: topic, records: options.records)
                }
                let kafkaFloor = Double(options.records) / floorSeconds
                table.add(["librdkafka consume+produce (floor)", Format.wholeNumber(kafkaFloor), Format.wholeNumber(Double(bytes.count) / floorSeconds / 1e6), "1.00 x"])
                lines.append("BENCH engine.kafka.floor \(Int(kafkaFloor)) records/s")
                let seconds = try await fastest(of: options.runs) { try await kafkaJob(input: topic) }
                let rate = Double(options.records) / seconds
                table.add(["kafka→kafka q0", Format.wholeNumber(rate), Format.wholeNumber(Double(bytes.count) / seconds / 1e6), Format.ratio(rate / kafkaFloor)])
                lines.append("BENCH engine.kafka.q0 \(Int(rate)) records/s")
                lines.append("BENCH engine.kafka.q0.ratio \(String(format: "%.2f", rate / kafkaFloor)) x")
                try await topics.deleteAll()
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
        let (status, seconds) = try await BenchmarkJob.timedRun(
            BenchmarkJob.runner(sql, bus: MemoryBus(), checkpointInterval: Self.checkpointInterval))
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
        let (status, seconds) = try await BenchmarkJob.timedRun(
            BenchmarkJob.runner(sql, bus: try KafkaBus(brokers: options.brokers), options: BenchmarkJob.kafkaOptions(),
                                checkpointInterval: Self.checkpointInterval))
        guard status.recordsOut == options.records else {
            throw BenchmarkFailure("kafka q0: wrote \(status.recordsOut) of \(options.records) records")
        }
        return seconds
    }
}
