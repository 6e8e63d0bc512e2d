import Synchronization
import Testing
import VeloKafka

/// "A consumer group of two splits the partitions, rebalances on join and leave, and a restarted
/// member resumes exactly after its last committed offset."
@Suite("Consumer groups")
struct ConsumerGroupTests {
    @Test("two members split four partitions and rebalance on join and leave")
    func splitAndRebalance() async throws {
        let topic = uniqueTopic("cg-split")
        let group = uniqueTopic("cg-split-group")
        let all = Set((0..<4).map { TopicPartition(topic, Int32($0)) })
        try await withTopics([NewTopic(topic, partitions: 4)]) { _ in
            let producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: topic, keySerializer: StringSerde(), valueSerializer: StringSerde())
            let a = try GroupMember("A", topic: topic, group: group)
            let b = try GroupMember("B", topic: topic, group: group)
            try await cleaningUp([a, b], producer: producer) {
                // A alone gets all four partitions.
                try a.start()
                try await eventually("A holds all 4 partitions", state: { a.describe() }) {
                    try a.partitions() == all && a.changes().last == .assigned(all)
                }
                #expect(a.changes() == [.assigned(all)])

                // B joins: after the rebalance each holds two, disjoint, together all four.
                try b.start()
                try await eventually("A and B hold 2 disjoint partitions each", state: { "\(a.describe()) / \(b.describe())" }) {
                    let (pa, pb) = (try a.partitions(), try b.partitions())
                    return pa.count == 2 && pb.count == 2 && pa.union(pb) == all
                        && a.changes().last == .assigned(pa) && b.changes().last == .assigned(pb)
                }
                let splitA = try a.partitions()
                let splitB = try b.partitions()
                #expect(splitA.isDisjoint(with: splitB))
                #expect(splitA.union(splitB) == all)
                // Eager rebalancing: A gives everything back, then gets its half.
                #expect(a.changes() == [.assigned(all), .revoked(all), .assigned(splitA)])
                #expect(b.changes() == [.assigned(splitB)])

                // Each member reads exactly the records of its own partitions.
                for partition in all.map(\.partition).sorted() {
                    _ = try await producer.send(key: "k\(partition)", value: "split-\(partition)", partition: partition)
                }
                try await eventually("the 4 'split' records are consumed", state: { "\(a.describe()) / \(b.describe())" }) {
                    a.values(prefix: "split-").count + b.values(prefix: "split-").count >= 4
                }
                #expect(Set(a.received.all.filter { $0.value?.hasPrefix("split-") == true }.map(\.topicPartition)) == splitA)
                #expect(Set(b.received.all.filter { $0.value?.hasPrefix("split-") == true }.map(\.topicPartition)) == splitB)
                #expect(a.values(prefix: "split-").count == 2)
                #expect(b.values(prefix: "split-").count == 2)

                // B leaves: A gets all four back.
                await b.shutdown()
                try await eventually("A holds all 4 partitions again after B left", state: { a.describe() }) {
                    try a.partitions() == all && a.changes().last == .assigned(all)
                }
                #expect(a.changes() == [.assigned(all), .revoked(all), .assigned(splitA), .revoked(splitA), .assigned(all)])
                // B's partitions were revoked (by close) before it left.
                #expect(b.changes() == [.assigned(splitB), .revoked(splitB)])

                for partition in all.map(\.partition).sorted() {
                    _ = try await producer.send(key: "k\(partition)", value: "left-\(partition)", partition: partition)
                }
                try await eventually("A consumes the 4 'left' records of all partitions", state: { a.describe() }) {
                    Set(a.values(prefix: "left-")) == Set((0..<4).map { "left-\($0)" })
                }
                #expect(a.values(prefix: "left-").count == 4, "no 'left' record is read twice")

                // The rebalanceEvents stream carries the same changes as the onRebalance hook, and
                // ends when the consumer closes.
                await a.shutdown()
                #expect(a.changes().last == .revoked(all), "close revokes A's partitions")
                var streamed: [Change] = []
                for await event in a.consumer.rebalanceEvents { streamed.append(Change(event)) }
                #expect(streamed == a.changes())
                var streamedB: [Change] = []
                for await event in b.consumer.rebalanceEvents { streamedB.append(Change(event)) }
                #expect(streamedB == b.changes())
                #expect(a.pollErrors.all.isEmpty && b.pollErrors.all.isEmpty, "poll errors: \(a.pollErrors.all) \(b.pollErrors.all)")
            }
        }
    }

    @Test("a restarted member resumes exactly after its last committed offset")
    func resumeAfterCommit() async throws {
        let topic = uniqueTopic("cg-resume")
        let group = uniqueTopic("cg-resume-group")
        let tp = TopicPartition(topic, 0)
        try await withTopics([NewTopic(topic, partitions: 1)]) { _ in
            let producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: topic, keySerializer: StringSerde(), valueSerializer: StringSerde())
            for i in 0..<100 { try await producer.enqueue(key: "key-\(i)", value: "value-\(i)") }
            try await producer.flush()
            try await producer.close()

            // First member: reads 40, commits, reads 10 more without committing, leaves.
            let first = try makeGroupConsumer(group: group)
            try first.subscribe([topic])
            let firstForty = try await consumeExactly(first, count: 40)
            #expect(firstForty.map(\.offset) == Array(0..<40))
            #expect(firstForty.map(\.key) == (0..<40).map { "key-\($0)" })
            try await first.commit()
            #expect(try await first.committed([tp]) == [TopicPartitionOffset(tp, 40)])
            let uncommitted = try await consumeExactly(first, count: 10)
            #expect(uncommitted.map(\.offset) == Array(40..<50))
            #expect(try first.positions() == [TopicPartitionOffset(tp, 50)])
            #expect(try await first.committed([tp]) == [TopicPartitionOffset(tp, 40)], "reading without committing does not move the committed offset")
            await first.close()

            // Restarted member: resumes at exactly 40 and reads 40..<100, nothing before.
            let second = try makeGroupConsumer(group: group)
            try second.subscribe([topic])
            let rest = try await consumeExactly(second, count: 60)
            #expect(rest.first?.offset == 40)
            #expect(rest.map(\.offset) == Array(40..<100))
            #expect(rest.map(\.key) == (40..<100).map { "key-\($0)" })
            #expect(rest.map(\.value) == (40..<100).map { "value-\($0)" })

            // Committing explicit offsets stores exactly those.
            try await second.commit([TopicPartitionOffset(tp, 75)])
            #expect(try await second.committed([tp]) == [TopicPartitionOffset(tp, 75)])

            // Seeking moves the position: the next message is the one at the target offset.
            try await second.seek(tp, to: 20)
            let afterSeek = try await consumeExactly(second, count: 5)
            #expect(afterSeek.map(\.offset) == Array(20..<25))
            #expect(afterSeek.map(\.key) == (20..<25).map { "key-\($0)" })
            await second.close()

            // The explicit commit is what the next member resumes from (the seek committed nothing).
            let third = try makeGroupConsumer(group: group)
            try third.subscribe([topic])
            let resumed = try await consumeExactly(third, count: 25)
            #expect(resumed.map(\.offset) == Array(75..<100))
            await third.close()
        }
    }
}

// MARK: - Helpers

/// Group settings that make rebalances quick: heartbeats every 500 ms, so a member notices a
/// rebalance (and rejoins) within about half a second.
private func groupConfig(_ group: String) -> ConsumerConfig {
    ConsumerConfig(bootstrapServers: testBrokers, groupId: group)
        .sessionTimeout(.seconds(10))
        .property("heartbeat.interval.ms", "500")
}

private func makeGroupConsumer(group: String) throws -> KafkaConsumer<String, String> {
    try KafkaConsumer(config: groupConfig(group).autoCommit(false), keyDeserializer: StringSerde(), valueDeserializer: StringSerde())
}

/// A rebalance event with its partitions as a set (librdkafka does not promise an order).
private enum Change: Hashable, CustomStringConvertible {
    case assigned(Set<TopicPartition>)
    case revoked(Set<TopicPartition>)
    case failed(String)

    init(_ event: RebalanceEvent) {
        switch event {
        case .assigned(let partitions): self = .assigned(Set(partitions))
        case .revoked(let partitions): self = .revoked(Set(partitions))
        case .failed(let code, let message): self = .failed("\(code): \(message)")
        }
    }

    var description: String {
        switch self {
        case .assigned(let partitions): "assigned\(partitions.map(\.partition).sorted())"
        case .revoked(let partitions): "revoked\(partitions.map(\.partition).sorted())"
        case .failed(let text): "failed(\(text))"
        }
    }
}

/// A group member that polls in its own task (as a real application does), recording the
/// `onRebalance` hook's events and the messages it receives.
private final class GroupMember: Sendable {
    let name: String
    let topic: String
    let consumer: KafkaConsumer<String, String>
    let hookEvents: Recorder<RebalanceEvent>
    let received = Recorder<Message<String, String>>()
    let pollErrors = Recorder<String>()
    private let loop = Mutex<Task<Void, Never>?>(nil)

    init(_ name: String, topic: String, group: String) throws {
        self.name = name
        let events = Recorder<RebalanceEvent>()
        hookEvents = events
        consumer = try KafkaConsumer(
            config: groupConfig(group).clientId("\(group)-\(name)").onRebalance { events.append($0) },
            keyDeserializer: StringSerde(), valueDeserializer: StringSerde())
        self.topic = topic
    }

    /// Subscribes (librdkafka joins the group in the background from here on) and starts polling.
    func start() throws {
        try consumer.subscribe([topic])
        let consumer = self.consumer
        let received = self.received
        let pollErrors = self.pollErrors
        let task = Task {
            while !Task.isCancelled {
                do {
                    for outcome in try await consumer.pollBatch(maxMessages: 100, timeout: .milliseconds(100)) {
                        switch outcome {
                        case .success(let message): received.append(message)
                        case .failure(let error): pollErrors.append("\(error)")
                        }
                    }
                } catch {
                    pollErrors.append("\(error)")
                    return
                }
            }
        }
        loop.withLock { $0 = task }
    }

    /// Stops polling, then closes the consumer (leaving the group). Safe to call twice.
    func shutdown() async {
        let task = loop.withLock { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        task?.cancel()
        await task?.value
        await consumer.close()
    }

    func partitions() throws -> Set<TopicPartition> { Set(try consumer.assignment()) }
    func changes() -> [Change] { hookEvents.all.map(Change.init) }
    func values(prefix: String) -> [String] { received.all.compactMap(\.value).filter { $0.hasPrefix(prefix) } }

    func describe() -> String {
        let held = (try? partitions()).map { "\($0.map(\.partition).sorted())" } ?? "?"
        return "\(name) holds \(held), events \(changes())"
    }
}

extension ConsumerConfig {
    fileprivate func clientId(_ value: String) -> Self {
        var copy = self
        copy.client.clientId = value
        return copy
    }
}

/// Runs `body`; afterwards (also when it throws) stops and closes the members and the producer.
private func cleaningUp(
    _ members: [GroupMember],
    producer: KafkaProducer<String, String>,
    _ body: () async throws -> Void
) async throws {
    do {
        try await body()
    } catch {
        for member in members { await member.shutdown() }
        try? await producer.close()
        throw error
    }
    for member in members { await member.shutdown() }
    try await producer.close()
}
