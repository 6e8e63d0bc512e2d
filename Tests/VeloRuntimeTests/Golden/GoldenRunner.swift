import Foundation
import VeloCore
import VeloPlanner
import VeloRuntime
import VeloSQL

/// Runs one golden file on a bus (memory or Kafka) and says how the output differs from what it
/// expects. Every Kafka source reads to the end it sees at the job's start, so runs are finite.
struct GoldenRunner {
    let file: GoldenFile
    let bus: any MessageBus

    struct Outcome {
        var mismatches: [String] = []
        /// What each expectation actually got (for update mode).
        var actual: [[GoldenFile.Message]] = []
    }

    func run() async throws -> Outcome {
        var outcome = Outcome()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("velo-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, content) in file.files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        for topic in file.topics {
            try await bus.ensureTopic(topic.name, partitions: topic.partitions, replicas: 1)
        }
        if !file.produced.isEmpty {
            let writer = try await bus.makeWriter(properties: [:])
            for (topic, _, message) in file.produced {
                try await writer.send(topic: topic, key: message.key.map { Array($0.utf8) }, value: message.bytes,
                                      headers: message.headers.map { Record.Header(name: $0.0, value: Array($0.1.utf8)) }, timestamp: nil)
            }
            try await writer.flush()
            await writer.close()
        }

        var planner = ScriptPlanner()
        let plan = planner.plan(source: file.sql)
        if !plan.errors.isEmpty {
            let rendered = DiagnosticRenderer(source: file.sql, fileName: file.path).render(plan.errors)
            if let expected = file.expectedError {
                if !rendered.contains(expected) { outcome.mismatches.append("expected an error containing '\(expected)', got:\n\(rendered)") }
            } else {
                outcome.mismatches.append("the SQL does not plan:\n\(rendered)")
            }
            return outcome
        }
        var options = JobOptions()
        options.readToEnd = true
        options.checkpointInterval = .milliseconds(200)
        options.groupPrefix = "golden-"
        options.console = { _ in }
        var failure: String?
        for job in plan.jobs {
            let runner = JobRunner(graph: job.graph.resolvingPaths(relativeTo: directory.path), bus: bus, options: options)
            do {
                try await runner.run()
            } catch {
                failure = "job \(job.name) failed: \(error)"
                break
            }
        }
        if let expected = file.expectedError {
            if failure?.contains(expected) != true {
                outcome.mismatches.append("expected a failure containing '\(expected)', got: \(failure ?? "success")")
            }
        } else if let failure {
            outcome.mismatches.append(failure)
        }

        for expectation in file.expectations {
            let actual: [GoldenFile.Message]
            switch expectation.target {
            case .topic(let topic):
                actual = try await read(topic: topic)
            case .file(let path):
                let text = (try? String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)) ?? ""
                actual = text.split(separator: "\n", omittingEmptySubsequences: true).map { GoldenFile.Message(value: String($0)) }
            }
            outcome.actual.append(actual)
            if let difference = compare(expected: expectation.messages, actual: actual, sorted: expectation.sorted) {
                outcome.mismatches.append("\(expectation.target): \(difference)")
            }
        }
        return outcome
    }

    private func read(topic: String) async throws -> [GoldenFile.Message] {
        let reader = try await bus.makeReader(topic: topic, group: "golden-check-\(UUID().uuidString)", startAtEarliest: true, readToEnd: true, properties: [:])
        defer { Task { await reader.close() } }
        var messages: [GoldenFile.Message] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while !reader.isDrained, ContinuousClock.now < deadline {
            for message in try await reader.poll(max: 1_000, timeout: .milliseconds(100)) {
                messages.append(GoldenFile.Message(
                    key: message.key.map { String(decoding: $0, as: UTF8.self) },
                    headers: message.headers.map { ($0.name, $0.value.map { String(decoding: $0, as: UTF8.self) } ?? "") },
                    value: message.value.map { String(decoding: $0, as: UTF8.self) }))
            }
        }
        return messages
    }

    /// Nil when equal. Values compare as JSON with every digit significant (whitespace and key
    /// spacing aside); keys compare when the expectation gives one; headers named in it must match.
    private func compare(expected: [GoldenFile.Message], actual: [GoldenFile.Message], sorted: Bool) -> String? {
        func canonical(_ message: GoldenFile.Message) -> String {
            guard let value = message.value else { return "null" }
            if let parsed = try? JSONReader.parse(value, numbers: .decimal) {
                return String(decoding: JSONWriter.encode(parsed), as: UTF8.self)
            }
            return value
        }
        func matches(_ expected: GoldenFile.Message, _ actual: GoldenFile.Message) -> Bool {
            if let key = expected.key, key != (actual.key ?? "null") { return false }
            // `*` alone: present, any value; `text*`: a value starting with text.
            func fits(_ actual: String, _ value: String) -> Bool {
                actual == value || value == "*" || (value.hasSuffix("*") && actual.hasPrefix(value.dropLast()))
            }
            for (name, value) in expected.headers where !actual.headers.contains(where: { $0.0 == name && fits($0.1, value) }) {
                return false
            }
            return canonical(expected) == canonical(actual)
        }
        func show(_ messages: [GoldenFile.Message]) -> String {
            messages.map { message in
                (message.key.map { "k=\($0) :: " } ?? "") + canonical(message)
            }.joined(separator: "\n    ")
        }
        if expected.count != actual.count {
            return "expected \(expected.count) messages, got \(actual.count):\n    \(show(actual))"
        }
        if sorted {
            var remaining = actual
            for message in expected {
                guard let index = remaining.firstIndex(where: { matches(message, $0) }) else {
                    return "no output matches \(show([message])); got:\n    \(show(actual))"
                }
                remaining.remove(at: index)
            }
            return nil
        }
        for (index, pair) in zip(expected, actual).enumerated() where !matches(pair.0, pair.1) {
            return "message \(index + 1): expected \(show([pair.0])), got \(show([pair.1]))\n  all output:\n    \(show(actual))"
        }
        return nil
    }
}
