import Testing
import VeloKafka

/// "Transactions: committed records are visible and aborted ones invisible to a `read_committed`
/// consumer; consume-transform-produce with `sendOffsetsToTransaction` leaves the group's committed
/// offsets equal to the consumed positions after a commit, and moves neither outputs nor offsets
/// after an abort; a fenced producer gets a clear error."
///
/// Every topic here has one partition, and each check ends by writing a closing record ("end"), so
/// "read everything" means "read until the closing record" rather than "wait for a quiet period".
@Suite("Transactions")
struct TransactionTests {
    @Test("read_committed sees committed records and never aborted ones")
    func commitAndAbortVisibility() async throws {
        let topic = uniqueTopic("txn-visibility")
        try await withTopics([NewTopic(topic, partitions: 1)]) { _ in
            let producer = try makeTransactionalProducer(id: uniqueTopic("txn-visibility-id"), topic: topic)

            try await producer.beginTransaction()
            let committed = await producer.sendBatch((0..<10).map { ProducerRecord(key: "c\($0)", value: "committed-\($0)") })
            #expect(failures(in: committed).isEmpty, "sends in the committed transaction: \(committed)")
            try await producer.commitTransaction()

            try await producer.beginTransaction()
            for i in 0..<10 { try await producer.enqueue(key: "a\(i)", value: "aborted-\(i)") }
            try await producer.flush() // the aborted records really reach the log before the abort
            try await producer.abortTransaction()

            try await producer.beginTransaction()
            _ = try await producer.send(key: "end", value: "end")
            try await producer.commitTransaction()
            try await producer.close()

            let committedReader = try makeReader(topic: topic, isolation: .readCommitted)
            let visible = try await consumeUntil(committedReader) { $0.value == "end" }
            await committedReader.close()
            #expect(visible.compactMap(\.value) == (0..<10).map { "committed-\($0)" } + ["end"])

            // The aborted records are in the log: a read_uncommitted consumer sees all 20.
            let uncommittedReader = try makeReader(topic: topic, isolation: .readUncommitted)
            let everything = try await consumeUntil(uncommittedReader) { $0.value == "end" }
            await uncommittedReader.close()
            #expect(everything.compactMap(\.value) == (0..<10).map { "committed-\($0)" } + (0..<10).map { "aborted-\($0)" } + ["end"])
        }
    }

    @Test("consume-transform-produce commits offsets with the outputs, and an abort moves neither")
    func consumeTransformProduce() async throws {
        let input = uniqueTopic("txn-ctp-in")
        let output = uniqueTopic("txn-ctp-out")
        let group = uniqueTopic("txn-ctp-group")
        let inputPartition = TopicPartition(input, 0)
        try await withTopics([NewTopic(input, partitions: 1), NewTopic(output, partitions: 1)]) { _ in
            let seed = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: input, keySerializer: StringSerde(), valueSerializer: StringSerde())
            for i in 0..<20 { try await seed.enqueue(key: "k\(i)", value: "in-\(i)") }
            try await seed.flush()
            try await seed.close()

            let consumer = try makeTransactionalInputConsumer(group: group)
            try consumer.subscribe([input])
            let producer = try makeTransactionalProducer(id: uniqueTopic("txn-ctp-id"), topic: output)

            // Batch 1: consume 10, produce 10 transformed, send the positions, commit.
            let batch1 = try await consumeExactly(consumer, count: 10)
            #expect(batch1.map(\.offset) == Array(0..<10))
            let positions1 = try consumer.positions()
            #expect(positions1 == [TopicPartitionOffset(inputPartition, 10)])
            try await producer.beginTransaction()
            let sent1 = await producer.sendBatch(batch1.map { ProducerRecord(key: $0.key, value: transform($0.value)) })
            #expect(failures(in: sent1).isEmpty, "sends of batch 1: \(sent1)")
            try await producer.sendOffsetsToTransaction(positions1, groupMetadata: try consumer.groupMetadata())
            try await producer.commitTransaction()

            #expect(try await consumer.committed([inputPartition]) == positions1, "the commit stored the consumed positions for the group")
            let outputReader = try makeReader(topic: output, isolation: .readCommitted)
            let visible1 = try await consumeExactly(outputReader, count: 10)
            await outputReader.close()
            #expect(visible1.compactMap(\.value) == (0..<10).map { "OUT-\($0)" })

            // Batch 2: consume the next 10, produce, send the positions, ABORT.
            let batch2 = try await consumeExactly(consumer, count: 10)
            #expect(batch2.map(\.offset) == Array(10..<20))
            let positions2 = try consumer.positions()
            #expect(positions2 == [TopicPartitionOffset(inputPartition, 20)])
            try await producer.beginTransaction()
            let sent2 = await producer.sendBatch(batch2.map { ProducerRecord(key: $0.key, value: transform($0.value)) })
            #expect(failures(in: sent2).isEmpty, "sends of batch 2: \(sent2)")
            try await producer.sendOffsetsToTransaction(positions2, groupMetadata: try consumer.groupMetadata())
            try await producer.abortTransaction()

            #expect(try await consumer.committed([inputPartition]) == positions1, "the abort left the group's offsets at 10")
            await consumer.close()

            // Close the output with a committed "end" record (no offsets), then read all of it.
            try await producer.beginTransaction()
            _ = try await producer.send(key: "end", value: "end")
            try await producer.commitTransaction()
            try await producer.close()

            let committedReader = try makeReader(topic: output, isolation: .readCommitted)
            let visible = try await consumeUntil(committedReader) { $0.value == "end" }
            await committedReader.close()
            #expect(visible.compactMap(\.value) == (0..<10).map { "OUT-\($0)" } + ["end"], "only batch 1 is visible")
            // Batch 2 was really written (and then aborted): read_uncommitted shows it.
            let uncommittedReader = try makeReader(topic: output, isolation: .readUncommitted)
            let everything = try await consumeUntil(uncommittedReader) { $0.value == "end" }
            await uncommittedReader.close()
            #expect(everything.compactMap(\.value) == (0..<20).map { "OUT-\($0)" } + ["end"])

            // A restarted member of the group re-reads the aborted batch: it resumes at 10.
            let restarted = try makeTransactionalInputConsumer(group: group)
            try restarted.subscribe([input])
            let again = try await consumeExactly(restarted, count: 10)
            await restarted.close()
            #expect(again.map(\.offset) == Array(10..<20))
        }
    }

    @Test("a producer fenced by a newer one with the same transactional id gets a .fenced error")
    func zombieFencing() async throws {
        let topic = uniqueTopic("txn-fence")
        let transactionalId = uniqueTopic("txn-fence-id")
        try await withTopics([NewTopic(topic, partitions: 1)]) { _ in
            let zombie = try makeTransactionalProducer(id: transactionalId, topic: topic)
            try await zombie.initTransactions()
            try await zombie.beginTransaction()
            _ = try await zombie.send(key: "zombie", value: "zombie-1")

            // A second instance with the same id takes over: the zombie's open transaction is aborted.
            let successor = try makeTransactionalProducer(id: transactionalId, topic: topic)
            try await successor.initTransactions()

            // The zombie's next record is refused by the broker (old producer epoch) ...
            var sendError: KafkaClientError?
            do throws(KafkaClientError) {
                _ = try await zombie.send(key: "zombie", value: "zombie-2")
            } catch {
                sendError = error
            }
            let refused = try #require(sendError, "a fenced producer's send must fail")
            #expect(refused.kind == .fenced, "\(refused)")
            #expect(["INVALID_PRODUCER_EPOCH", "PRODUCER_FENCED", "_FENCED"].contains(refused.codeName ?? ""), "\(refused)")
            #expect(refused.severity == .critical)

            // ... and its commit fails with librdkafka's fatal "fenced" error, which says what happened.
            var commitError: KafkaClientError?
            do throws(KafkaClientError) {
                try await zombie.commitTransaction()
            } catch {
                commitError = error
            }
            let fenced = try #require(commitError, "committing on a fenced producer must fail")
            #expect(fenced.kind == .fenced, "\(fenced)")
            #expect(fenced.codeName == "_FENCED", "\(fenced)")
            #expect(fenced.message.contains("fenced"), "\(fenced)")
            #expect(!fenced.isRetriable && !fenced.requiresAbort, "a fenced producer can only be closed: \(fenced)")
            #expect(fenced.context.metadata["transactionalId"] == transactionalId)

            // Fatal means fatal: the zombie cannot start another transaction either.
            var beginError: KafkaClientError?
            do throws(KafkaClientError) {
                try await zombie.beginTransaction()
            } catch {
                beginError = error
            }
            #expect(beginError?.kind == .fenced, "begin after fencing: \(String(describing: beginError))")

            try await successor.beginTransaction()
            _ = try await successor.send(key: "end", value: "end")
            try await successor.commitTransaction()
            try await successor.close()
            try? await zombie.close() // may report the refused record again; the zombie is done either way

            let committedReader = try makeReader(topic: topic, isolation: .readCommitted)
            let visible = try await consumeUntil(committedReader) { $0.value == "end" }
            await committedReader.close()
            #expect(visible.compactMap(\.value) == ["end"], "nothing the zombie wrote is visible")
        }
    }
}

// MARK: - Helpers

private func makeTransactionalProducer(id: String, topic: String) throws -> KafkaProducer<String, String> {
    try KafkaProducer(
        config: ProducerConfig(bootstrapServers: testBrokers).transactional(id: id),
        topic: topic, keySerializer: StringSerde(), valueSerializer: StringSerde())
}

private func makeTransactionalInputConsumer(group: String) throws -> KafkaConsumer<String, String> {
    try KafkaConsumer(
        config: ConsumerConfig(bootstrapServers: testBrokers, groupId: group)
            .autoCommit(false)
            .isolationLevel(.readCommitted)
            .sessionTimeout(.seconds(10))
            .property("heartbeat.interval.ms", "500"),
        keyDeserializer: StringSerde(), valueDeserializer: StringSerde())
}

/// The "transform" step: `in-7` becomes `OUT-7`.
private func transform(_ value: String?) -> String? {
    value.map { "OUT-" + $0.dropFirst("in-".count) }
}

/// The errors among delivery results (empty when every record was delivered).
private func failures(in results: [Result<DeliveryReport, KafkaClientError>]) -> [KafkaClientError] {
    results.compactMap { result in
        if case .failure(let error) = result { error } else { nil }
    }
}
