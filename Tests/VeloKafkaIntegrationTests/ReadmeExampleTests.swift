import Foundation
import Testing
import VeloKafka

// The usage example of README.md, verbatim between the markers, so that it keeps compiling and working.
// README-EXAMPLE-BEGIN
struct Order: Codable, Sendable {
    var id: Int
    var amount: Double
}

func readmeExample(brokers: String, topic: String, group: String) async throws -> [Order] {
    let producer = try KafkaProducer(
        config: ProducerConfig(bootstrapServers: brokers).lingerMs(5),
        topic: topic,
        keySerializer: StringSerde(),
        valueSerializer: JSONSerde<Order>())
    let report = try await producer.send(key: "order-1", value: Order(id: 1, amount: 50), headers: ["source": "web"])
    print("written to \(report)")                        // orders[0]@0
    try await producer.close()

    let consumer = try KafkaConsumer(
        config: ConsumerConfig(bootstrapServers: brokers, groupId: group).autoCommit(false),
        keyDeserializer: StringSerde(),
        valueDeserializer: JSONSerde<Order>())
    try consumer.subscribe([topic])
    var orders: [Order] = []
    for try await message in consumer.messages {
        if let order = message.value { orders.append(order) }
        try await consumer.commit()                       // the position after this message
        break
    }
    await consumer.close()
    return orders
}
// README-EXAMPLE-END

@Suite("README example")
struct ReadmeExampleTests {
    @Test func runsAgainstTheBroker() async throws {
        let topic = uniqueTopic("readme")
        let orders = try await withTopics([NewTopic(topic)]) { _ in
            try await readmeExample(brokers: testBrokers, topic: topic, group: uniqueTopic("readme-group"))
        }
        #expect(orders.map(\.id) == [1])
        #expect(orders.map(\.amount) == [50])
    }

    @Test("README.md shows exactly this example")
    func readmeMatches() throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let root = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: testFile, encoding: .utf8)
        let begin = "// README-EXAMPLE-" + "BEGIN\n"
        let end = "// README-EXAMPLE-" + "END"
        let example = try #require(source.components(separatedBy: begin).dropFirst().first?.components(separatedBy: end).first)
        #expect(readme.contains(example.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
