import CRdKafka

/// Topic administration: create, delete, list and describe topics.
public final class KafkaAdmin: Sendable {
    public let config: AdminConfig
    private let client: RDKafkaClient

    public init(config: AdminConfig) throws(KafkaClientError) {
        self.config = config
        let state = RDKafkaClientState(logger: config.client.logger, brokers: config.client.bootstrapServers)
        client = try RDKafkaClient(role: .producer, properties: config.librdkafkaProperties, state: state, operation: "admin.create")
    }

    /// Creates a topic. With `ifNotExists`, an existing topic is not an error.
    public func createTopic(
        _ name: String,
        partitions: Int32 = 1,
        replicationFactor: Int32 = 1,
        configs: [String: String] = [:],
        ifNotExists: Bool = false
    ) async throws(KafkaClientError) {
        try await createTopics([NewTopic(name, partitions: partitions, replicationFactor: replicationFactor, configs: configs)], ifNotExists: ifNotExists)
    }

    public func createTopics(_ topics: [NewTopic], ifNotExists: Bool = false) async throws(KafkaClientError) {
        let request = RDKafkaAdminRequest(client: client, timeout: config.operationTimeout, operation: "admin.createTopics")
        try await Blocking.run { () throws(KafkaClientError) in
            var specs: [OpaquePointer?] = []
            defer { for spec in specs { rd_kafka_NewTopic_destroy(spec) } }
            for topic in topics {
                var errorText = [CChar](repeating: 0, count: 512)
                guard let spec = rd_kafka_NewTopic_new(topic.name, topic.partitions, topic.replicationFactor, &errorText, errorText.count) else {
                    throw KafkaClientError(
                        .configuration,
                        "invalid topic '\(topic.name)': \(RDKafkaStrings.string(fromNulTerminated: errorText))",
                        context: request.client.state.context(request.operation, topic: topic.name),
                        isRetriable: false
                    )
                }
                specs.append(spec)
                for (key, value) in topic.configs.sorted(by: { $0.key < $1.key }) {
                    rd_kafka_NewTopic_set_config(spec, key, value)
                }
            }
            let event = try request.run(RD_KAFKA_ADMIN_OP_CREATETOPICS, topic: topics.first?.name) { options, queue in
                specs.withUnsafeMutableBufferPointer { buffer in
                    rd_kafka_CreateTopics(request.client.handle, buffer.baseAddress, buffer.count, options, queue)
                }
            }
            defer { rd_kafka_event_destroy(event) }
            var count = 0
            let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
            try request.checkTopicResults(results, count: count, ignoring: ifNotExists ? RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS : nil)
        }
    }

    /// Deletes a topic. With `ifExists`, a missing topic is not an error.
    public func deleteTopic(_ name: String, ifExists: Bool = false) async throws(KafkaClientError) {
        try await deleteTopics([name], ifExists: ifExists)
    }

    public func deleteTopics(_ names: [String], ifExists: Bool = false) async throws(KafkaClientError) {
        let request = RDKafkaAdminRequest(client: client, timeout: config.operationTimeout, operation: "admin.deleteTopics")
        try await Blocking.run { () throws(KafkaClientError) in
            var specs: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
            defer { for spec in specs { rd_kafka_DeleteTopic_destroy(spec) } }
            let event = try request.run(RD_KAFKA_ADMIN_OP_DELETETOPICS, topic: names.first) { options, queue in
                specs.withUnsafeMutableBufferPointer { buffer in
                    rd_kafka_DeleteTopics(request.client.handle, buffer.baseAddress, buffer.count, options, queue)
                }
            }
            defer { rd_kafka_event_destroy(event) }
            var count = 0
            let results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count)
            try request.checkTopicResults(results, count: count, ignoring: ifExists ? RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART : nil)
        }
    }

    /// Deletes consumer groups (a dropped job's, a finished transient query's). A group that does
    /// not exist, or still has members, is reported as the error; `ifExists` ignores missing ones.
    public func deleteConsumerGroups(_ groups: [String], ifExists: Bool = false) async throws(KafkaClientError) {
        guard !groups.isEmpty else { return }
        let request = RDKafkaAdminRequest(client: client, timeout: config.operationTimeout, operation: "admin.deleteConsumerGroups")
        try await Blocking.run { () throws(KafkaClientError) in
            var specs: [OpaquePointer?] = groups.map { rd_kafka_DeleteGroup_new($0) }
            defer { for spec in specs { rd_kafka_DeleteGroup_destroy(spec) } }
            let event = try request.run(RD_KAFKA_ADMIN_OP_DELETEGROUPS, topic: nil) { options, queue in
                specs.withUnsafeMutableBufferPointer { buffer in
                    rd_kafka_DeleteGroups(request.client.handle, buffer.baseAddress, buffer.count, options, queue)
                }
            }
            defer { rd_kafka_event_destroy(event) }
            var count = 0
            guard let results = rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event), &count) else { return }
            for index in 0..<count {
                guard let result = results[index], let error = rd_kafka_group_result_error(result) else { continue }
                let code = rd_kafka_error_code(error)
                if ifExists && (code == RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND || code == RD_KAFKA_RESP_ERR_NOT_COORDINATOR) { continue }
                let name = RDKafkaStrings.string(rd_kafka_group_result_name(result)) ?? "?"
                let text = RDKafkaStrings.string(rd_kafka_error_string(error)) ?? RDKafkaErrorMapping.text(code)
                throw RDKafkaErrorMapping.error(code: code, message: "\(request.operation) '\(name)': \(text)", context: request.client.state.context(request.operation))
            }
        }
    }

    /// The low (oldest retained) and high (next to be written) offsets of a partition.
    public func watermarks(topic: String, partition: Int32) async throws(KafkaClientError) -> (low: Int64, high: Int64) {
        let client = self.client
        let timeout = config.operationTimeout
        return try await Blocking.run { () throws(KafkaClientError) in
            try client.watermarks(topic: topic, partition: partition, timeout: timeout, operation: "admin.watermarks")
        }
    }

    /// Brokers and every topic.
    public func metadata(timeout: Duration? = nil) async throws(KafkaClientError) -> ClusterMetadata {
        let client = self.client
        let timeout = timeout ?? config.operationTimeout
        return try await Blocking.run { () throws(KafkaClientError) in
            try client.metadata(topic: nil, allTopics: true, timeout: timeout, operation: "admin.metadata")
        }
    }

    /// Every topic, sorted by name; internal ones (`__consumer_offsets` …) only when asked.
    public func listTopics(includeInternal: Bool = false) async throws(KafkaClientError) -> [ClusterMetadata.Topic] {
        try await metadata().topics
            .filter { includeInternal || !$0.name.hasPrefix("__") }
            .sorted { $0.name < $1.name }
    }

    /// A topic's partitions (leaders, replicas) and configuration. `.unknownTopic` when it does not exist.
    public func describeTopic(_ name: String) async throws(KafkaClientError) -> TopicDescription {
        let cluster = try await metadata()
        guard let topic = cluster.topic(name), topic.errorName == nil || !topic.partitions.isEmpty else {
            throw KafkaClientError(.unknownTopic, "topic '\(name)' does not exist", context: client.state.context("admin.describeTopic", topic: name), isRetriable: false)
        }
        let configs = try await describeConfigs(topic: name)
        return TopicDescription(name: name, partitions: topic.partitions, configs: configs)
    }

    private func describeConfigs(topic: String) async throws(KafkaClientError) -> [String: TopicDescription.ConfigEntry] {
        let request = RDKafkaAdminRequest(client: client, timeout: config.operationTimeout, operation: "admin.describeTopic")
        return try await Blocking.run { () throws(KafkaClientError) in
            var resources: [OpaquePointer?] = [rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)]
            defer { for resource in resources { rd_kafka_ConfigResource_destroy(resource) } }
            let event = try request.run(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, topic: topic) { options, queue in
                resources.withUnsafeMutableBufferPointer { buffer in
                    rd_kafka_DescribeConfigs(request.client.handle, buffer.baseAddress, buffer.count, options, queue)
                }
            }
            defer { rd_kafka_event_destroy(event) }
            var resourceCount = 0
            guard let results = rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event), &resourceCount),
                  resourceCount > 0, let resource = results[0]
            else { return [:] }
            let code = rd_kafka_ConfigResource_error(resource)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                let text = RDKafkaStrings.string(rd_kafka_ConfigResource_error_string(resource)) ?? RDKafkaErrorMapping.text(code)
                throw RDKafkaErrorMapping.error(code: code, message: "describe configs of '\(topic)': \(text)", context: request.client.state.context(request.operation, topic: topic))
            }
            var entryCount = 0
            var configs: [String: TopicDescription.ConfigEntry] = [:]
            guard let entries = rd_kafka_ConfigResource_configs(resource, &entryCount) else { return [:] }
            for index in 0..<entryCount {
                guard let entry = entries[index], let name = RDKafkaStrings.string(rd_kafka_ConfigEntry_name(entry)) else { continue }
                configs[name] = TopicDescription.ConfigEntry(
                    name: name,
                    value: RDKafkaStrings.string(rd_kafka_ConfigEntry_value(entry)),
                    isDefault: rd_kafka_ConfigEntry_is_default(entry) != 0,
                    isReadOnly: rd_kafka_ConfigEntry_is_read_only(entry) != 0,
                    isSensitive: rd_kafka_ConfigEntry_is_sensitive(entry) != 0
                )
            }
            return configs
        }
    }

    public func healthCheck(timeout: Duration = .seconds(5)) async -> HealthStatus {
        await HealthStatus.check(client: client, timeout: timeout, operation: "admin.healthCheck")
    }
}
