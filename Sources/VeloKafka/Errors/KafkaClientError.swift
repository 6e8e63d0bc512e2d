/// Every error VeloKafka throws. `kind` says what went wrong, `severity` how bad it is, `context` where.
///
/// Each error is counted once, when it is created, in the metric `velo_kafka_errors_total`
/// (dimensions `kind` and `severity`; see `KafkaMetrics`).
public struct KafkaClientError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// No broker could be reached.
        case brokerUnavailable
        /// A connection to a broker failed or dropped.
        case connection
        /// An operation did not finish in time.
        case timeout
        /// A value could not be serialized before producing.
        case serialization
        /// A consumed record could not be decoded; `rawKey`/`rawValue` hold its bytes.
        case deserialization
        /// An unknown or invalid configuration property, or an invalid argument.
        case configuration
        /// Another producer with the same `transactional.id` took over; this one must be closed.
        case fenced
        /// A transaction could not proceed; see `requiresAbort` and `isRetriable`.
        case transaction
        case unknownTopic
        case topicAlreadyExists
        /// librdkafka's local queue is full and did not drain within the delivery timeout.
        case queueFull
        /// The client was closed.
        case closed
        /// Nothing arrived (informational).
        case noMessage
        /// Any other broker or client error; `code` and `codeName` say which.
        case kafka
    }

    public let kind: Kind
    public let message: String
    public let context: ErrorContext
    /// librdkafka's error code (`rd_kafka_resp_err_t`), when the error came from librdkafka.
    public let code: Int32?
    /// librdkafka's name for `code`, such as `_MSG_TIMED_OUT` or `TOPIC_ALREADY_EXISTS`.
    public let codeName: String?
    /// The undecodable key and value bytes of a `.deserialization` error.
    public let rawKey: [UInt8]?
    public let rawValue: [UInt8]?
    /// The same call may succeed when retried.
    public let isRetriable: Bool
    /// A transactional producer must abort the current transaction before going on.
    public let requiresAbort: Bool

    public init(
        _ kind: Kind,
        _ message: String,
        context: ErrorContext,
        code: Int32? = nil,
        codeName: String? = nil,
        rawKey: [UInt8]? = nil,
        rawValue: [UInt8]? = nil,
        isRetriable: Bool? = nil,
        requiresAbort: Bool = false
    ) {
        self.kind = kind
        self.message = message
        self.context = context
        self.code = code
        self.codeName = codeName
        self.rawKey = rawKey
        self.rawValue = rawValue
        self.isRetriable = isRetriable ?? [.timeout, .connection, .queueFull, .brokerUnavailable].contains(kind)
        self.requiresAbort = requiresAbort
        KafkaMetrics.countError(self)
    }

    public var severity: ErrorSeverity {
        switch kind {
        case .brokerUnavailable, .serialization, .deserialization, .configuration, .fenced, .closed:
            .critical
        case .timeout, .connection, .queueFull, .transaction, .unknownTopic, .topicAlreadyExists, .kafka:
            .warning
        case .noMessage:
            .info
        }
    }

    public var description: String {
        var text = "[\(severity)] \(kind.rawValue): \(message)"
        if let codeName { text += " (\(codeName))" }
        text += " {\(context)}"
        if let underlying = context.underlying { text += " caused by: \(underlying)" }
        return text
    }
}
