import Synchronization
import VeloCore

/// Topics in memory: partitions are arrays, groups keep committed positions. Deterministic, for the
/// fast test lane; semantics follow Kafka where jobs can tell (per-partition order, committed offsets,
/// earliest/latest start, end offsets for bounded reads).
public final class MemoryBus: MessageBus {
    private struct State {
        var topics: [String: [[BusMessage]]] = [:]
        var committed: [String: [String: Positions]] = [:]  // group → topic → positions
    }

    private let state = Mutex(State())
    /// Partitions of a topic created implicitly by a first write.
    public let defaultPartitions: Int

    public init(defaultPartitions: Int = 1) {
        self.defaultPartitions = defaultPartitions
    }

    public var address: String { "memory" }

    public func ensureTopic(_ topic: String, partitions: Int, replicas: Int) async throws {
        createTopic(topic, partitions: partitions)
    }

    public func createTopic(_ topic: String, partitions: Int) {
        state.withLock { state in
            if state.topics[topic] == nil { state.topics[topic] = Array(repeating: [], count: max(1, partitions)) }
        }
    }

    /// Appends a message (the test's producer); the partition is chosen by key hash like Kafka's.
    @discardableResult
    public func append(topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?, timestamp: Int64 = 0, headers: [Record.Header] = []) -> (Int32, Int64) {
        state.withLock { state in
            var partitions = state.topics[topic] ?? Array(repeating: [], count: defaultPartitions)
            let chosen = partition ?? Self.partition(for: key, count: partitions.count)
            let index = Int(chosen)
            let offset = Int64(partitions[index].count)
            partitions[index].append(BusMessage(topic: topic, partition: chosen, offset: offset, key: key, value: value, timestamp: timestamp, headers: headers))
            state.topics[topic] = partitions
            return (chosen, offset)
        }
    }

    /// Every message of a topic, partition by partition.
    public func messages(topic: String) -> [[BusMessage]] {
        state.withLock { $0.topics[topic] ?? [] }
    }

    public func topicNames() -> [String] {
        state.withLock { $0.topics.keys.sorted() }
    }

    static func partition(for key: [UInt8]?, count: Int) -> Int32 {
        guard let key, count > 1 else { return 0 }
        // FNV-1a: stable across runs (Swift's Hasher is seeded per process).
        var hash: UInt32 = 2_166_136_261
        for byte in key { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int32(hash % UInt32(count))
    }

    public func makeReader(topic: String, group: String, startAtEarliest: Bool, readToEnd: Bool, properties: [String: String]) async throws -> any MessageReader {
        let (start, end) = state.withLock { state -> (Positions, Positions) in
            let partitions = state.topics[topic] ?? []
            var start: Positions = [:]
            var end: Positions = [:]
            for (index, messages) in partitions.enumerated() {
                let partition = Int32(index)
                end[partition] = Int64(messages.count)
                start[partition] = state.committed[group]?[topic]?[partition] ?? (startAtEarliest ? 0 : Int64(messages.count))
            }
            return (start, end)
        }
        let reader = Reader(bus: self, topic: topic, group: group, positions: start, end: readToEnd ? end : nil)
        // A bounded read expects records only where there is something left to read.
        reader.partitions = end.keys.sorted().filter { !readToEnd || start[$0, default: 0] < end[$0, default: 0] }
        return reader
    }

    public func makeWriter(properties: [String: String]) async throws -> any MessageWriter {
        Writer(bus: self)
    }

    fileprivate func read(topic: String, from positions: Positions, max: Int) -> [BusMessage] {
        state.withLock { state in
            guard let partitions = state.topics[topic] else { return [] }
            var result: [BusMessage] = []
            for (index, messages) in partitions.enumerated() where result.count < max {
                let from = Int(positions[Int32(index)] ?? 0)
                guard from < messages.count else { continue }
                result += messages[from..<min(messages.count, from + max - result.count)]
            }
            return result
        }
    }

    fileprivate func commit(group: String, topic: String, positions: Positions) {
        state.withLock { state in
            state.committed[group, default: [:]][topic, default: [:]].merge(positions) { _, new in new }
        }
    }

    /// The positions a group has committed on a topic.
    public func committed(group: String, topic: String) -> Positions {
        state.withLock { $0.committed[group]?[topic] ?? [:] }
    }

    private final class Reader: MessageReader, @unchecked Sendable {
        let bus: MemoryBus
        let topic: String
        let group: String
        // Used by the one job task that owns the reader.
        var positions: Positions
        let end: Positions?
        var partitions: [Int32] = []

        init(bus: MemoryBus, topic: String, group: String, positions: Positions, end: Positions?) {
            self.bus = bus
            self.topic = topic
            self.group = group
            self.positions = positions
            self.end = end
        }

        var isDrained: Bool {
            guard let end else { return false }
            return end.allSatisfy { positions[$0.key, default: 0] >= $0.value }
        }

        func poll(max: Int, timeout: Duration) async throws -> [BusMessage] {
            var messages = bus.read(topic: topic, from: positions, max: max)
            if let end { messages.removeAll { $0.offset >= end[$0.partition, default: 0] } }
            for message in messages { positions[message.partition] = message.offset + 1 }
            if messages.isEmpty, !isDrained { try await Task.sleep(for: min(timeout, .milliseconds(5))) }
            return messages
        }

        func commit(_ positions: Positions) async throws {
            bus.commit(group: group, topic: topic, positions: positions)
        }

        var lag: Int64? {
            bus.messages(topic: topic).enumerated().reduce(0) { total, partition in
                total + max(0, Int64(partition.element.count) - positions[Int32(partition.offset), default: 0])
            }
        }

        func close() async {}
    }

    private final class Writer: MessageWriter, @unchecked Sendable {
        let bus: MemoryBus

        init(bus: MemoryBus) {
            self.bus = bus
        }

        func send(topic: String, key: [UInt8]?, value: [UInt8]?, headers: [Record.Header], timestamp: Int64?) async throws {
            bus.append(topic: topic, key: key, value: value, timestamp: timestamp ?? 0, headers: headers)
        }

        func flush() async throws {}
        func close() async {}
    }
}
