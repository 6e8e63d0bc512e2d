import Foundation
import Testing
import VeloKafka

private struct CustomerOrder: Codable, Sendable, Equatable {
    var id: Int
    var customer: String
    var amount: Double
    var sequence: Int
}

@Suite("Producer and consumer round trip")
struct RoundTripTests {
    @Test("10,000 keyed JSON messages with headers keep keys, values, headers and per-partition order")
    func tenThousandKeyedJSONMessages() async throws {
        let topic = uniqueTopic("roundtrip")
        try await withTopics([NewTopic(topic, partitions: 4)]) { _ in
            let producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers).lingerMs(5),
                topic: topic, keySerializer: StringSerde(), valueSerializer: JSONSerde<CustomerOrder>())
            let records = (0..<10_000).map { i in
                ProducerRecord<String, CustomerOrder>(
                    key: "customer-\(i % 37)",
                    value: CustomerOrder(id: i, customer: "customer-\(i % 37)", amount: Double(i) / 4, sequence: i),
                    headers: Headers([
                        .init(name: "trace", value: Array("t-\(i)".utf8)),
                        .init(name: "empty", value: []),
                        .init(name: "null", value: nil),
                    ]))
            }
            let reports = try await producer.sendBatch(records).map { try $0.get() }
            #expect(reports.count == 10_000)
            #expect(Set(reports.map(\.partition)).count == 4, "keys should spread over all partitions")
            // Same key, same partition; offsets increase in send order within a partition.
            var lastOffset: [Int32: Int64] = [:]
            for report in reports {
                #expect(report.offset > lastOffset[report.partition, default: -1])
                lastOffset[report.partition] = report.offset
            }
            try await producer.close()

            let consumer = try KafkaConsumer(
                config: ConsumerConfig(bootstrapServers: testBrokers, groupId: uniqueTopic("roundtrip-group")),
                keyDeserializer: StringSerde(), valueDeserializer: JSONSerde<CustomerOrder>())
            try consumer.subscribe([topic])
            let messages = try await consume(consumer, count: 10_000)
            await consumer.close()

            #expect(messages.count == 10_000)
            let byId = Dictionary(uniqueKeysWithValues: messages.compactMap { m in m.value.map { ($0.id, m) } })
            #expect(byId.count == 10_000)
            for (index, record) in records.enumerated() {
                guard let message = byId[index] else {
                    Issue.record("message \(index) missing")
                    continue
                }
                #expect(message.key == record.key)
                #expect(message.value == record.value)
                #expect(message.headers == record.headers)
                #expect(message.partition == reports[index].partition)
                #expect(message.offset == reports[index].offset)
            }
            // Per-partition order: within each partition, sequence numbers of the same key increase.
            var lastSequence: [String: Int] = [:]
            for message in messages.sorted(by: { ($0.partition, $0.offset) < ($1.partition, $1.offset) }) {
                guard let key = message.key, let value = message.value else { continue }
                #expect(value.sequence > lastSequence[key, default: -1])
                lastSequence[key] = value.sequence
            }
            var previous: [Int32: Int64] = [:]
            for message in messages {
                #expect(message.offset > previous[message.partition, default: -1], "consumed out of order in partition \(message.partition)")
                previous[message.partition] = message.offset
            }
        }
    }

    @Test("tombstones, empty values, null keys and explicit partitions and timestamps survive")
    func edgeCaseRecords() async throws {
        let topic = uniqueTopic("edge")
        try await withTopics([NewTopic(topic, partitions: 3)]) { _ in
            let producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: topic, keySerializer: BytesSerde(), valueSerializer: BytesSerde())
            // A minute ago: an explicit time, recent enough that retention keeps it.
            let stamp = Int64(Date().timeIntervalSince1970 * 1000) - 60_000
            let tombstone = try await producer.send(key: Array("k".utf8), value: nil, partition: 2, timestamp: stamp)
            #expect(tombstone.partition == 2)
            let empty = try await producer.send(key: [], value: [], partition: 1)
            let noKey = try await producer.send(key: nil, value: [0, 255, 7], partition: 0)
            try await producer.close()

            let consumer = try KafkaConsumer(
                config: ConsumerConfig(bootstrapServers: testBrokers),
                keyDeserializer: BytesSerde(), valueDeserializer: BytesSerde())
            try consumer.assign((0..<3).map { TopicPartitionOffset(topic, $0, KafkaOffset.beginning) })
            let messages = try await consume(consumer, count: 3)
            await consumer.close()
            let byPartition = Dictionary(uniqueKeysWithValues: messages.map { ($0.partition, $0) })
            #expect(byPartition[2]?.key == Array("k".utf8))
            #expect(byPartition[2]?.value == nil)
            #expect(byPartition[2]?.timestamp == MessageTimestamp(milliseconds: stamp, kind: .createTime))
            #expect(byPartition[1]?.key == [])
            #expect(byPartition[1]?.value == [])
            #expect(byPartition[1]?.offset == empty.offset)
            #expect(byPartition[0]?.key == nil)
            #expect(byPartition[0]?.value == [0, 255, 7])
            #expect(byPartition[0]?.offset == noKey.offset)
        }
    }

    @Test("the messages AsyncSequence delivers in order and ends when the consumer closes")
    func asyncSequence() async throws {
        let topic = uniqueTopic("sequence")
        try await withTopics([NewTopic(topic, partitions: 1)]) { _ in
            let producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: topic, keySerializer: StringSerde(), valueSerializer: StringSerde())
            for i in 0..<500 { try await producer.enqueue(key: nil, value: "m\(i)") }
            try await producer.flush()
            let consumer = try KafkaConsumer(
                config: ConsumerConfig(bootstrapServers: testBrokers, groupId: uniqueTopic("seq-group")),
                keyDeserializer: StringSerde(), valueDeserializer: StringSerde())
            try consumer.subscribe([topic])
            var values: [String] = []
            for try await message in consumer.messages {
                values.append(message.value ?? "")
                if values.count == 500 { break }
            }
            #expect(values == (0..<500).map { "m\($0)" })
            await consumer.close()
            var iterator = consumer.messages.makeAsyncIterator()
            let afterClose = try await iterator.next()
            #expect(afterClose == nil)
        }
    }
}
