import CRdKafka

/// Builds an `rd_kafka_conf_t` from string properties, rejecting unknown or invalid ones with
/// librdkafka's own message.
enum RDKafkaConfiguration {
    /// Returns a new configuration object owned by the caller (it passes to `rd_kafka_new`, which takes it
    /// on success; otherwise the caller destroys it).
    static func make(_ properties: [String: String], operation: String) throws(KafkaClientError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaClientError(.configuration, "rd_kafka_conf_new failed", context: ErrorContext(operation: operation))
        }
        for key in properties.keys.sorted() {
            let value = properties[key] ?? ""
            var errorText = [CChar](repeating: 0, count: 512)
            let result = rd_kafka_conf_set(conf, key, value, &errorText, errorText.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let detail = RDKafkaStrings.string(fromNulTerminated: errorText)
                throw KafkaClientError(
                    .configuration,
                    "invalid configuration property '\(key)' = '\(value)': \(detail)",
                    context: ErrorContext(
                        operation: operation,
                        brokers: properties["bootstrap.servers"],
                        metadata: ["property": key]
                    ),
                    isRetriable: false
                )
            }
        }
        return conf
    }
}
