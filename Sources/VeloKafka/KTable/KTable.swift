/// A materialised view of a topic: the latest value of every key, kept current as records arrive.
/// A record with a null value (a tombstone) deletes its key. Meant for compacted topics.
///
/// ```swift
/// let prices = KTable(topic: "prices", config: ConsumerConfig(bootstrapServers: brokers),
///                     keyDeserializer: StringSerde(), valueDeserializer: JSONSerde<Price>())
/// try await prices.start()          // returns once caught up with the topic
/// let price = prices.get("AAPL")
/// let cheap = prices.filter { _, price in price.value < 10 }.mapValues(\.value)
/// ```
///
/// `mapValues` and `filter` give views over the same materialised data: they start, stop and count
/// with the table they came from.
public final class KTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let lifecycle: any KTableLifecycle
    private let lookup: @Sendable (Key) -> Value?
    private let all: @Sendable () -> [Key: Value]

    /// A table over `topic`. The consumer reads by assignment from the beginning and never commits;
    /// `config.groupId` may stay unset.
    public init(
        topic: String,
        config: ConsumerConfig,
        keyDeserializer: some Deserializer<Key>,
        valueDeserializer: some Deserializer<Value>
    ) throws(KafkaClientError) {
        let consumer = try KafkaConsumer(
            config: config.autoCommit(false).autoOffsetReset(.earliest),
            keyDeserializer: keyDeserializer,
            valueDeserializer: valueDeserializer
        )
        let materializer = KTableMaterializer(topic: topic, consumer: consumer)
        lifecycle = materializer
        lookup = { materializer.get($0) }
        all = { materializer.snapshot() }
    }

    private init(lifecycle: any KTableLifecycle, lookup: @escaping @Sendable (Key) -> Value?, all: @escaping @Sendable () -> [Key: Value]) {
        self.lifecycle = lifecycle
        self.lookup = lookup
        self.all = all
    }

    /// Starts reading and, when `waitUntilReady` (the default), returns once the table holds every
    /// record the topic had when it started. Fails when the topic does not appear or the table does
    /// not catch up within `timeout`.
    public func start(waitUntilReady: Bool = true, timeout: Duration = .seconds(30)) async throws(KafkaClientError) {
        try await lifecycle.start(metadataTimeout: timeout)
        if waitUntilReady { try await lifecycle.waitUntilReady(timeout: timeout) }
    }

    public func waitUntilReady(timeout: Duration = .seconds(30)) async throws(KafkaClientError) {
        try await lifecycle.waitUntilReady(timeout: timeout)
    }

    public func stop() async { await lifecycle.stop() }

    public var isReady: Bool { lifecycle.isReady }

    /// The latest value of `key`, or nil when it has none (or was deleted).
    public func get(_ key: Key) -> Value? { lookup(key) }

    public subscript(key: Key) -> Value? { lookup(key) }

    /// A copy of the whole table.
    public func snapshot() -> [Key: Value] { all() }

    /// Counters of the underlying table; `size` is this view's own size.
    public var stats: KTableStats {
        var stats = lifecycle.stats
        stats.size = all().count
        return stats
    }

    /// A view whose values are `transform`ed on read.
    public func mapValues<NewValue: Sendable>(_ transform: @escaping @Sendable (Value) -> NewValue) -> KTable<Key, NewValue> {
        let lookup = self.lookup
        let all = self.all
        return KTable<Key, NewValue>(
            lifecycle: lifecycle,
            lookup: { key in lookup(key).map(transform) },
            all: { all().mapValues(transform) }
        )
    }

    /// A view holding only the entries for which `isIncluded` is true.
    public func filter(_ isIncluded: @escaping @Sendable (Key, Value) -> Bool) -> KTable<Key, Value> {
        let lookup = self.lookup
        let all = self.all
        return KTable(
            lifecycle: lifecycle,
            lookup: { key in lookup(key).flatMap { isIncluded(key, $0) ? $0 : nil } },
            all: { all().filter { isIncluded($0.key, $0.value) } }
        )
    }
}

/// What a table view needs of the table that materialises it.
protocol KTableLifecycle: Sendable {
    var isReady: Bool { get }
    var stats: KTableStats { get }
    func start(metadataTimeout: Duration) async throws(KafkaClientError)
    func waitUntilReady(timeout: Duration) async throws(KafkaClientError)
    func stop() async
}

extension KTableMaterializer: KTableLifecycle {}
