import CRdKafka

/// librdkafka's built-in mock cluster: several in-process brokers speaking the Kafka protocol, for
/// fault-injection tests (a broker down, a leader moved, request errors). Point clients at
/// `bootstrapServers`. Not for throughput or exactly-once checks: it keeps only a few MiB per
/// partition and does not hide aborted transactions from `read_committed` consumers.
///
/// `@unchecked Sendable` is sound: the cluster pointer is immutable, librdkafka's mock API locks
/// internally, and the cluster is destroyed once, in `deinit`, before its host handle.
public final class MockKafkaCluster: @unchecked Sendable {
    private let host: RDKafkaClient
    private let cluster: OpaquePointer
    public let brokerCount: Int
    public let bootstrapServers: String

    public init(brokers: Int = 3) throws(KafkaClientError) {
        let state = RDKafkaClientState(logger: .init(label: "velo.kafka.mock"), brokers: "mock")
        host = try RDKafkaClient(role: .producer, properties: ["log_level": "3"], state: state, operation: "mock.create")
        guard let cluster = rd_kafka_mock_cluster_new(host.handle, Int32(clamping: brokers)) else {
            throw KafkaClientError(.configuration, "could not start a mock cluster of \(brokers) brokers", context: ErrorContext(operation: "mock.create"))
        }
        self.cluster = cluster
        brokerCount = brokers
        bootstrapServers = RDKafkaStrings.string(rd_kafka_mock_cluster_bootstraps(cluster)) ?? ""
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }

    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32) throws(KafkaClientError) {
        try check(rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor), "mock.createTopic", topic: name)
    }

    /// Takes a broker down: its connections close and it accepts none until `setBrokerUp`.
    public func setBrokerDown(_ brokerId: Int32) throws(KafkaClientError) {
        try check(rd_kafka_mock_broker_set_down(cluster, brokerId), "mock.setBrokerDown")
    }

    public func setBrokerUp(_ brokerId: Int32) throws(KafkaClientError) {
        try check(rd_kafka_mock_broker_set_up(cluster, brokerId), "mock.setBrokerUp")
    }

    /// Moves a partition's leadership, as a controller's leader election would.
    public func setPartitionLeader(topic: String, partition: Int32, brokerId: Int32) throws(KafkaClientError) {
        try check(rd_kafka_mock_partition_set_leader(cluster, topic, partition, brokerId), "mock.setPartitionLeader", topic: topic)
    }

    /// Makes a broker the group or transaction coordinator for `key` (`type` is `group` or `transaction`).
    public func setCoordinator(type: String, key: String, brokerId: Int32) throws(KafkaClientError) {
        try check(rd_kafka_mock_coordinator_set(cluster, type, key, brokerId), "mock.setCoordinator")
    }

    private func check(_ code: rd_kafka_resp_err_t, _ operation: String, topic: String? = nil) throws(KafkaClientError) {
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        throw RDKafkaErrorMapping.error(code: code, context: ErrorContext(operation: operation, topic: topic, brokers: bootstrapServers))
    }
}
