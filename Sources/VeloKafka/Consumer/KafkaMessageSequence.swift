/// A consumer's messages as an `AsyncSequence`. Iteration ends when the consumer is closed; it
/// throws on an undecodable record (a new iterator continues after it) or a fatal error.
public struct KafkaMessageSequence<Key: Sendable, Value: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Message<Key, Value>
    public typealias Failure = KafkaClientError

    let consumer: KafkaConsumer<Key, Value>

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(consumer: consumer) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer<Key, Value>

        public mutating func next() async throws(KafkaClientError) -> Message<Key, Value>? {
            try await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(KafkaClientError) -> Message<Key, Value>? {
            while !consumer.isClosed {
                if Task.isCancelled { return nil }
                if let message = try await consumer.poll(timeout: .milliseconds(200)) { return message }
            }
            return nil
        }
    }
}
