import Logging

/// How a `KafkaConsumer` reads from Kafka. Each setting documents its default.
public struct ConsumerConfig: Sendable {
    public enum OffsetReset: String, Sendable {
        /// Start from the oldest retained record when the group has no committed offset.
        case earliest
        /// Start from the end (only new records).
        case latest
        /// Fail instead of guessing.
        case error
    }

    public enum IsolationLevel: String, Sendable {
        /// See only records of committed transactions (and non-transactional ones).
        case readCommitted = "read_committed"
        /// See every record, including those of open and aborted transactions.
        case readUncommitted = "read_uncommitted"
    }

    public var client: ClientOptions
    /// `group.id`. Needed for `subscribe` and commits; a consumer that only `assign`s may leave it unset
    /// (a private group id is then used, and nothing is committed unless asked).
    public var groupId: String?
    /// Default `.earliest`.
    public var autoOffsetReset: OffsetReset = .earliest
    /// Default `.readCommitted` (librdkafka's default too).
    public var isolationLevel: IsolationLevel = .readCommitted
    /// `enable.auto.commit`: commit consumed positions in the background every `autoCommitInterval`.
    /// Default `true`. Positions advance only for messages this consumer has returned to you.
    public var autoCommit: Bool = true
    /// `auto.commit.interval.ms`. Default 5 s.
    public var autoCommitInterval: Duration = .seconds(5)
    /// `session.timeout.ms`; default librdkafka's (45 s).
    public var sessionTimeout: Duration?
    /// `max.poll.interval.ms`; default librdkafka's (300 s).
    public var maxPollInterval: Duration?
    /// `partition.assignment.strategy`. Default `range,roundrobin` (eager rebalancing).
    public var assignmentStrategy: String = "range,roundrobin"
    /// Whether messages carry their headers. Default `true`; turn it off when headers are not used,
    /// which saves librdkafka a parse and an allocation per message.
    public var readHeaders: Bool = true
    /// Called synchronously on every assignment change, on the thread that polls: after partitions
    /// are assigned (seek here), and before they are revoked (commit here).
    public var onRebalance: (@Sendable (RebalanceEvent) -> Void)?
    /// Whether this consumer sees its rebalances (`onRebalance`, `rebalanceEvents`): that installs
    /// librdkafka's rebalance callback, which (un)assigns from the application's thread. Off,
    /// librdkafka assigns by itself — what a consumer that never looks at rebalances wants, and the
    /// path on which librdkafka 2.0's close cannot wait forever on the final revoke. Default on.
    public var observesRebalances: Bool = true

    public init(
        bootstrapServers: String,
        groupId: String? = nil,
        clientId: String? = nil,
        properties: [String: String] = [:],
        logger: Logger = Logger(label: "velo.kafka.consumer")
    ) {
        client = ClientOptions(bootstrapServers: bootstrapServers, clientId: clientId, properties: properties, logger: logger)
        self.groupId = groupId
    }

    public func groupId(_ value: String) -> Self { with { $0.groupId = value } }
    public func autoOffsetReset(_ value: OffsetReset) -> Self { with { $0.autoOffsetReset = value } }
    public func isolationLevel(_ value: IsolationLevel) -> Self { with { $0.isolationLevel = value } }
    public func autoCommit(_ value: Bool) -> Self { with { $0.autoCommit = value } }
    public func autoCommitInterval(_ value: Duration) -> Self { with { $0.autoCommitInterval = value } }
    public func sessionTimeout(_ value: Duration) -> Self { with { $0.sessionTimeout = value } }
    public func maxPollInterval(_ value: Duration) -> Self { with { $0.maxPollInterval = value } }
    public func assignmentStrategy(_ value: String) -> Self { with { $0.assignmentStrategy = value } }
    public func readHeaders(_ value: Bool) -> Self { with { $0.readHeaders = value } }
    public func onRebalance(_ handler: @escaping @Sendable (RebalanceEvent) -> Void) -> Self { with { $0.onRebalance = handler } }
    public func observesRebalances(_ value: Bool) -> Self { with { $0.observesRebalances = value } }
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
            "auto.offset.reset": autoOffsetReset.rawValue,
            "isolation.level": isolationLevel.rawValue,
            "enable.auto.commit": autoCommit ? "true" : "false",
            "auto.commit.interval.ms": autoCommitInterval.millisecondsText,
            "partition.assignment.strategy": assignmentStrategy,
            // Offsets are stored for exactly the messages handed to the application (see KafkaConsumer).
            "enable.auto.offset.store": "true",
        ]
        typed["group.id"] = groupId ?? "velo-unnamed-\(UInt64.random(in: 0...UInt64.max))"
        if let sessionTimeout { typed["session.timeout.ms"] = sessionTimeout.millisecondsText }
        if let maxPollInterval { typed["max.poll.interval.ms"] = maxPollInterval.millisecondsText }
        return client.merged(into: typed)
    }
}
