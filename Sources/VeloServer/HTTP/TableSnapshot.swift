import Foundation
import VeloCore
import VeloRuntime

/// A pull query's input: a table's topic read to its end, keeping the latest value of each key (a
/// tombstone removes the key), laid into an in-memory bus. The query's filter and projection then
/// run over that snapshot, so a row is matched on its current version only, and the answer comes at
/// once.
enum TableSnapshot {
    /// The snapshot, and the consumer groups used to read it (for the caller to delete).
    static func read(topics: [String], from bus: any MessageBus) async throws -> (bus: MemoryBus, groups: [String]) {
        let snapshot = MemoryBus()
        var groups: [String] = []
        for topic in topics {
            let group = "velo-pull-" + UUID().uuidString.prefix(8).lowercased()
            groups.append(group)
            // Dynamic membership: the group is left on close and never used again.
            let reader = try await bus.makeReader(topic: topic, group: group, startAtEarliest: true, readToEnd: true,
                                                  properties: ["group.instance.id": ""])
            var latest: [[UInt8]: BusMessage] = [:]
            var order: [[UInt8]] = []
            do {
                while !reader.isDrained {
                    for message in try await reader.poll(max: 10_000, timeout: .milliseconds(100)) {
                        guard let key = message.key else { continue }  // a table row needs its key
                        if latest[key] == nil { order.append(key) }
                        latest[key] = message
                    }
                }
            } catch {
                await reader.close()
                throw error
            }
            await reader.close()
            snapshot.createTopic(topic, partitions: 1)
            for key in order {
                guard let message = latest[key], message.value != nil else { continue }
                _ = snapshot.append(topic: topic, partition: 0, key: message.key, value: message.value,
                                    timestamp: message.timestamp, headers: message.headers)
            }
        }
        return (snapshot, groups)
    }
}
