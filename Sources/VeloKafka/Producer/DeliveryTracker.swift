import CRdKafka
import Synchronization

/// Waits for the delivery reports of a group of records sent together.
final class DeliveryWaiter: Sendable {
    private struct State {
        var results: [Result<DeliveryReport, KafkaClientError>?]
        var remaining: Int
        var continuation: CheckedContinuation<[Result<DeliveryReport, KafkaClientError>], Never>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count, continuation: nil))
    }

    func fill(_ index: Int, _ result: Result<DeliveryReport, KafkaClientError>) {
        let resume = state.withLock { state -> (CheckedContinuation<[Result<DeliveryReport, KafkaClientError>], Never>, [Result<DeliveryReport, KafkaClientError>])? in
            guard state.results[index] == nil else { return nil }
            state.results[index] = result
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.results.compactMap { $0 })
        }
        if let (continuation, results) = resume { continuation.resume(returning: results) }
    }

    func wait() async -> [Result<DeliveryReport, KafkaClientError>] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [Result<DeliveryReport, KafkaClientError>]? in
                if state.remaining == 0 { return state.results.compactMap { $0 } }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// Matches librdkafka's delivery reports to the callers waiting for them, and keeps count.
///
/// Each awaited record carries a small integer id as its per-message opaque (never a pointer, so a
/// late report can never touch freed memory); records sent with `enqueue` carry none, and their
/// failures are kept until the next `flush` reports them.
final class DeliveryTracker: Sendable {
    private let nextId = Atomic<UInt>(1)
    private let pending = Mutex<[UInt: (waiter: DeliveryWaiter, index: Int, operation: String)]>([:])
    private let unreported = Mutex<(first: KafkaClientError?, count: Int)>((nil, 0))
    let delivered = Atomic<Int>(0)
    let failed = Atomic<Int>(0)

    /// `operation` names the caller's call (such as `producer.send`) in the error of a failed delivery.
    func register(_ waiter: DeliveryWaiter, index: Int, operation: String) -> UnsafeMutableRawPointer? {
        let id = nextId.add(1, ordering: .relaxed).oldValue
        pending.withLock { $0[id] = (waiter, index, operation) }
        return UnsafeMutableRawPointer(bitPattern: id)
    }

    /// Forgets a registration whose record librdkafka refused (it will never get a report).
    func cancel(_ opaque: UnsafeMutableRawPointer?) {
        guard let opaque else { return }
        _ = pending.withLock { $0.removeValue(forKey: UInt(bitPattern: opaque)) }
    }

    /// Called from the delivery-report callback on the producer's poll thread.
    func complete(_ pointer: UnsafePointer<rd_kafka_message_t>, state: RDKafkaClientState) {
        let message = pointer.pointee
        let opaque = message._private
        if message.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            delivered.add(1, ordering: .relaxed)
            if state.areBrokersDown { state.brokerAnswered() }
            guard let opaque, let entry = pending.withLock({ $0.removeValue(forKey: UInt(bitPattern: opaque)) }) else { return }
            var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
            let milliseconds = rd_kafka_message_timestamp(pointer, &type)
            let report = DeliveryReport(
                topic: RDKafkaStrings.string(rd_kafka_topic_name(message.rkt)) ?? "",
                partition: message.partition,
                offset: message.offset,
                timestamp: type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
                    ? nil
                    : MessageTimestamp(milliseconds: milliseconds, kind: type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? .logAppendTime : .createTime)
            )
            entry.waiter.fill(entry.index, .success(report))
            return
        }
        failed.add(1, ordering: .relaxed)
        let entry = opaque.flatMap { opaque in pending.withLock { $0.removeValue(forKey: UInt(bitPattern: opaque)) } }
        let error = RDKafkaErrorMapping.error(
            code: message.err,
            message: "delivery failed: \(RDKafkaErrorMapping.text(message.err))",
            context: state.context(
                entry?.operation ?? "producer.enqueue",
                topic: RDKafkaStrings.string(rd_kafka_topic_name(message.rkt)),
                partition: message.partition == RD_KAFKA_PARTITION_UA ? nil : message.partition
            ),
            brokersDown: state.areBrokersDown
        )
        if let entry {
            entry.waiter.fill(entry.index, .failure(error))
        } else {
            unreported.withLock { summary in
                summary.count += 1
                if summary.first == nil { summary.first = error }
            }
        }
    }

    /// Failures of `enqueue`d records since the last call.
    func takeUnreported() -> (first: KafkaClientError?, count: Int) {
        unreported.withLock { summary in
            defer { summary = (nil, 0) }
            return summary
        }
    }
}
