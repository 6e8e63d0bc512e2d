import Foundation
import Logging
import Synchronization

/// Reads a topic from its beginning into a dictionary (latest value per key; a tombstone deletes)
/// and keeps it current. Ready once every partition has reached the end offset it had at start.
final class KTableMaterializer<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let topic: String
    private let consumer: KafkaConsumer<Key, Value>
    private let store = Mutex<[Key: Value]>([:])
    private let counters = Mutex(KTableStats(size: 0, recordsApplied: 0, tombstones: 0, recordsSkipped: 0, lastUpdate: nil, isReady: false))
    private let loop = Mutex<Task<Void, Never>?>(nil)
    private let failure = Mutex<KafkaClientError?>(nil)
    private let logger: Logger

    init(topic: String, consumer: KafkaConsumer<Key, Value>) {
        self.topic = topic
        self.consumer = consumer
        logger = consumer.config.client.logger
    }

    var isReady: Bool { counters.withLock { $0.isReady } }

    var stats: KTableStats { counters.withLock { $0 } }

    func get(_ key: Key) -> Value? { store.withLock { $0[key] } }

    func snapshot() -> [Key: Value] { store.withLock { $0 } }

    /// Assigns every partition from the beginning and starts applying records in the background.
    func start(metadataTimeout: Duration) async throws(KafkaClientError) {
        let partitions = try await partitionsOfTopic(waitingUpTo: metadataTimeout)
        var targets: [Int32: Int64] = [:]
        for partition in partitions {
            let (low, high) = try await consumer.watermarks(topic: topic, partition: partition, timeout: metadataTimeout)
            if high > low { targets[partition] = high }
        }
        try consumer.assign(partitions.map { TopicPartitionOffset(topic, $0, KafkaOffset.beginning) })
        if targets.isEmpty { markReady() }
        let task = Task { [self] in await run(targets: targets) }
        loop.withLock { $0 = task }
    }

    func waitUntilReady(timeout: Duration) async throws(KafkaClientError) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !isReady {
            if let error = failure.withLock({ $0 }) { throw error }
            if clock.now >= deadline {
                throw KafkaClientError(.timeout, "the table of '\(topic)' did not catch up within \(timeout)", context: consumer.context("ktable.waitUntilReady", topic: topic))
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    func stop() async {
        let task = loop.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
        await consumer.close()
    }

    private func partitionsOfTopic(waitingUpTo timeout: Duration) async throws(KafkaClientError) -> [Int32] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let client = consumer.client
            let topic = self.topic
            let remaining = max(deadline - clock.now, .milliseconds(100))
            let metadata = try await Blocking.run { () throws(KafkaClientError) in
                try client.metadata(topic: topic, timeout: remaining, operation: "ktable.start")
            }
            if let found = metadata.topic(topic), !found.partitions.isEmpty {
                return found.partitions.map(\.id)
            }
            if clock.now >= deadline {
                throw KafkaClientError(.unknownTopic, "topic '\(topic)' does not exist", context: consumer.context("ktable.start", topic: topic), isRetriable: true)
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    private func run(targets: [Int32: Int64]) async {
        var pending = targets
        while !Task.isCancelled {
            let batch: [Result<Message<Key, Value>, KafkaClientError>]
            do {
                batch = try await consumer.pollBatch(maxMessages: 1000, timeout: .milliseconds(100))
            } catch {
                if error.kind == .closed { return }
                failure.withLock { $0 = error }
                logger.error("table of '\(topic)' stopped: \(error)")
                return
            }
            apply(batch)
            if !pending.isEmpty, let positions = try? consumer.positions() {
                for position in positions where position.offset >= 0 {
                    if let target = pending[position.partition], position.offset >= target {
                        pending[position.partition] = nil
                    }
                }
                if pending.isEmpty { markReady() }
            }
        }
    }

    private func apply(_ batch: [Result<Message<Key, Value>, KafkaClientError>]) {
        guard !batch.isEmpty else { return }
        var applied = 0, tombstones = 0, skipped = 0
        let size = store.withLock { store in
            for outcome in batch {
                switch outcome {
                case .success(let message):
                    guard let key = message.key else {
                        skipped += 1
                        continue
                    }
                    if let value = message.value {
                        store[key] = value
                    } else {
                        store[key] = nil
                        tombstones += 1
                    }
                    applied += 1
                case .failure(let error):
                    skipped += 1
                    logger.warning("table of '\(topic)' skipped a record: \(error.message)")
                }
            }
            return store.count
        }
        counters.withLock { stats in
            stats.recordsApplied += applied
            stats.tombstones += tombstones
            stats.recordsSkipped += skipped
            stats.size = size
            if applied > 0 { stats.lastUpdate = Date() }
        }
    }

    private func markReady() {
        counters.withLock { $0.isReady = true }
    }
}
