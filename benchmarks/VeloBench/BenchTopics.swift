import Foundation
import VeloKafka

/// The Kafka topics of one suite's run. Every one is named `<prefix>-…` (the input, the jobs' and the
/// floor's outputs), so `deleteAll()` can drop them at the end: the test broker keeps them in memory.
struct BenchTopics {
    let brokers: String
    /// `velo-bench-<suite>`.
    let prefix: String

    /// A new topic name under the prefix (the topic itself is created by `produceLines`).
    func fresh() -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8))"
    }

    /// Creates `topic` with one partition and produces each line of `file` to it as one message
    /// (without its newline, no key; message timestamps: now). The file must hold `records` lines.
    func produceLines(of file: String, to topic: String, records: Int) async throws {
        let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers))
        try await admin.createTopic(topic, partitions: 1, replicationFactor: 1, ifNotExists: true)
        let producer = try KafkaProducer(
            config: ProducerConfig(bootstrapServers: brokers).lingerMs(5), topic: topic,
            keySerializer: BytesSerde(), valueSerializer: BytesSerde())
        let started = ContinuousClock.now
        guard let source = fopen(file, "rb") else { throw BenchmarkFailure("cannot open \(file)") }
        defer { fclose(source) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        var count = 0
        while true {
            let length = getline(&line, &capacity, source)
            guard length > 0, let line else { break }
            let value = line.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length - 1)) }
            try await producer.enqueue(key: nil, value: value)
            count += 1
        }
        free(line)
        try await producer.flush(timeout: .seconds(300))
        try await producer.close()
        guard count == records else { throw BenchmarkFailure("produced \(count) of \(records) bids") }
        note("produced \(count) bids to \(topic) in \(String(format: "%.1f", (ContinuousClock.now - started).inSeconds)) s")
    }

    /// Deletes every topic under the prefix, this run's and any an interrupted run left behind.
    func deleteAll() async throws {
        let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers))
        let names = try await admin.listTopics().map(\.name).filter { $0.hasPrefix(prefix) }
        try? await admin.deleteTopics(names, ifExists: true)
    }
}
