import CRdKafka
import Logging
import Synchronization

/// State shared between one librdkafka handle and the C callbacks it calls (logs, errors, delivery
/// reports, rebalances). librdkafka hands it back to the callbacks through the configuration opaque,
/// unretained: the owning `RDKafkaClient` keeps it alive until after `rd_kafka_destroy` returns, so
/// no callback can see it freed.
final class RDKafkaClientState: Sendable {
    let logger: Logger
    let brokers: String
    /// Set when librdkafka reports that every broker is down; cleared when a broker answers again.
    let brokersDown = Atomic<Bool>(false)
    private let lastErrorStorage = Mutex<KafkaClientError?>(nil)
    /// Producer only: matches delivery reports to the calls waiting for them.
    let delivery: DeliveryTracker?
    /// Consumer only: applies and publishes partition assignments.
    let rebalance: RebalanceHandler?

    init(logger: Logger, brokers: String, delivery: DeliveryTracker? = nil, rebalance: RebalanceHandler? = nil) {
        self.logger = logger
        self.brokers = brokers
        self.delivery = delivery
        self.rebalance = rebalance
    }

    var lastError: KafkaClientError? { lastErrorStorage.withLock { $0 } }

    var areBrokersDown: Bool { brokersDown.load(ordering: .relaxed) }

    func brokerAnswered() {
        brokersDown.store(false, ordering: .relaxed)
    }

    /// Called from librdkafka's error callback (client-level errors, not per message).
    func record(errorCode code: rd_kafka_resp_err_t, reason: String) {
        if code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            brokersDown.store(true, ordering: .relaxed)
        }
        let error = RDKafkaErrorMapping.error(
            code: code,
            message: reason,
            context: ErrorContext(operation: "client.background", brokers: brokers),
            brokersDown: areBrokersDown
        )
        lastErrorStorage.withLock { $0 = error }
        logger.warning("librdkafka: \(reason)", metadata: ["code": "\(RDKafkaErrorMapping.name(code))"])
    }

    func context(_ operation: String, topic: String? = nil, partition: Int32? = nil, offset: Int64? = nil) -> ErrorContext {
        ErrorContext(operation: operation, topic: topic, partition: partition, offset: offset, brokers: brokers)
    }

    /// The opaque pointer given to librdkafka; see the type's comment for why unretained is sound.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaClientState? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaClientState>.fromOpaque(opaque).takeUnretainedValue()
    }
}
