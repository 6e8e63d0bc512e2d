import Logging

/// How a `KafkaProducer` talks to Kafka. Each setting documents its default; use the builder methods
/// (`ProducerConfig(bootstrapServers:).acks(.all).lingerMs(10)`) or set the properties directly.
public struct ProducerConfig: Sendable {
    public enum Acks: String, Sendable {
        /// `acks=0`: do not wait for the broker.
        case none = "0"
        /// `acks=1`: the partition leader has the record.
        case leader = "1"
        /// `acks=all`: every in-sync replica has the record. Required by idempotence and transactions.
        case all = "all"
    }

    public enum Compression: String, Sendable {
        case none, gzip, snappy, lz4, zstd
    }

    public var client: ClientOptions
    /// Default `.all`.
    public var acks: Acks = .all
    /// `enable.idempotence`: no duplicates or reordering from retries. Default `true`.
    public var idempotence: Bool = true
    /// `transactional.id`; set it to use transactions. Default none.
    public var transactionalId: String?
    /// `batch.size` in bytes; default librdkafka's (1,000,000).
    public var batchSize: Int?
    /// `linger.ms`: how long to wait to fill a batch. Default 5 ms.
    public var lingerMs: Int = 5
    /// `compression.type`. Default none.
    public var compression: Compression = .none
    /// `request.timeout.ms`; default librdkafka's (30 s).
    public var requestTimeout: Duration?
    /// `message.timeout.ms`: a record not acknowledged within this time fails. Default 30 s.
    public var deliveryTimeout: Duration = .seconds(30)
    /// `transaction.timeout.ms`; default librdkafka's (60 s).
    public var transactionTimeout: Duration?

    public init(
        bootstrapServers: String,
        clientId: String? = nil,
        properties: [String: String] = [:],
        logger: Logger = Logger(label: "velo.kafka.producer")
    ) {
        client = ClientOptions(bootstrapServers: bootstrapServers, clientId: clientId, properties: properties, logger: logger)
    }

    public func acks(_ value: Acks) -> Self { with { $0.acks = value } }
    public func idempotence(_ value: Bool) -> Self { with { $0.idempotence = value } }
    public func transactional(id: String) -> Self { with { $0.transactionalId = id } }
    public func batchSize(_ bytes: Int) -> Self { with { $0.batchSize = bytes } }
    public func lingerMs(_ value: Int) -> Self { with { $0.lingerMs = value } }
    public func compression(_ value: Compression) -> Self { with { $0.compression = value } }
    public func requestTimeout(_ value: Duration) -> Self { with { $0.requestTimeout = value } }
    public func deliveryTimeout(_ value: Duration) -> Self { with { $0.deliveryTimeout = value } }
    public func transactionTimeout(_ value: Duration) -> Self { with { $0.transactionTimeout = value } }
    /// Sets any librdkafka property (raw properties win over typed settings).
    public func property(_ key: String, _ value: String) -> Self { with { $0.client.properties[key] = value } }
    public func logger(_ value: Logger) -> Self { with { $0.client.logger = value } }

    private func with(_ change: (inout Self) -> Void) -> Self {
        var copy = self
        change(&copy)
        return copy
    }

    /// The librdkafka properties this configuration stands for.
    public var librdkafkaProperties: [String: String] {
        var typed: [String: String] = [
            "acks": acks.rawValue,
            "enable.idempotence": idempotence || transactionalId != nil ? "true" : "false",
            "linger.ms": String(lingerMs),
            "compression.type": compression.rawValue,
            "message.timeout.ms": deliveryTimeout.millisecondsText,
        ]
        if let transactionalId { typed["transactional.id"] = transactionalId }
        if let batchSize { typed["batch.size"] = String(batchSize) }
        if let requestTimeout { typed["request.timeout.ms"] = requestTimeout.millisecondsText }
        if let transactionTimeout { typed["transaction.timeout.ms"] = transactionTimeout.millisecondsText }
        return client.merged(into: typed)
    }
}
