import Foundation
import Testing
import VeloKafka

/// A bootstrap address where nothing listens: connections are refused at once.
private let unreachableBrokers = "127.0.0.1:1"

@Suite("Failures")
struct FailureTests {
    @Test("with the broker unreachable, send fails within the delivery timeout with a critical, well-described error")
    func producerWithoutBroker() async throws {
        let producer = try KafkaProducer(
            config: ProducerConfig(bootstrapServers: unreachableBrokers).deliveryTimeout(.seconds(2)),
            topic: "orders", keySerializer: StringSerde(), valueSerializer: StringSerde())
        let started = ContinuousClock.now
        do throws(KafkaClientError) {
            _ = try await producer.send(key: "k", value: "v")
            Issue.record("send must fail without a broker")
        } catch {
            #expect(ContinuousClock.now - started < .seconds(10), "bounded wait")
            #expect(error.severity == .critical)
            #expect(error.kind == .brokerUnavailable)
            #expect(error.context.operation == "producer.send")
            #expect(error.context.topic == "orders")
            #expect(error.context.brokers == unreachableBrokers)
            #expect(error.description.contains(unreachableBrokers))
        }
        // enqueue accepts the record locally; flush reports that it was never delivered.
        try await producer.enqueue(key: "k", value: "later")
        do throws(KafkaClientError) {
            try await producer.flush(timeout: .seconds(10))
            Issue.record("flush must report the undelivered record")
        } catch {
            #expect(error.kind == .brokerUnavailable)
            #expect(error.context.metadata["failedCount"] == "1")
            #expect(error.context.underlying is KafkaClientError)
        }
        let health = await producer.healthCheck(timeout: .seconds(1))
        #expect(!health.isHealthy)
        #expect(health.error?.severity == .critical)
    }

    @Test("with the broker unreachable, admin and consumer calls fail after a bounded wait")
    func adminAndConsumerWithoutBroker() async throws {
        let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: unreachableBrokers).operationTimeout(.seconds(2)))
        let started = ContinuousClock.now
        do throws(KafkaClientError) {
            try await admin.createTopic("payments")
            Issue.record("createTopic must fail without a broker")
        } catch {
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(error.severity == .critical)
            #expect(error.kind == .brokerUnavailable)
            #expect(error.context.operation == "admin.createTopics")
            #expect(error.context.topic == "payments")
            #expect(error.context.brokers == unreachableBrokers)
        }
        do throws(KafkaClientError) {
            _ = try await admin.listTopics()
            Issue.record("listTopics must fail without a broker")
        } catch {
            #expect(error.kind == .brokerUnavailable)
            #expect(error.severity == .critical)
        }

        let consumer = try KafkaConsumer(
            config: ConsumerConfig(bootstrapServers: unreachableBrokers, groupId: "g"),
            keyDeserializer: BytesSerde(), valueDeserializer: BytesSerde())
        do throws(KafkaClientError) {
            _ = try await consumer.watermarks(topic: "payments", partition: 0, timeout: .seconds(2))
            Issue.record("watermarks must fail without a broker")
        } catch {
            #expect(error.severity == .critical)
            #expect(error.kind == .brokerUnavailable)
            #expect(error.context.operation == "consumer.watermarks")
            #expect(error.context.topic == "payments")
            #expect(error.context.brokers == unreachableBrokers)
        }
        await consumer.close()
    }

    @Test("mock cluster of 3 brokers: with one broker down, producing and consuming go on")
    func partialBrokerFailure() async throws {
        let cluster = try MockKafkaCluster(brokers: 3)
        let topic = "failover"
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 3)
        // Each broker leads one partition (the mock's own placement varies), so broker 2's failure matters.
        for partition: Int32 in 0..<3 {
            try cluster.setPartitionLeader(topic: topic, partition: partition, brokerId: partition + 1)
        }
        let producer = try KafkaProducer(
            config: ProducerConfig(bootstrapServers: cluster.bootstrapServers).deliveryTimeout(.seconds(20)),
            topic: topic, keySerializer: StringSerde(), valueSerializer: StringSerde())
        let consumer = try KafkaConsumer(
            config: ConsumerConfig(bootstrapServers: cluster.bootstrapServers),
            keyDeserializer: StringSerde(), valueDeserializer: StringSerde())
        try consumer.assign((0..<3).map { TopicPartitionOffset(topic, $0, KafkaOffset.beginning) })

        for i in 0..<300 { try await producer.enqueue(key: "k\(i)", value: "before-\(i)") }
        try await producer.flush()
        let before = try await consume(consumer, count: 300)
        #expect(before.count == 300)

        let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: cluster.bootstrapServers))
        let leaders = try await admin.metadata().topic(topic)?.partitions.map(\.leader) ?? []
        #expect(leaders.contains(2), "leaders before the failure: \(leaders)")

        // Broker 2 fails; the controller moves its partitions' leadership to the survivors.
        try cluster.setBrokerDown(2)
        for partition: Int32 in 0..<3 {
            try cluster.setPartitionLeader(topic: topic, partition: partition, brokerId: partition == 0 ? 1 : 3)
        }
        let reports = await producer.sendBatch((0..<300).map { ProducerRecord(key: "k\($0)", value: "after-\($0)") })
        let failures = reports.filter { if case .failure = $0 { true } else { false } }
        #expect(failures.isEmpty, "every record is delivered despite the failed broker: \(failures.prefix(3))")
        let after = try await consume(consumer, count: 300)
        #expect(after.count == 300)
        #expect(Set(after.compactMap(\.value)) == Set((0..<300).map { "after-\($0)" }))

        // And when the broker comes back, nothing is lost or repeated.
        try cluster.setBrokerUp(2)
        try await producer.send(key: "last", value: "back")
        let last = try await consume(consumer, count: 1)
        #expect(last.map(\.value) == ["back"])
        await consumer.close()
        try await producer.close()
    }
}
