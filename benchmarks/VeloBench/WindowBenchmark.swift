import Foundation
import VeloCore
import VeloKafka
import VeloRuntime

/// Windowed aggregation on Nexmark-style bids: count and sum per auction over 10 s tumbling windows
/// (EMIT FINAL and EMIT CHANGES), max price per 10 s window, 10 s sessions per bidder, 10 s / 2 s
/// hopping windows per auction; file→file against the line-copy floor and the stateless Q0 job on the
/// same source, Kafka→Kafka against plain librdkafka consume+produce — all measured in the same run.
/// Each row also reports the output rows, the peak operator state (`JobStatus.stateBytes`, sampled
/// every 10 ms) and the process's peak RSS during the row (VmHWM, reset before each row).
struct WindowBenchmark: BenchmarkSuite {
    struct Options: BidSuiteOptions {
        var common = CommonBidOptions(directory: NSTemporaryDirectory() + "velo-bench-windows")
        /// Query names to run (nil: all); the floors and Q0 always run (they are the baselines).
        var only: Set<String>?
        var disorderMs: Int64 = 200
        var watermarkDelayMs: Int64 = 1_000
        var checkpointMs = 1_000
        var checkTargets = false
        /// Skip the floors and Q0 (for profiling one query: the ratios are then nan).
        var baselines = true

        static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Options {
            try parse(arguments, environment: environment) { (options: inout Options, name: String, value: String?) throws(UsageError) -> Bool in
                switch name {
                case "--only":
                    let names = try Arguments.required(value, for: name).split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                    let known = Set(WindowBenchmark.queries.map(\.name) + [sqliteRow])
                    for query in names where !known.contains(query) {
                        throw UsageError("--only: unknown query '\(query)' (known: \(known.sorted().joined(separator: ", ")))")
                    }
                    options.only = Set(names)
                case "--disorder-ms": options.disorderMs = Int64(try Arguments.integer(value, for: name, minimum: 0))
                case "--watermark-delay-ms": options.watermarkDelayMs = Int64(try Arguments.integer(value, for: name, minimum: 0))
                case "--checkpoint-ms": options.checkpointMs = try Arguments.integer(value, for: name, minimum: 1)
                case "--check-targets": options.checkTargets = true
                case "--no-baselines": options.baselines = false
                default: return false
                }
                return true
            }
        }
    }

    static let optionsHelp = """
        windows options:
          --records N             bids per run (default 1,000,000; ~250 bytes each, 1 ms of event time apart)
          --runs N                best of N runs per row (default 1)
          --only A,B              only these queries: tumbling_final, tumbling_changes, max, session,
                                  hopping, tumbling_final_sqlite (the floors and Q0 run unless
                                  --no-baselines)
          --no-kafka              file→file only
          --disorder-ms MS        event times move back by up to MS (default 200)
          --watermark-delay-ms MS the source's 'watermark.delay' (default 1000; ≥ the disorder: nothing late)
          --checkpoint-ms MS      the jobs' checkpoint interval (default 1000)
          --check-targets         exit 3 when a file→file target is missed
          --no-baselines          skip the floors and Q0 (profiling one query; ratios are nan)
          --brokers LIST          Kafka for the Kafka→Kafka lane (default KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)
          --dir PATH              where the bid file, outputs and SQLite state go
        """

    static let sqliteRow = "tumbling_final_sqlite"

    struct Query {
        var name: String
        var label: String
        var select: String
        /// Σ of the output's `bids` column, as a multiple of the input records (nil: not checked).
        var bidsFactor: Int?
        /// The output has one row per input record (EMIT CHANGES).
        var rowPerRecord = false
        /// records/s the file→file row must reach.
        var target: Double?
    }

    static let queries: [Query] = [
        Query(name: "tumbling_final", label: "tumbling count+sum EMIT FINAL",
              select: "SELECT auction, COUNT(*) AS bids, SUM(price) AS volume, _window_start AS ws, _window_end AS we FROM bids GROUP BY auction WINDOW TUMBLING(INTERVAL '10' SECOND) EMIT FINAL",
              bidsFactor: 1, target: 300_000),
        Query(name: "tumbling_changes", label: "tumbling count+sum EMIT CHANGES",
              select: "SELECT auction, COUNT(*) AS bids, SUM(price) AS volume, _window_start AS ws, _window_end AS we FROM bids GROUP BY auction WINDOW TUMBLING(INTERVAL '10' SECOND) EMIT CHANGES",
              rowPerRecord: true, target: 150_000),
        Query(name: "max", label: "tumbling max(price), no key",
              select: "SELECT MAX(price) AS top, _window_start AS ws, _window_end AS we FROM bids WINDOW TUMBLING(INTERVAL '10' SECOND) EMIT FINAL"),
        Query(name: "session", label: "session 10 s count per bidder",
              select: "SELECT bidder, COUNT(*) AS bids, _window_start AS ws, _window_end AS we FROM bids GROUP BY bidder WINDOW SESSION(INTERVAL '10' SECOND) EMIT FINAL",
              bidsFactor: 1),
        Query(name: "hopping", label: "hopping 10 s/2 s count per auction",
              select: "SELECT auction, COUNT(*) AS bids, _window_start AS ws, _window_end AS we FROM bids GROUP BY auction WINDOW HOPPING(INTERVAL '10' SECOND, INTERVAL '2' SECOND) EMIT FINAL",
              bidsFactor: 5),
    ]

    static let q0 = NexmarkBids.passthroughSelect

    let options: Options

    /// One timed job.
    struct Measurement {
        var seconds: Double
        var rows: Int
        var statePeak: Int
        var rssPeak: Int?
        var late: Int
        var checkpoints: Int
    }

    private func declaration(_ with: String) -> String {
        "CREATE STREAM bids (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP, extra STRING) WITH (\(with), 'timestamp' = 'date_time', 'watermark.delay' = '\(options.watermarkDelayMs)ms')"
    }

    private func wanted(_ name: String) -> Bool { options.only?.contains(name) ?? true }

    func run() async -> Int32 {
        var table = ResultTable([
            .left("benchmark"), .right("records/s"), .right("vs baseline"), .right("vs floor"),
            .right("rows out"), .right("state peak"), .right("RSS peak"), .left("target"),
        ])
        var figures: [BenchFigure] = []
        var missed = false
        do {
            try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
            let input = options.directory + "/bids.jsonl"
            // Event times from the run's wall-clock time (the minute it started in), so Kafka output
            // timestamps (window ends) are recent and the broker's retention keeps them.
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let times = NexmarkBids.Times(start: now / 60_000 * 60_000, stepMs: 1, disorderMs: options.disorderMs)
            let started = Date()
            let bytes = try NexmarkBids.write(count: options.records, to: input, times: times)
            note("generated \(options.records) bids (\(bytes / options.records) bytes each, event time \(ISOTime.formatTimestamp(times.start)) + \(options.records) ms, disorder ≤ \(options.disorderMs) ms) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

            // File → file.
            var floorRate = Double.nan
            var q0Rate = Double.nan
            if options.baselines {
                let floor = try await fastest(of: options.runs, by: \.seconds) { try copyFloor(input: input, output: options.directory + "/copy.jsonl") }
                try? FileManager.default.removeItem(atPath: options.directory + "/copy.jsonl")
                floorRate = Double(options.records) / floor.seconds
                table.add(["file line copy (floor)", Format.wholeNumber(floorRate), "", "1.00 x", "", "", rss(floor.rssPeak), ""])
                figures.append(BenchFigure(name: "windows.file.floor", value: floorRate, unit: "records/s"))

                let q0 = try await fastest(of: options.runs, by: \.seconds) { try await fileJob(name: "q0", select: Self.q0, input: input) }
                try? FileManager.default.removeItem(atPath: options.directory + "/q0.jsonl")
                q0Rate = Double(options.records) / q0.seconds
                table.add(["file→file q0 passthrough (baseline)", Format.wholeNumber(q0Rate), "1.00 x q0", Format.ratio(q0Rate / floorRate), Format.grouped(q0.rows), stateText(q0.statePeak), rss(q0.rssPeak), ""])
                figures.append(BenchFigure(name: "windows.file.q0", value: q0Rate, unit: "records/s"))
                figures.append(BenchFigure(name: "windows.file.q0.ratio", value: q0Rate / floorRate, unit: "x"))
            }

            var fileRows: [String: Int] = [:]
            var rows = Self.queries.map { ($0, false) }
            if let tumbling = Self.queries.first { rows.append((tumbling, true)) }
            for (query, sqlite) in rows {
                let name = sqlite ? Self.sqliteRow : query.name
                guard wanted(name) else { continue }
                let result = try await fastest(of: options.runs, by: \.seconds) { try await fileJob(name: name, select: query.select, input: input, sqlite: sqlite) }
                try check(query, name: name, result: result, output: options.directory + "/\(name).jsonl")
                // The outputs (up to 1,000,000 rows each) are not needed once checked.
                try? FileManager.default.removeItem(atPath: options.directory + "/\(name).jsonl")
                fileRows[name] = result.rows
                let rate = Double(options.records) / result.seconds
                var target = ""
                if let goal = query.target, !sqlite {
                    let met = rate >= goal
                    if !met { missed = true }
                    target = "≥ \(Format.grouped(Int(goal))) — \(met ? "met" : "MISSED")"
                }
                table.add(["file→file \(query.label)\(sqlite ? ", SQLite state" : "")", Format.wholeNumber(rate), Format.ratio(rate / q0Rate) + " q0", Format.ratio(rate / floorRate),
                           Format.grouped(result.rows), stateText(result.statePeak), rss(result.rssPeak), target])
                figures += laneFigures("windows.file.\(name)", rate: rate, ratio: rate / q0Rate, result: result)
                figures.append(BenchFigure(name: "windows.file.\(name).ratio_floor", value: rate / floorRate, unit: "x"))
            }

            // Kafka → Kafka.
            if options.kafka {
                table.addSeparator()
                let topics = BenchTopics(brokers: options.brokers, prefix: "velo-bench-windows")
                let topic = topics.fresh()
                try await topics.produceLines(of: input, to: topic, records: options.records)
                var kafkaFloor = Double.nan
                if options.baselines {
                    Self.resetPeakRSS()
                    let floorSeconds = try await fastest(of: options.runs) {
                        try Floor.librdkafkaPipe(brokers: options.brokers, topic: topic, records: options.records)
                    }
                    let floorRSS = Self.peakRSS()
                    kafkaFloor = Double(options.records) / floorSeconds
                    table.add(["librdkafka consume+produce (floor)", Format.wholeNumber(kafkaFloor), "1.00 x", "1.00 x", Format.grouped(options.records), "", rss(floorRSS), ""])
                    figures.append(BenchFigure(name: "windows.kafka.floor", value: kafkaFloor, unit: "records/s"))
                }
                for query in Self.queries where wanted(query.name) {
                    let result = try await fastest(of: options.runs, by: \.seconds) { try await kafkaJob(name: query.name, select: query.select, input: topic) }
                    if let expected = fileRows[query.name], expected != result.rows {
                        throw BenchmarkFailure("kafka \(query.name): wrote \(result.rows) rows, file→file wrote \(expected)")
                    }
                    if result.late > 0 { throw BenchmarkFailure("kafka \(query.name): \(result.late) late records") }
                    let rate = Double(options.records) / result.seconds
                    table.add(["kafka→kafka \(query.label)", Format.wholeNumber(rate), Format.ratio(rate / kafkaFloor) + " floor", Format.ratio(rate / kafkaFloor),
                               Format.grouped(result.rows), stateText(result.statePeak), rss(result.rssPeak), ""])
                    figures += laneFigures("windows.kafka.\(query.name)", rate: rate, ratio: rate / kafkaFloor, result: result)
                }
                try await topics.deleteAll()
            }
            try? FileManager.default.removeItem(atPath: input)
        } catch {
            note("failed: \(error)")
            return 1
        }
        print(table.render())
        print("")
        print("vs baseline: file→file rows against the q0 passthrough job on the same source, Kafka rows against the librdkafka floor.")
        print("state peak: JobStatus.stateBytes (operator state, computed at each checkpoint), highest value sampled every 10 ms;")
        print("  — : no checkpoint fell inside the run while windows were open (a run shorter than --checkpoint-ms, or stateless);")
        print("RSS peak: the process's VmHWM during the row (reset before it; process-wide).")
        print("")
        for figure in figures {
            // Counts and bytes as whole numbers, even when small (BenchFigure gives < 100 two decimals).
            print(figure.unit == "x" ? figure.line : "BENCH \(figure.name) \(Int(figure.value.rounded())) \(figure.unit)")
        }
        return missed && options.checkTargets ? 3 : 0
    }

    private func laneFigures(_ prefix: String, rate: Double, ratio: Double, result: Measurement) -> [BenchFigure] {
        var figures = [
            BenchFigure(name: prefix, value: rate, unit: "records/s"),
            BenchFigure(name: prefix + ".ratio", value: ratio, unit: "x"),
            BenchFigure(name: prefix + ".rows", value: Double(result.rows), unit: "rows"),
        ]
        // 0: no checkpoint fell inside the run while windows were open; nothing was measured.
        if result.statePeak > 0 { figures.append(BenchFigure(name: prefix + ".state_peak", value: Double(result.statePeak), unit: "bytes")) }
        if let rss = result.rssPeak { figures.append(BenchFigure(name: prefix + ".rss_peak", value: Double(rss), unit: "bytes")) }
        return figures
    }

    // MARK: - Lanes

    private func fileJob(name: String, select: String, input: String, sqlite: Bool = false) async throws -> Measurement {
        let output = options.directory + "/\(name).jsonl"
        try? FileManager.default.removeItem(atPath: output)
        let sql = """
            \(declaration("'connector' = 'file', 'path' = '\(input)'"));
            CREATE STREAM \(name)_out WITH ('connector' = 'file', 'path' = '\(output)') AS \(select);
            """
        var jobOptions = JobOptions()
        var stateDirectory: String?
        if sqlite {
            // A fresh directory per run: the job would otherwise restore the last run's state and positions.
            let directory = options.directory + "/state-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            stateDirectory = directory
            jobOptions.stateDirectory = directory
        }
        defer { if let stateDirectory { try? FileManager.default.removeItem(atPath: stateDirectory) } }
        let result = try await measure(try plan(sql, bus: MemoryBus(), options: jobOptions))
        guard result.status.recordsIn == options.records else {
            throw BenchmarkFailure("\(name): read \(result.status.recordsIn) of \(options.records) records")
        }
        return result.measurement
    }

    private func kafkaJob(name: String, select: String, input: String) async throws -> Measurement {
        let output = input + "-\(name)-\(UUID().uuidString.prefix(4))"
        let sql = """
            \(declaration("'topic' = '\(input)'"));
            CREATE STREAM \(name)_out WITH ('topic' = '\(output)') AS \(select);
            """
        let result = try await measure(try plan(sql, bus: try KafkaBus(brokers: options.brokers), options: BenchmarkJob.kafkaOptions()))
        // The broker keeps every topic in memory: drop the output before the next row.
        if let admin = try? KafkaAdmin(config: AdminConfig(bootstrapServers: options.brokers)) {
            try? await admin.deleteTopics([output], ifExists: true)
        }
        guard result.status.recordsIn == options.records else {
            throw BenchmarkFailure("kafka \(name): read \(result.status.recordsIn) of \(options.records) records")
        }
        return result.measurement
    }

    /// Runs the job, sampling its state size every 10 ms (the runner updates it at each checkpoint), timed from `run()` to its return (the last
    /// output flushed and checkpointed).
    private func measure(_ runner: JobRunner) async throws -> (measurement: Measurement, status: JobStatus) {
        Self.resetPeakRSS()
        let sampler = Task { [runner] in
            var peak = 0
            while !Task.isCancelled {
                peak = max(peak, runner.status.stateBytes)
                try? await Task.sleep(for: .milliseconds(10))
            }
            return peak
        }
        let started = ContinuousClock.now
        let status: JobStatus
        do {
            status = try await runner.run()
        } catch {
            sampler.cancel()
            throw error
        }
        let seconds = (ContinuousClock.now - started).inSeconds
        sampler.cancel()
        let peak = max(await sampler.value, status.stateBytes)
        let measurement = Measurement(seconds: seconds, rows: status.recordsOut, statePeak: peak, rssPeak: Self.peakRSS(),
                                      late: status.lateRecords, checkpoints: status.checkpoints)
        note("\(runner.name): \(String(format: "%.2f", seconds)) s, \(status.recordsOut) rows, \(status.checkpoints) checkpoints, state peak \(peak) bytes, late \(status.lateRecords)")
        return (measurement, status)
    }

    /// Every windows job checkpoints at `--checkpoint-ms` (state peaks are sampled at checkpoints).
    private func plan(_ sql: String, bus: any MessageBus, options jobOptions: JobOptions) throws -> JobRunner {
        try BenchmarkJob.runner(sql, bus: bus, options: jobOptions, checkpointInterval: .milliseconds(options.checkpointMs))
    }

    /// The output is what the query must give: every bid counted (none late), or one row per bid.
    private func check(_ query: Query, name: String, result: Measurement, output: String) throws {
        if result.late > 0 { throw BenchmarkFailure("\(name): \(result.late) late records (raise --watermark-delay-ms above --disorder-ms)") }
        if query.rowPerRecord, result.rows != options.records {
            throw BenchmarkFailure("\(name): \(result.rows) rows for \(options.records) records")
        }
        if let factor = query.bidsFactor {
            let total = try Self.sumField("bids", in: output)
            guard total == factor * options.records else {
                throw BenchmarkFailure("\(name): the output counts \(total) bids, expected \(factor * options.records)")
            }
        }
    }

    /// Σ of an integer field over a JSON-lines file (a byte scan for `"name":`).
    static func sumField(_ field: String, in path: String) throws -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchmarkFailure("cannot read \(path)") }
        let pattern = Array("\"\(field)\":".utf8)
        var total = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            let end = bytes.count - pattern.count
            while index <= end {
                if bytes[index] == pattern[0], Array(bytes[index..<index + pattern.count]) == pattern {
                    index += pattern.count
                    var value = 0
                    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                        value = value * 10 + Int(bytes[index] - 48)
                        index += 1
                    }
                    total += value
                } else {
                    index += 1
                }
            }
        }
        return total
    }

    /// The line-copy floor, with the process's peak RSS while it ran.
    private func copyFloor(input: String, output: String) throws -> Measurement {
        Self.resetPeakRSS()
        let seconds = try Floor.lineCopy(input: input, output: output, records: options.records)
        return Measurement(seconds: seconds, rows: options.records, statePeak: 0, rssPeak: Self.peakRSS(), late: 0, checkpoints: 0)
    }

    // MARK: - Helpers

    /// Resets the process's VmHWM to its current RSS (Linux ≥ 4.0; a no-op elsewhere), after handing
    /// the heap's free pages back (glibc keeps freed memory otherwise, and the next row's peak would
    /// start at the last row's).
    static func resetPeakRSS() {
        if let trim = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") { // glibc only; RTLD_DEFAULT
            _ = unsafeBitCast(trim, to: (@convention(c) (Int) -> Int32).self)(0)
        }
        guard let file = fopen("/proc/self/clear_refs", "w") else { return }
        fputs("5", file)
        fclose(file)
    }

    /// The process's peak RSS (VmHWM) in bytes.
    static func peakRSS() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst(6).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }

    private func rss(_ value: Int?) -> String { value.map(bytesText) ?? "" }

    private func stateText(_ value: Int) -> String { value == 0 ? "—" : bytesText(value) }

    private func bytesText(_ value: Int) -> String {
        if value == 0 { return "0" }
        if value < 1 << 20 { return Format.fixed(Double(value) / 1024, decimals: 1) + " KiB" }
        return Format.fixed(Double(value) / Double(1 << 20), decimals: 1) + " MiB"
    }
}
