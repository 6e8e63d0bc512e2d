import Foundation
import Testing
import VeloKafka
import VeloTestSupport

/// Input topics on the real broker for one test, named with a suffix of its own (a broker may be
/// reused across runs), and the SQL names that go with them.
struct KafkaData {
    let brokers: String
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let admin: KafkaAdmin

    init(brokers: String) throws {
        self.brokers = brokers
        admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers))
    }

    static let topicPrefix = "cli-e2e-"

    /// `cli-e2e-BASE-SUFFIX`.
    func topic(_ base: String) -> String { "\(Self.topicPrefix)\(base)-\(suffix)" }

    /// `BASE_SUFFIX`: a stream, table or job name of this test.
    func name(_ base: String) -> String { "\(base)_\(suffix)" }

    /// Creates `topic` and writes `{"id": n, "amount": n * 10}` for each n in `ids`.
    func produce(_ topic: String, ids: Range<Int>, partitions: Int32 = 1) async throws {
        try await TestTopics.produceIds(topic, ids: ids, partitions: partitions, brokers: brokers, admin: admin)
    }

    /// A script declaring `orders_SUFFIX` on `input` and one job `big_orders_SUFFIX` writing the orders
    /// over 500 to `output`.
    func ordersScript(input: String, output: String) -> String {
        """
        CREATE STREAM \(name("orders")) (id BIGINT, amount BIGINT) WITH ('topic' = '\(input)');
        -- @name: \(name("big_orders"))
        -- @description: orders over 500
        CREATE STREAM \(name("big")) WITH ('topic' = '\(output)') AS
        SELECT id, amount FROM \(name("orders")) WHERE amount > 500;
        """
    }

    /// Deletes every topic of this test: the inputs and whatever its jobs created.
    func cleanUp() async {
        guard let listed = try? await admin.listTopics() else { return }
        let mine = listed.map(\.name).filter { $0.hasPrefix(Self.topicPrefix) && $0.hasSuffix("-\(suffix)") }
        if !mine.isEmpty { try? await admin.deleteTopics(mine, ifExists: true) }
    }

    /// Runs `body` with a `KafkaData` of its own and cleans up afterwards, also when it failed.
    static func with(_ body: (KafkaData) async throws -> Void) async throws {
        let kafka = try KafkaData(brokers: try #require(Binaries.brokers))
        do {
            try await body(kafka)
        } catch {
            await kafka.cleanUp()
            throw error
        }
        await kafka.cleanUp()
    }
}
