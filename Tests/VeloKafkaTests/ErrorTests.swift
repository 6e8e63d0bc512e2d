import Metrics
import MetricsTestKit
import Testing
import VeloKafka

@Suite("KafkaClientError", .serialized)
struct ErrorTests {
    @Test("severity follows the kind: critical for serialization and broker loss, warning for timeouts, info for no message")
    func severities() {
        let context = ErrorContext(operation: "test")
        let expected: [(KafkaClientError.Kind, ErrorSeverity)] = [
            (.brokerUnavailable, .critical), (.serialization, .critical), (.deserialization, .critical),
            (.configuration, .critical), (.fenced, .critical), (.closed, .critical),
            (.timeout, .warning), (.connection, .warning), (.queueFull, .warning), (.transaction, .warning),
            (.noMessage, .info),
        ]
        for (kind, severity) in expected {
            #expect(KafkaClientError(kind, "x", context: context).severity == severity, "\(kind)")
        }
        #expect(ErrorSeverity.info < .warning && ErrorSeverity.warning < .critical)
        #expect(KafkaClientError(.timeout, "x", context: context).isRetriable)
        #expect(!KafkaClientError(.serialization, "x", context: context).isRetriable)
    }

    @Test("the description names kind, operation, topic, partition, offset, brokers and the cause")
    func description() {
        let cause = KafkaClientError(.connection, "socket closed", context: ErrorContext(operation: "client.background"))
        let error = KafkaClientError(
            .deserialization, "bad JSON",
            context: ErrorContext(operation: "consumer.poll", topic: "orders", partition: 3, offset: 42, brokers: "b1:9092", metadata: ["groupId": "g"], underlying: cause),
            codeName: "_BAD_MSG")
        let text = error.description
        for part in ["critical", "deserialization", "bad JSON", "_BAD_MSG", "operation=consumer.poll", "topic=orders", "partition=3", "offset=42", "brokers=b1:9092", "groupId=g", "socket closed"] {
            #expect(text.contains(part), "\(part) missing from \(text)")
        }
        #expect(error.context.underlyingChain.count == 1)
        #expect(!error.context.correlationId.isEmpty)
        #expect(error.context.correlationId != cause.context.correlationId)
    }

    @Test("every error is counted by kind and severity through swift-metrics")
    func counted() throws {
        let metrics = TestMetrics()
        KafkaMetrics.use(metrics)
        // `.noMessage` is a kind the library itself never raises, so tests running in parallel
        // cannot disturb the count.
        _ = KafkaClientError(.noMessage, "nothing yet", context: ErrorContext(operation: "test"))
        _ = KafkaClientError(.noMessage, "still nothing", context: ErrorContext(operation: "test"))
        let counter = try metrics.expectCounter(KafkaMetrics.errorsLabel, [("kind", "noMessage"), ("severity", "info")])
        #expect(counter.totalValue == 2)
    }
}
