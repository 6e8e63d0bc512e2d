import VeloCore
import VeloRuntime

/// A bus whose topic names carry a prefix, so golden files sharing one broker never see each other's
/// topics while their SQL says `orders`.
final class PrefixedBus: MessageBus {
    let base: any MessageBus
    let prefix: String

    init(base: any MessageBus, prefix: String) {
        self.base = base
        self.prefix = prefix
    }

    var address: String { base.address }

    func makeReader(topic: String, group: String, startAtEarliest: Bool, readToEnd: Bool, properties: [String: String]) async throws -> any MessageReader {
        try await base.makeReader(topic: prefix + topic, group: prefix + group, startAtEarliest: startAtEarliest, readToEnd: readToEnd, properties: properties)
    }

    func makeWriter(properties: [String: String]) async throws -> any MessageWriter {
        Writer(base: try await base.makeWriter(properties: properties), prefix: prefix)
    }

    func ensureTopic(_ topic: String, partitions: Int, replicas: Int) async throws {
        try await base.ensureTopic(prefix + topic, partitions: partitions, replicas: replicas)
    }

    private final class Writer: MessageWriter, @unchecked Sendable {
        let base: any MessageWriter
        let prefix: String

        init(base: any MessageWriter, prefix: String) {
            self.base = base
            self.prefix = prefix
        }

        func send(topic: String, key: [UInt8]?, value: [UInt8]?, headers: [Record.Header], timestamp: Int64?) async throws {
            try await base.send(topic: prefix + topic, key: key, value: value, headers: headers, timestamp: timestamp)
        }

        func flush() async throws { try await base.flush() }
        func close() async { await base.close() }
    }
}
