import CKafkaBaseline
import Foundation
import VeloKafka

/// The `kafka` suite: produce N messages and consume them back, once through plain librdkafka C
/// calls (`CKafkaBaseline`) and once through VeloKafka, in the same process, against the same broker,
/// with the same librdkafka properties; then compare the two.
///
/// Each run and side gets a fresh 1-partition topic (deleted afterwards) and a fresh consumer group.
/// The sides alternate which goes first from run to run. With `--runs R > 1` the best of the R runs
/// of each side and phase is compared.
///
/// Timing: produce is measured from the first `produce` call until the final flush has returned
/// (every delivery report received); consume from the moment the first message is returned to the
/// application until the N-th is, minus an untimed pause (`--pause`) right after the first message.
/// The pause keeps the test broker's state rewrite (it follows the group join) out of the timed
/// window and lets the background fetch of the backlog finish, so the consume figures compare what
/// each client spends handing the messages to the application. Client creation, group join and
/// topic creation are not timed.
struct KafkaBenchmark: BenchmarkSuite, Sendable {
    struct Property: Sendable {
        var key: String
        var value: String
    }

    struct Options: SuiteOptions, Sendable {
        var messages = 1_000_000
        var size = 100
        var brokers = "127.0.0.1:9092"
        var runs = 1
        var pollBatch = 500
        var timeout: Double = 300
        var pause: Double = 4
        var sequence = true
        /// Both sides unless `--side c` or `--side velo` (for profiling one of them).
        var sides: [Side] = [.c, .velo]
        var minRatio: Double?
        var showHelp = false
        /// `--cleanup`: delete leftover `velo-bench-*` topics (of interrupted runs) and exit.
        var cleanup = false
        /// Given to both producers, in this order (later entries win), after `bootstrap.servers`.
        var producerProperties: [Property] = [
            Property(key: "acks", value: "all"),
            Property(key: "enable.idempotence", value: "true"),
            Property(key: "linger.ms", value: "5"),
            Property(key: "batch.size", value: "1000000"),
            Property(key: "queue.buffering.max.messages", value: "100000"),
            Property(key: "compression.type", value: "none"),
            Property(key: "message.timeout.ms", value: "300000"),
        ]
        /// Given to both consumers, after `bootstrap.servers` and `group.id` (a fresh one per consume).
        var consumerProperties: [Property] = [
            Property(key: "auto.offset.reset", value: "earliest"),
            Property(key: "enable.auto.commit", value: "false"),
            Property(key: "enable.auto.offset.store", value: "true"),
            Property(key: "isolation.level", value: "read_committed"),
            Property(key: "partition.assignment.strategy", value: "range,roundrobin"),
            // The test broker answers a fetch with the whole backlog (it ignores fetch.max.bytes).
            Property(key: "receive.message.max.bytes", value: "1000000000"),
        ]

        static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Options {
            var options = Options()
            if let brokers = environment["KAFKA_BOOTSTRAP_SERVERS"], !brokers.isEmpty {
                options.brokers = brokers
            }
            if arguments.contains("-h") || arguments.contains("--help") {
                options.showHelp = true
                return options
            }
            var reader = Arguments(arguments)
            while let (name, value) = try reader.next() {
                switch name {
                case "--messages": options.messages = try Arguments.integer(value, for: name, minimum: 1)
                case "--size": options.size = try Arguments.integer(value, for: name, minimum: 1)
                case "--brokers": options.brokers = try Arguments.required(value, for: name)
                case "--runs": options.runs = try Arguments.integer(value, for: name, minimum: 1)
                case "--poll-batch": options.pollBatch = try Arguments.integer(value, for: name, minimum: 1)
                case "--timeout": options.timeout = try Arguments.decimal(value, for: name, minimum: 1)
                case "--pause": options.pause = try Arguments.decimal(value, for: name, minimum: 0)
                case "--min-ratio": options.minRatio = try Arguments.decimal(value, for: name, minimum: 0)
                case "--side":
                    switch try Arguments.required(value, for: name) {
                    case "c": options.sides = [.c]
                    case "velo": options.sides = [.velo]
                    case "both": options.sides = [.c, .velo]
                    default: throw UsageError("--side is c, velo or both, got '\(value ?? "")'")
                    }
                case "--cleanup":
                    guard value == nil else { throw UsageError("\(name) takes no value") }
                    options.cleanup = true
                case "--no-sequence":
                    guard value == nil else { throw UsageError("\(name) takes no value") }
                    options.sequence = false
                case "--producer-property":
                    let (key, text) = try Arguments.keyValue(value, for: name)
                    set(&options.producerProperties, key, text)
                case "--consumer-property":
                    let (key, text) = try Arguments.keyValue(value, for: name)
                    set(&options.consumerProperties, key, text)
                default:
                    throw UsageError("unknown option '\(name)' for the kafka suite")
                }
            }
            return options
        }

        private static func set(_ list: inout [Property], _ key: String, _ value: String) {
            list.removeAll { $0.key == key }
            list.append(Property(key: key, value: value))
        }
    }

    static let optionsHelp = """
        options (kafka):
          --messages N               messages per run and side (default 1000000)
          --size BYTES               payload bytes per message, no key (default 100)
          --brokers HOST:PORT        bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)
          --runs R                   repeat R times, alternating which side goes first; the best
                                     run of each side is compared (default 1)
          --poll-batch N             VeloKafka pollBatch(maxMessages:) (default 500)
          --side c|velo|both         measure only one side, e.g. for profiling (default both)
          --no-sequence              skip the VeloKafka `messages` AsyncSequence consume row
          --timeout SECONDS          limit for each produce flush and each consume (default 300)
          --pause SECONDS            untimed idle time before each produce and right after each
                                     consume's first message, to let the broker settle (it rewrites
                                     its saved state for ~2 s after changes) (default 4)
          --producer-property K=V    librdkafka producer property for both sides (repeatable)
          --consumer-property K=V    librdkafka consumer property for both sides (repeatable)
          --min-ratio X              exit 3 when a VeloKafka/librdkafka ratio is below X
          --cleanup                  only delete leftover velo-bench-* topics (from an interrupted
                                     run; the broker keeps them in memory) and exit
        """

    enum Side: String, Sendable {
        case c
        case velo

        var label: String { self == .c ? "librdkafka (C)" : "VeloKafka" }
    }

    enum Phase: String, Sendable, CaseIterable {
        case produce
        /// `pollBatch` in a loop on the VeloKafka side; `rd_kafka_consumer_poll` on the C side.
        case consume
        /// VeloKafka only: `for try await message in consumer.messages`.
        case consumeSequence = "consume.sequence"
    }

    struct Measurement: Sendable {
        var run: Int
        var side: Side
        var phase: Phase
        var messages: Int
        var bytes: Int
        var seconds: Double

        var rate: Double { seconds > 0 ? Double(messages) / seconds : 0 }
        var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
        var benchName: String { "kafka.\(phase == .produce ? "produce" : "consume").\(side.rawValue)\(phase == .consumeSequence ? ".sequence" : "")" }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String

        init(_ description: String) {
            self.description = description
        }
    }

    let options: Options
    private let token = String(UInt32.random(in: 0...UInt32.max), radix: 16)

    init(options: Options) {
        self.options = options
    }

    // MARK: - Running

    static let topicPrefix = "velo-bench-"

    /// Runs every run and side, prints the table and the BENCH lines; returns the exit status.
    func run() async -> Int32 {
        if options.cleanup { return await cleanup() }
        let version = String(cString: kafka_baseline_librdkafka_version())
        print("Kafka benchmark: \(Format.grouped(options.messages)) messages x \(options.size) bytes, \(options.runs) run(s), brokers \(options.brokers), librdkafka \(version), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("producer properties (both sides): \(options.producerProperties.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        print("consumer properties (both sides): \(options.consumerProperties.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        print("")

        let admin: KafkaAdmin
        let probe: KafkaConsumer<[UInt8], [UInt8]>
        do {
            admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: options.brokers).operationTimeout(.seconds(60)))
            probe = try KafkaConsumer(config: ConsumerConfig(bootstrapServers: options.brokers), keyDeserializer: BytesSerde(), valueDeserializer: BytesSerde())
            _ = try await admin.metadata(timeout: .seconds(10))
        } catch {
            note("cannot reach the broker at \(options.brokers): \(error)")
            return 1
        }

        var results: [Measurement] = []
        var failure: (any Error)?
        runs: for run in 1...options.runs {
            for side in run % 2 == 1 ? options.sides : options.sides.reversed() {
                do {
                    results += try await measure(side, run: run, admin: admin, probe: probe)
                } catch {
                    failure = error
                    break runs
                }
            }
        }
        await probe.close()

        printTable(results)
        if let failure {
            print("")
            print("FAILED: \(failure)")
            note("FAILED: \(failure)")
            return 1
        }
        let ratios = printRatios(results)
        print("")
        for figure in figures(results, ratios: ratios) {
            print(figure.line)
        }
        if let minimum = options.minRatio, let low = ratios.first(where: { $0.ratio < minimum }) {
            note("ratio \(low.name) = \(Format.fixed(low.ratio, decimals: 2)) is below --min-ratio \(minimum)")
            return 3
        }
        return 0
    }

    /// One side of one run: a fresh topic, produce, check the log end offset, consume, delete the topic.
    private func measure(_ side: Side, run: Int, admin: KafkaAdmin, probe: KafkaConsumer<[UInt8], [UInt8]>) async throws -> [Measurement] {
        let topic = "\(Self.topicPrefix)\(token)-r\(run)-\(side.rawValue)"
        try await admin.createTopic(topic, partitions: 1)
        do {
            var results: [Measurement] = []
            try await settle()
            let produced = side == .c ? try await produceC(topic: topic, run: run) : try await produceVelo(topic: topic, run: run)
            results.append(report(produced))
            try await checkEndOffset(topic: topic, probe: probe)
            // The consumes pause (untimed) after their first message instead; see settleUntimed().
            let consumed = side == .c ? try await consumeC(topic: topic, run: run) : try await consumeVeloBatches(topic: topic, run: run)
            results.append(report(consumed))
            if side == .velo, options.sequence {
                results.append(report(try await consumeVeloSequence(topic: topic, run: run)))
            }
            try await admin.deleteTopic(topic)
            return results
        } catch {
            try? await admin.deleteTopic(topic, ifExists: true)
            throw Failure("run \(run), \(side.label): \(error)")
        }
    }

    /// Deletes every `velo-bench-*` topic: what interrupted runs left behind.
    private func cleanup() async -> Int32 {
        do {
            let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: options.brokers).operationTimeout(.seconds(60)))
            let leftovers = try await admin.listTopics().map(\.name).filter { $0.hasPrefix(Self.topicPrefix) }
            if !leftovers.isEmpty { try await admin.deleteTopics(leftovers, ifExists: true) }
            print("deleted \(leftovers.count) leftover topic(s)\(leftovers.isEmpty ? "" : ": " + leftovers.joined(separator: ", "))")
            return 0
        } catch {
            note("cleanup failed: \(error)")
            return 1
        }
    }

    /// The untimed pause after the first consumed message (see `kafka_baseline_consume`); returns its length.
    private func settleUntimed() async throws -> Duration {
        let clock = ContinuousClock()
        let before = clock.now
        try await settle()
        return clock.now - before
    }

    private func settle() async throws {
        if options.pause > 0 { try await Task.sleep(for: .milliseconds(Int(options.pause * 1000))) }
    }

    private func report(_ measurement: Measurement) -> Measurement {
        note("run \(measurement.run)/\(options.runs)  \(measurement.side.label)  \(measurement.phase.rawValue): \(Format.grouped(measurement.messages)) messages in \(Format.fixed(measurement.seconds, decimals: 3)) s = \(Format.grouped(Int(measurement.rate.rounded()))) msg/s")
        return measurement
    }

    /// Every produced record must be in the log: exactly N, no more (duplicates), no fewer.
    private func checkEndOffset(topic: String, probe: KafkaConsumer<[UInt8], [UInt8]>) async throws {
        let (low, high) = try await probe.watermarks(topic: topic, partition: 0)
        guard high - low == Int64(options.messages) else {
            throw Failure("the topic holds \(high - low) records (offsets \(low)..<\(high)) after producing \(options.messages)")
        }
    }

    private func groupId(_ topic: String, _ what: String) -> String { "\(topic)-\(what)" }

    // MARK: - C baseline

    private func produceC(topic: String, run: Int) async throws -> Measurement {
        let (brokers, count, size) = (options.brokers, options.messages, options.size)
        let properties = Self.flatten(options.producerProperties)
        let result = await Self.onOwnThread {
            Self.withCStrings(properties) { list in
                BaselineResult(kafka_baseline_produce(brokers, topic, Int64(count), size, list))
            }
        }
        guard result.failed == 0, result.error.isEmpty, result.messages == count else {
            throw Failure("C produce: \(result.messages) of \(count) delivered, \(result.failed) failed\(result.error.isEmpty ? "" : ": \(result.error)")")
        }
        return Measurement(run: run, side: .c, phase: .produce, messages: result.messages, bytes: result.bytes, seconds: result.seconds)
    }

    private func consumeC(topic: String, run: Int) async throws -> Measurement {
        let (brokers, count, timeout, settle) = (options.brokers, options.messages, options.timeout, options.pause)
        let group = groupId(topic, "c")
        let properties = Self.flatten(options.consumerProperties)
        let result = await Self.onOwnThread {
            Self.withCStrings(properties) { list in
                BaselineResult(kafka_baseline_consume(brokers, topic, group, Int64(count), timeout, settle, list))
            }
        }
        if result.failed > 0 {
            note("warning: C consume saw \(result.failed) consumer error(s); first: \(result.error)")
        }
        try checkConsumed(result.messages, bytes: result.bytes, what: "C consume")
        return Measurement(run: run, side: .c, phase: .consume, messages: result.messages, bytes: result.bytes, seconds: result.seconds)
    }

    private func checkConsumed(_ messages: Int, bytes: Int, what: String) throws {
        let expectedBytes = options.messages * options.size
        guard messages == options.messages, bytes == expectedBytes else {
            throw Failure("\(what): \(messages) of \(options.messages) messages (\(bytes) of \(expectedBytes) payload bytes) within \(options.timeout) s")
        }
    }

    /// `kafka_baseline_result` as a Swift value (its `error` is a fixed C array).
    private struct BaselineResult: Sendable {
        var messages: Int
        var bytes: Int
        var seconds: Double
        var failed: Int
        var error: String

        init(_ result: kafka_baseline_result) {
            messages = Int(result.messages)
            bytes = Int(result.bytes)
            seconds = result.seconds
            failed = Int(result.failed)
            var text = result.error
            error = withUnsafeBytes(of: &text) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        }
    }

    private static func flatten(_ properties: [Property]) -> [String] {
        properties.flatMap { [$0.key, $0.value] }
    }

    /// Calls `body` with a NULL-terminated array of C strings.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Runs a blocking C call on a thread of its own, never on one of Swift's few cooperative threads
    /// (VeloKafka's blocking calls get the same treatment).
    private static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "velo-bench-c"
            thread.start()
        }
    }

    // MARK: - VeloKafka

    private func producerConfig() -> ProducerConfig {
        var properties: [String: String] = [:]
        for property in options.producerProperties { properties[property.key] = property.value }
        var config = ProducerConfig(bootstrapServers: options.brokers, properties: properties)
        // The raw property reaches librdkafka either way; this keeps VeloKafka's own wait on a full
        // queue (bounded by deliveryTimeout) consistent with it.
        if let text = properties["message.timeout.ms"], let milliseconds = Int(text) {
            config = config.deliveryTimeout(.milliseconds(milliseconds))
        }
        return config
    }

    private func consumerConfig(group: String) -> ConsumerConfig {
        var properties: [String: String] = [:]
        for property in options.consumerProperties { properties[property.key] = property.value }
        // The C loop does not read headers either (the records carry none): same work on both sides.
        return ConsumerConfig(bootstrapServers: options.brokers, groupId: group, properties: properties)
            .readHeaders(false)
    }

    private func produceVelo(topic: String, run: Int) async throws -> Measurement {
        let count = options.messages
        let producer = try KafkaProducer<[UInt8], [UInt8]>(config: producerConfig(), topic: topic, keySerializer: BytesSerde(), valueSerializer: BytesSerde())
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: options.size)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<count {
            try await producer.enqueue(key: nil, value: payload)
        }
        try await producer.flush(timeout: .milliseconds(Int(options.timeout * 1000)))
        let seconds = (clock.now - start).inSeconds
        let (delivered, failed) = producer.deliveryCounts
        try await producer.close()
        guard delivered == count, failed == 0 else {
            throw Failure("VeloKafka produce: \(delivered) of \(count) delivered, \(failed) failed")
        }
        return Measurement(run: run, side: .velo, phase: .produce, messages: delivered, bytes: delivered * options.size, seconds: seconds)
    }

    /// `pollBatch` in a loop. Until the first message arrives it asks for one message at a time, so
    /// the clock starts when the first message is returned and pauses after it, exactly as on the C side.
    private func consumeVeloBatches(topic: String, run: Int) async throws -> Measurement {
        let count = options.messages
        let consumer = try KafkaConsumer(config: consumerConfig(group: groupId(topic, "velo")), keyDeserializer: BytesSerde(), valueDeserializer: BytesSerde())
        try consumer.subscribe([topic])
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(options.timeout * 1000))
        var start: ContinuousClock.Instant?
        var received = 0
        var bytes = 0
        var firstError: KafkaClientError?
        var errors = 0
        var paused = Duration.zero
        while received < count, clock.now < deadline + paused {
            let batch = try await consumer.pollBatch(maxMessages: start == nil ? 1 : min(options.pollBatch, count - received), timeout: .milliseconds(100))
            if start == nil, !batch.isEmpty {
                start = clock.now
                paused = try await settleUntimed()
            }
            for outcome in batch {
                switch outcome {
                case .success(let message):
                    received += 1
                    bytes += message.value?.count ?? 0
                case .failure(let error):
                    errors += 1
                    if firstError == nil { firstError = error }
                }
            }
        }
        let end = clock.now
        await consumer.close()
        if let firstError {
            throw Failure("VeloKafka consume: \(errors) undecodable record(s); first: \(firstError)")
        }
        try checkConsumed(received, bytes: bytes, what: "VeloKafka consume")
        return Measurement(run: run, side: .velo, phase: .consume, messages: received, bytes: bytes, seconds: start.map { (end - $0 - paused).inSeconds } ?? 0)
    }

    /// `for try await message in consumer.messages`, stopped after N messages (or by a watchdog that
    /// closes the consumer at the timeout, which ends the sequence).
    private func consumeVeloSequence(topic: String, run: Int) async throws -> Measurement {
        let count = options.messages
        let consumer = try KafkaConsumer(config: consumerConfig(group: groupId(topic, "velo-seq")), keyDeserializer: BytesSerde(), valueDeserializer: BytesSerde())
        try consumer.subscribe([topic])
        let timeout = Duration.milliseconds(Int(options.timeout * 1000))
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            await consumer.close()
        }
        defer { watchdog.cancel() }
        let clock = ContinuousClock()
        var start: ContinuousClock.Instant?
        var received = 0
        var bytes = 0
        var paused = Duration.zero
        for try await message in consumer.messages {
            if start == nil {
                start = clock.now
                paused = try await settleUntimed()
            }
            received += 1
            bytes += message.value?.count ?? 0
            if received == count { break }
        }
        let end = clock.now
        await consumer.close()
        try checkConsumed(received, bytes: bytes, what: "VeloKafka consume (messages sequence)")
        return Measurement(run: run, side: .velo, phase: .consumeSequence, messages: received, bytes: bytes, seconds: start.map { (end - $0 - paused).inSeconds } ?? 0)
    }

    // MARK: - Output

    /// The best (highest msg/s) measurement of a side and phase.
    private func best(_ results: [Measurement], _ side: Side, _ phase: Phase) -> Measurement? {
        results.filter { $0.side == side && $0.phase == phase }.max { $0.rate < $1.rate }
    }

    private func row(_ label: String, _ m: Measurement) -> [String] {
        [label, m.side.label, m.phase.rawValue, Format.grouped(m.messages), Format.fixed(m.seconds, decimals: 3),
         Format.grouped(Int(m.rate.rounded())), Format.fixed(m.megabytesPerSecond, decimals: 2)]
    }

    private func printTable(_ results: [Measurement]) {
        var table = ResultTable([
            .init(title: "run", alignment: .left), .init(title: "side", alignment: .left), .init(title: "phase", alignment: .left),
            .init(title: "messages", alignment: .right), .init(title: "seconds", alignment: .right),
            .init(title: "msg/s", alignment: .right), .init(title: "MB/s", alignment: .right),
        ])
        for measurement in results {
            table.add(row(String(measurement.run), measurement))
        }
        if options.runs > 1, !results.isEmpty {
            table.addSeparator()
            for (side, phase) in [(Side.c, Phase.produce), (.velo, .produce), (.c, .consume), (.velo, .consume), (.velo, .consumeSequence)] {
                if let measurement = best(results, side, phase) { table.add(row("best", measurement)) }
            }
        }
        print(table.render())
    }

    struct Ratio {
        var name: String
        var phase: String
        var velo: Measurement
        var c: Measurement
        var ratio: Double { c.rate > 0 ? velo.rate / c.rate : 0 }
    }

    /// VeloKafka / librdkafka msg/s, best run of each side; the sequence row is compared with the
    /// C consume loop too.
    private func printRatios(_ results: [Measurement]) -> [Ratio] {
        var ratios: [Ratio] = []
        let pairs: [(String, String, Phase, Phase)] = [
            ("kafka.produce.ratio", "produce", .produce, .produce),
            ("kafka.consume.ratio", "consume (pollBatch)", .consume, .consume),
            ("kafka.consume.sequence.ratio", "consume (messages sequence)", .consumeSequence, .consume),
        ]
        for (name, phase, veloPhase, cPhase) in pairs {
            if let velo = best(results, .velo, veloPhase), let c = best(results, .c, cPhase) {
                ratios.append(Ratio(name: name, phase: phase, velo: velo, c: c))
            }
        }
        var table = ResultTable([
            .init(title: "VeloKafka / librdkafka", alignment: .left), .init(title: "VeloKafka msg/s", alignment: .right),
            .init(title: "librdkafka msg/s", alignment: .right), .init(title: "ratio", alignment: .right),
            .init(title: "target", alignment: .right), .init(title: "", alignment: .left),
        ])
        for ratio in ratios {
            table.add([
                ratio.phase, Format.grouped(Int(ratio.velo.rate.rounded())), Format.grouped(Int(ratio.c.rate.rounded())),
                Format.fixed(ratio.ratio, decimals: 2) + " x", "0.85 x", ratio.ratio >= 0.85 ? "ok" : "BELOW TARGET",
            ])
        }
        print("")
        print(table.render())
        return ratios
    }

    private func figures(_ results: [Measurement], ratios: [Ratio]) -> [BenchFigure] {
        var figures: [BenchFigure] = []
        func add(_ side: Side, _ phase: Phase) {
            if let m = best(results, side, phase) { figures.append(BenchFigure(name: m.benchName, value: m.rate.rounded(), unit: "msg/s")) }
        }
        func addRatio(_ name: String) {
            if let ratio = ratios.first(where: { $0.name == name }) { figures.append(BenchFigure(name: name, value: ratio.ratio, unit: "x")) }
        }
        add(.c, .produce)
        add(.velo, .produce)
        addRatio("kafka.produce.ratio")
        add(.c, .consume)
        add(.velo, .consume)
        addRatio("kafka.consume.ratio")
        add(.velo, .consumeSequence)
        addRatio("kafka.consume.sequence.ratio")
        return figures
    }
}
