import Logging

/// Settings every client has. Raw `properties` go to librdkafka unchanged and win over the typed
/// settings, so any librdkafka property can be set; unknown ones are rejected when the client is built.
public struct ClientOptions: Sendable {
    /// `bootstrap.servers`, such as `127.0.0.1:9092`.
    public var bootstrapServers: String
    /// `client.id`; librdkafka's default is `rdkafka`.
    public var clientId: String?
    /// Raw librdkafka properties, applied last.
    public var properties: [String: String]
    /// Where librdkafka's log lines and the client's warnings go.
    public var logger: Logger

    public init(bootstrapServers: String, clientId: String? = nil, properties: [String: String] = [:], logger: Logger) {
        self.bootstrapServers = bootstrapServers
        self.clientId = clientId
        self.properties = properties
        self.logger = logger
    }

    func merged(into typed: [String: String]) -> [String: String] {
        var result = typed
        result["bootstrap.servers"] = bootstrapServers
        if let clientId { result["client.id"] = clientId }
        result.merge(properties) { _, raw in raw }
        return result
    }
}

extension Duration {
    var millisecondsText: String { String(milliseconds) }
}
