import VeloCore

/// The Kafka-shaped transport a job reads and writes: Kafka itself (`KafkaBus`, through VeloKafka),
/// or topics held in memory (`MemoryBus`) for the fast deterministic test lane. Jobs see only this.
public protocol MessageBus: Sendable {
    /// A reader of `topic` in consumer group `group`, starting where the group committed (else at the
    /// earliest or latest offset). With `readToEnd`, the reader drains at the end offsets it saw when it
    /// started (a bounded read).
    func makeReader(topic: String, group: String, startAtEarliest: Bool, readToEnd: Bool, properties: [String: String]) async throws -> any MessageReader
    func makeWriter(properties: [String: String]) async throws -> any MessageWriter
    /// Creates `topic` when it does not exist.
    func ensureTopic(_ topic: String, partitions: Int, replicas: Int) async throws
    /// Where the bus is, for error messages (`127.0.0.1:9092`, `memory`).
    var address: String { get }
}

public struct BusMessage: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    /// Epoch milliseconds.
    public var timestamp: Int64
    public var headers: [Record.Header]

    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?, timestamp: Int64, headers: [Record.Header]) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.headers = headers
    }
}

/// Partition → the next offset to read (what a commit stores).
public typealias Positions = [Int32: Int64]

public protocol MessageReader: AnyObject, Sendable {
    /// Up to `max` messages, waiting at most `timeout` for the first.
    func poll(max: Int, timeout: Duration) async throws -> [BusMessage]
    /// Stores `positions` as the group's committed offsets.
    func commit(_ positions: Positions) async throws
    /// True once a `readToEnd` reader has read everything up to the end it saw at start.
    var isDrained: Bool { get }
    /// Stops fetching until `resume`: a paused job keeps its place (and its consumer group membership).
    func pause() async throws
    func resume() async throws
    /// What a paused job calls instead of `poll`: keeps the reader alive (a Kafka consumer must poll
    /// to stay in its group) and returns nothing.
    func keepAlive(timeout: Duration) async throws
    /// Records between the reader's position and the end of its topic, when known.
    var lag: Int64? { get }
    /// The partitions expected to send records: each holds the source's watermark back until it
    /// sends one or goes idle, so a partition read later than another cannot find its windows closed.
    var partitions: [Int32] { get }
    func close() async
}

extension MessageReader {
    public func pause() async throws {}
    public func resume() async throws {}
    public func keepAlive(timeout: Duration) async throws {
        try await Task.sleep(for: timeout)
    }
    public var lag: Int64? { nil }
    public var partitions: [Int32] { [] }
}

public protocol MessageWriter: AnyObject, Sendable {
    /// Queues a message; `flush` waits until everything queued is delivered (or throws why not).
    /// `timestamp` (epoch ms) is the message's time; nil lets the client stamp it.
    func send(topic: String, key: [UInt8]?, value: [UInt8]?, headers: [Record.Header], timestamp: Int64?) async throws
    func flush() async throws
    func close() async
}
