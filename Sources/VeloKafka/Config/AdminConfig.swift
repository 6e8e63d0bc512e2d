import Logging

/// How a `KafkaAdmin` reaches the cluster.
public struct AdminConfig: Sendable {
    public var client: ClientOptions
    /// How long each admin operation may take. Default 30 s.
    public var operationTimeout: Duration = .seconds(30)

    public init(
        bootstrapServers: String,
        clientId: String? = nil,
        properties: [String: String] = [:],
        logger: Logger = Logger(label: "velo.kafka.admin")
    ) {
        client = ClientOptions(bootstrapServers: bootstrapServers, clientId: clientId, properties: properties, logger: logger)
    }

    public func operationTimeout(_ value: Duration) -> Self {
        var copy = self
        copy.operationTimeout = value
        return copy
    }

    public func property(_ key: String, _ value: String) -> Self {
        var copy = self
        copy.client.properties[key] = value
        return copy
    }

    var librdkafkaProperties: [String: String] { client.merged(into: [:]) }
}
