import Foundation

/// The answer of a client's `healthCheck()`: can it reach the cluster, and how fast.
public struct HealthStatus: Sendable {
    public var isHealthy: Bool
    public var brokers: [ClusterMetadata.Broker]
    /// Round trip of the metadata request.
    public var latency: Duration
    /// Why the check failed, when it did.
    public var error: KafkaClientError?
    /// The last error librdkafka reported in the background (connection drops and the like).
    public var lastBackgroundError: KafkaClientError?
    public var checkedAt: Date

    static func check(client: RDKafkaClient, timeout: Duration, operation: String) async -> HealthStatus {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let metadata = try await Blocking.run { () throws(KafkaClientError) in
                try client.metadata(topic: nil, timeout: timeout, operation: operation)
            }
            return HealthStatus(
                isHealthy: !metadata.brokers.isEmpty,
                brokers: metadata.brokers,
                latency: clock.now - started,
                error: nil,
                lastBackgroundError: client.state.lastError,
                checkedAt: Date()
            )
        } catch {
            return HealthStatus(
                isHealthy: false,
                brokers: [],
                latency: clock.now - started,
                error: error,
                lastBackgroundError: client.state.lastError,
                checkedAt: Date()
            )
        }
    }
}
