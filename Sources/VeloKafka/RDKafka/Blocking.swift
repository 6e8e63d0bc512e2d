import Dispatch

/// Runs librdkafka calls that block (flush, commit, transactions, metadata, admin) on a Dispatch
/// thread, so that they never hold one of Swift concurrency's few cooperative threads.
enum Blocking {
    private static let queue = DispatchQueue(label: "velo-kafka-blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws(KafkaClientError) -> T) async throws(KafkaClientError) -> T {
        let result: Result<T, KafkaClientError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(KafkaClientError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    static func runNonThrowing<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
