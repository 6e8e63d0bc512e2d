import CoreMetrics
import Synchronization

/// The metrics VeloKafka records, through swift-metrics.
///
/// By default they go to the process-wide `MetricsSystem`; tests (or applications with several
/// metrics back ends) can route them to another factory with `use(_:)`.
public enum KafkaMetrics {
    /// Counter of errors by kind and severity.
    public static let errorsLabel = "velo_kafka_errors_total"

    private static let factory = Mutex<(any MetricsFactory)?>(nil)

    /// Sends VeloKafka's metrics to `factory` instead of the global `MetricsSystem`.
    public static func use(_ factory: any MetricsFactory) {
        self.factory.withLock { $0 = factory }
    }

    static func countError(_ error: KafkaClientError) {
        let dimensions = [("kind", error.kind.rawValue), ("severity", error.severity.rawValue)]
        if let factory = factory.withLock({ $0 }) {
            Counter(label: errorsLabel, dimensions: dimensions, factory: factory).increment()
        } else {
            Counter(label: errorsLabel, dimensions: dimensions).increment()
        }
    }
}
