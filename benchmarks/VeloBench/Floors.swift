import CKafkaBaseline
import Foundation

/// The floors the engine's rates are set against: the same records moved with no engine at all, so a
/// ratio says what the engine costs on top of reading and writing them.
enum Floor {
    /// Copies `input` to `output` line by line (getline/fputs, no parsing): the file→file floor.
    /// Returns the seconds it took; the file must hold exactly `records` lines.
    static func lineCopy(input: String, output: String, records: Int) throws -> Double {
        let started = ContinuousClock.now
        guard let source = fopen(input, "rb"), let target = fopen(output, "wb") else { throw BenchmarkFailure("cannot open \(input)") }
        defer {
            fclose(source)
            fclose(target)
        }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        var count = 0
        while getline(&line, &capacity, source) > 0 {
            if let line { fputs(line, target) }
            count += 1
        }
        free(line)
        fflush(target)
        guard count == records else { throw BenchmarkFailure("copy read \(count) lines") }
        return (ContinuousClock.now - started).inSeconds
    }

    /// Consumes `records` messages from `topic` and produces them to a new topic named after it (so the
    /// suite's topic clean-up deletes it too) with plain librdkafka calls: the Kafka→Kafka floor.
    /// Returns the seconds librdkafka measured.
    static func librdkafkaPipe(brokers: String, topic: String, records: Int) throws -> Double {
        let output = topic + "-floor-\(UUID().uuidString.prefix(4))"
        let group = "velo-bench-floor-\(UUID().uuidString.prefix(6))"
        let result = kafka_baseline_pipe(brokers, topic, output, group, Int64(records), 300)
        guard result.messages == Int64(records), result.failed == 0 else {
            let error = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw BenchmarkFailure("librdkafka pipe: \(result.messages) of \(records) (\(error))")
        }
        return result.seconds
    }
}
