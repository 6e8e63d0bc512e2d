import CRdKafka
import Foundation
import Synchronization

/// Owns one `rd_kafka_t` handle and the thread that polls its main queue.
///
/// `@unchecked Sendable` is sound: the handle pointer is immutable after init, librdkafka documents
/// `rd_kafka_t` as safe to use from any thread, and the handle is destroyed only in `deinit`, when no
/// other reference (and so no other thread's call) can exist. The poll thread does not keep `self`
/// alive; `deinit` stops it and waits for it before destroying the handle.
final class RDKafkaClient: @unchecked Sendable {
    enum Role {
        case producer
        case consumer
    }

    let handle: OpaquePointer
    let state: RDKafkaClientState
    let role: Role
    private let pollLoop: PollLoop
    /// `rd_kafka_topic_t` handles by name, created once (producing by handle avoids a lookup per record).
    private let topicHandles = Mutex<[String: HandleReference]>([:])

    init(role: Role, properties: [String: String], state: RDKafkaClientState, operation: String) throws(KafkaClientError) {
        let conf = try RDKafkaConfiguration.make(properties, operation: operation)
        RDKafkaCallbacks.install(on: conf, state: state)
        var errorText = [CChar](repeating: 0, count: 512)
        let type = role == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaClientError(
                .configuration,
                RDKafkaStrings.string(fromNulTerminated: errorText),
                context: ErrorContext(operation: operation, brokers: state.brokers),
                isRetriable: false
            )
        }
        self.handle = handle
        self.state = state
        self.role = role
        // Every client gets a thread serving its main queue (logs, errors, delivery reports), so that
        // connection errors are seen even while nobody polls. A consumer's messages and rebalances stay
        // on its own queue, served by `rd_kafka_consumer_poll`.
        pollLoop = PollLoop(handle: HandleReference(handle))
    }

    deinit {
        pollLoop.stop()
        for topic in topicHandles.withLock({ $0.values }) {
            rd_kafka_topic_destroy(topic.pointer)
        }
        // A consumer whose close was skipped (fatal error) must not be closed again here: the close
        // would wait for a group it no longer belongs to.
        rd_kafka_destroy_flags(handle, skipConsumerClose.load(ordering: .relaxed) ? Int32(RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE) : 0)
    }

    /// Set when the consumer was left without `rd_kafka_consumer_close` (see `KafkaConsumer.close`).
    let skipConsumerClose = Atomic<Bool>(false)

    /// The client's fatal error (a fenced static member, a fenced transactional producer), if any.
    var fatalError: rd_kafka_resp_err_t? {
        let code = rd_kafka_fatal_error(handle, nil, 0)
        return code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : code
    }

    /// The topic handle for `name`, created on first use and kept until the client is destroyed.
    func topicHandle(_ name: String) -> OpaquePointer? {
        topicHandles.withLock { handles in
            if let existing = handles[name] { return existing.pointer }
            guard let created = rd_kafka_topic_new(handle, name, nil) else { return nil }
            handles[name] = HandleReference(created)
            return created
        }
    }

    /// Stops the background poll thread (a producer calls this after its final flush).
    func stopPolling() {
        pollLoop.stop()
    }

    /// Lists brokers and the topics asked for: one (`topic`), all (`allTopics`), or none (brokers only,
    /// the cheap request a health check needs). Fails with `.brokerUnavailable` when no broker answers
    /// within `timeout`.
    /// The low and high watermarks of a partition, asked of its leader (blocking: call it off the
    /// cooperative pool).
    func watermarks(topic: String, partition: Int32, timeout: Duration, operation: String) throws(KafkaClientError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let code = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, timeout.milliseconds)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw RDKafkaErrorMapping.error(code: code, message: "\(operation) failed: \(RDKafkaErrorMapping.text(code))",
                                            context: state.context(operation, topic: topic, partition: partition),
                                            brokersDown: state.areBrokersDown)
        }
        return (low, high)
    }

    func metadata(topic: String?, allTopics: Bool = false, timeout: Duration, operation: String) throws(KafkaClientError) -> ClusterMetadata {
        var topicHandle: OpaquePointer?
        if let topic {
            topicHandle = rd_kafka_topic_new(handle, topic, nil)
        }
        defer { if let topicHandle { rd_kafka_topic_destroy(topicHandle) } }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, allTopics && topic == nil ? 1 : 0, topicHandle, &metadata, timeout.milliseconds)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw RDKafkaErrorMapping.error(
                code: code,
                message: "metadata request failed: \(RDKafkaErrorMapping.text(code))",
                context: ErrorContext(
                    operation: operation,
                    topic: topic,
                    brokers: state.brokers,
                    metadata: ["timeoutMs": "\(timeout.milliseconds)"]
                ),
                brokersDown: true // no broker answered a metadata request
            )
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        state.brokerAnswered()
        return ClusterMetadata(metadata.pointee)
    }
}

/// A `Sendable` carrier for the handle pointer, for the poll thread (see `RDKafkaClient` for why).
struct HandleReference: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// A dedicated thread that serves a client's main-queue callbacks (delivery reports, errors, logs) by
/// calling `rd_kafka_poll` until stopped. A thread rather than a task: it sleeps between polls, which
/// must not hold one of Swift concurrency's cooperative threads.
final class PollLoop: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(handle: HandleReference) {
        // The thread retains this small object, never the client.
        let thread = Thread { [self] in
            // Poll without blocking, then sleep: a thread blocked inside `rd_kafka_poll` is woken (a
            // futex call) for every event librdkafka queues, which on a busy producer costs more than
            // the events themselves (measured: +9 % produce throughput). The sleep starts at 1 ms
            // and grows to 5 ms while idle, which bounds the delay it adds to a delivery report.
            var idleRounds: UInt32 = 0
            while !stopped.load(ordering: .acquiring) {
                if rd_kafka_poll(handle.pointer, 0) > 0 {
                    idleRounds = 0
                } else {
                    idleRounds = min(idleRounds + 1, 40)
                    usleep(1000 + 100 * idleRounds)
                }
            }
            finished.signal()
        }
        thread.name = "velo-kafka-poll"
        thread.start()
    }

    func stop() {
        if stopped.exchange(true, ordering: .acquiringAndReleasing) == false {
            finished.wait()
        }
    }
}

extension Duration {
    /// Whole milliseconds, clamped to librdkafka's `int` timeouts.
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}
