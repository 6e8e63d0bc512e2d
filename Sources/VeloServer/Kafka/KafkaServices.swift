import Logging
import VeloKafka

/// The server's own Kafka client (beside the jobs'): health checks, topic listings, deleting the
/// consumer groups of dropped jobs and finished queries. Absent when jobs run on the in-memory bus.
public struct KafkaServices: Sendable {
    public let brokers: String
    public let admin: KafkaAdmin

    public init(brokers: String, properties: [String: String] = [:]) throws {
        self.brokers = brokers
        admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers, properties: properties).operationTimeout(.seconds(10)))
    }
}

extension KafkaServices {
    /// Low and high watermarks of each partition, in partition order.
    func endOffsets(topic: String, partitions: [Int32]) async throws -> [(low: Int64, high: Int64)] {
        var offsets: [(low: Int64, high: Int64)] = []
        for partition in partitions.sorted() {
            offsets.append(try await admin.watermarks(topic: topic, partition: partition))
        }
        return offsets
    }
}

extension KafkaServices {
    /// Deletes consumer groups once they are empty. A closed static member stays in its group until
    /// its session times out (librdkafka does not send LeaveGroup for one), so the first attempts can
    /// find the group busy: retried every 2 s for up to 30 s. Returns whether every group went.
    @discardableResult
    func deleteGroupsWhenEmpty(_ groups: [String], logger: Logger) async -> Bool {
        guard !groups.isEmpty else { return true }
        let deadline = ContinuousClock.now + .seconds(30)
        var lastError = ""
        while !Task.isCancelled {
            do {
                try await admin.deleteConsumerGroups(groups, ifExists: true)
                return true
            } catch {
                lastError = "\(error)"
                guard lastError.contains("NON_EMPTY_GROUP"), ContinuousClock.now < deadline else { break }
                try? await Task.sleep(for: .seconds(2))
            }
        }
        if !Task.isCancelled {
            logger.warning("could not delete consumer groups", metadata: ["groups": "\(groups)", "error": "\(lastError)"])
        }
        return false
    }
}
