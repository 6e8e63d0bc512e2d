import Foundation
import Testing
import VeloKafka

private struct Price: Codable, Sendable, Equatable {
    var symbol: String
    var cents: Int
}

@Suite("KTable over a compacted topic")
struct KTableTests {
    @Test("ready only when caught up; latest value per key; tombstones delete; stays current; views and stats")
    func materialisesLatestValues() async throws {
        let topic = uniqueTopic("prices")
        try await withTopics([NewTopic(topic, partitions: 3, configs: ["cleanup.policy": "compact"])]) { _ in
            let producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: topic, keySerializer: StringSerde(), valueSerializer: JSONSerde<Price>())
            // 5,000 updates over 50 symbols: the last one of each symbol is round * 100 + index.
            for round in 0..<100 {
                for index in 0..<50 {
                    try await producer.enqueue(key: "S\(index)", value: Price(symbol: "S\(index)", cents: round * 100 + index))
                }
            }
            try await producer.enqueue(key: "S7", value: nil) // tombstone
            try await producer.flush()

            let table = try KTable(
                topic: topic,
                config: ConsumerConfig(bootstrapServers: testBrokers),
                keyDeserializer: StringSerde(), valueDeserializer: JSONSerde<Price>())
            #expect(!table.isReady)
            try await table.start(timeout: .seconds(20))
            // start() returns only once everything produced before it is in the table.
            #expect(table.isReady)
            #expect(table.get("S0") == Price(symbol: "S0", cents: 9900))
            #expect(table["S49"] == Price(symbol: "S49", cents: 9949))
            #expect(table.get("S7") == nil, "the tombstone deleted S7")
            #expect(table.get("nope") == nil)
            let snapshot = table.snapshot()
            #expect(snapshot.count == 49)
            #expect(snapshot["S12"]?.cents == 9912)

            let stats = table.stats
            #expect(stats.size == 49)
            #expect(stats.recordsApplied == 5001)
            #expect(stats.tombstones == 1)
            #expect(stats.recordsSkipped == 0)
            #expect(stats.lastUpdate != nil)
            #expect(stats.isReady)

            // Views over the same data.
            let cents = table.mapValues { $0.cents }
            let expensive = table.filter { _, price in price.cents >= 9925 }
            #expect(cents.get("S3") == 9903)
            #expect(expensive.get("S3") == nil)
            #expect(expensive.get("S30")?.cents == 9930)
            #expect(Set(expensive.snapshot().keys) == Set((25..<50).map { "S\($0)" }))
            #expect(expensive.stats.size == 25)

            // It stays current while records keep arriving.
            try await producer.send(key: "S0", value: Price(symbol: "S0", cents: 1))
            try await producer.send(key: "S7", value: Price(symbol: "S7", cents: 7))
            try await producer.send(key: "S1", value: nil)
            try await producer.send(key: "NEW", value: Price(symbol: "NEW", cents: 42))
            try await eventually("the table sees the new records") {
                table.get("S0")?.cents == 1 && table.get("S7")?.cents == 7 && table.get("S1") == nil && table.get("NEW")?.cents == 42
            }
            #expect(cents.get("NEW") == 42)
            #expect(table.stats.tombstones == 2)

            await table.stop()

            // Readiness implies completeness: the moment a second table says it is ready, it already
            // holds the final value of every key written before it started.
            let second = try KTable(
                topic: topic,
                config: ConsumerConfig(bootstrapServers: testBrokers),
                keyDeserializer: StringSerde(), valueDeserializer: JSONSerde<Price>())
            try await second.start(waitUntilReady: false)
            let deadline = ContinuousClock.now + .seconds(15)
            while !second.isReady, ContinuousClock.now < deadline {
                #expect(second.stats.recordsApplied < 5005, "not ready although every record was applied")
                try await Task.sleep(for: .milliseconds(1))
            }
            #expect(second.isReady)
            #expect(second.get("S0")?.cents == 1)
            #expect(second.get("S49")?.cents == 9949)
            #expect(second.get("NEW")?.cents == 42)
            #expect(second.snapshot().count == 50) // 49, less S1, plus S7 again and NEW
            await second.stop()
            try await producer.close()
        }
    }

    @Test("an empty topic is ready at once; undecodable records are skipped and counted")
    func emptyTopicAndBadRecords() async throws {
        let topic = uniqueTopic("table-bad")
        try await withTopics([NewTopic(topic, partitions: 1, configs: ["cleanup.policy": "compact"])]) { _ in
            let table = try KTable(
                topic: topic,
                config: ConsumerConfig(bootstrapServers: testBrokers),
                keyDeserializer: StringSerde(), valueDeserializer: JSONSerde<Price>())
            try await table.start(timeout: .seconds(10))
            #expect(table.isReady)
            #expect(table.snapshot().isEmpty)

            let raw = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: topic, keySerializer: BytesSerde(), valueSerializer: BytesSerde())
            try await raw.send(key: Array("bad".utf8), value: Array("{not json".utf8))
            // A key that is not UTF-8 (compacted topics refuse records without a key).
            try await raw.send(key: [0xFF, 0xFE], value: Array(#"{"symbol":"X","cents":1}"#.utf8))
            try await raw.send(key: Array("good".utf8), value: Array(#"{"symbol":"G","cents":5}"#.utf8))
            try await eventually("the good record arrives") { table.get("good")?.cents == 5 }
            #expect(table.get("bad") == nil)
            #expect(table.stats.recordsSkipped == 2)
            await table.stop()
        }
    }

    @Test("a table over a topic that never appears fails with a clear error")
    func missingTopic() async throws {
        let table = try KTable(
            topic: uniqueTopic("missing"),
            config: ConsumerConfig(bootstrapServers: testBrokers),
            keyDeserializer: StringSerde(), valueDeserializer: StringSerde())
        do throws(KafkaClientError) {
            try await table.start(timeout: .seconds(2))
            Issue.record("start must fail for a missing topic")
        } catch {
            #expect(error.kind == .unknownTopic)
            #expect(error.message.contains("does not exist"))
        }
        await table.stop()
    }
}
