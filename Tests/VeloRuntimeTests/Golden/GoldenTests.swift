import Foundation
import Testing
import VeloRuntime

/// Every `Tests/golden/**/*.vslt`, in the in-memory lane always, and against the real broker when
/// `KAFKA_BOOTSTRAP_SERVERS` is set (scripts/test.sh). `VELO_GOLDEN_UPDATE=1` rewrites the expect
/// blocks with what the memory lane produced (review the diff).
@Suite("Golden SQL")
struct GoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("golden")

    static func files() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".vslt") { files.append(path) }
        }
        return files.sorted()
    }

    @Test("in memory", .timeLimit(.minutes(1)), arguments: files())
    func memory(_ path: String) async throws {
        let file = try GoldenFile(path: Self.root.appendingPathComponent(path).path)
        let outcome = try await GoldenRunner(file: file, bus: MemoryBus()).run()
        if ProcessInfo.processInfo.environment["VELO_GOLDEN_UPDATE"] == "1" {
            try GoldenUpdater.rewrite(file, with: outcome.actual)
            return
        }
        #expect(outcome.mismatches.isEmpty, "\(path):\n\(outcome.mismatches.joined(separator: "\n"))")
    }

    @Test("against Kafka", .enabled(if: ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP_SERVERS"] != nil), .timeLimit(.minutes(1)), arguments: files())
    func kafka(_ path: String) async throws {
        let brokers = ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP_SERVERS"] ?? "127.0.0.1:9092"
        let file = try GoldenFile(path: Self.root.appendingPathComponent(path).path)
        let prefix = "golden-\(UUID().uuidString.prefix(8))-"
        let outcome = try await GoldenRunner(file: file, bus: PrefixedBus(base: try KafkaBus(brokers: brokers), prefix: prefix)).run()
        #expect(outcome.mismatches.isEmpty, "\(path) (Kafka):\n\(outcome.mismatches.joined(separator: "\n"))")
    }
}

/// Update mode: replaces each expect block's records with the actual output.
enum GoldenUpdater {
    static func rewrite(_ file: GoldenFile, with actual: [[GoldenFile.Message]]) throws {
        var lines = file.lines
        for (expectation, messages) in zip(file.expectations, actual).reversed() {
            let headerNames = Set(expectation.messages.flatMap { $0.headers.map(\.0) })
            let rendered = messages.map { message -> String in
                var attributes: [String] = []
                if let key = message.key, expectation.messages.contains(where: { $0.key != nil }) || expectation.messages.isEmpty { attributes.append("k=\(key)") }
                for (name, value) in message.headers where headerNames.contains(name) { attributes.append("h.\(name)=\(value.replacingOccurrences(of: " ", with: "_"))") }
                let value = message.value ?? "null"
                return attributes.isEmpty ? value : attributes.joined(separator: " ") + " :: " + value
            }
            lines.replaceSubrange(expectation.lines, with: rendered + [""])
        }
        try lines.joined(separator: "\n").write(toFile: file.path, atomically: true, encoding: .utf8)
    }
}
