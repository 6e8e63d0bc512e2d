#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VeloCore

/// The end of a job's graph: encodes rows and writes them to a Kafka topic (through the bus), a file
/// or the console. Kafka writes are queued and confirmed at each barrier (`flush`).
final class SinkNode: OperatorNode {
    let spec: SinkSpec
    let encoder: RecordEncoder
    private let writer: (any MessageWriter)?
    private let file: FileLineWriter?
    private let console: (@Sendable (String) -> Void)?
    unowned let runner: JobRunner

    init(spec: SinkSpec, schema: Schema, bus: any MessageBus, runner: JobRunner, options: JobOptions) async throws {
        self.spec = spec
        self.runner = runner
        encoder = RecordEncoder(schema: schema, format: spec.connector == .console ? .json : spec.format, keyColumn: spec.keyColumn)
        switch spec.connector {
        case .kafka:
            do {
                try await bus.ensureTopic(spec.topic, partitions: spec.partitions, replicas: spec.replicas)
            } catch {
                throw JobError.bus("cannot create or find topic \(spec.topic) at \(bus.address): \(error)")
            }
            writer = try await bus.makeWriter(properties: spec.properties)
            file = nil
            console = nil
        case .file:
            let path = spec.path ?? spec.name
            let header = spec.format == .csv && !Self.fileHasContent(path)
            file = try FileLineWriter(path: path, append: true)
            if header, let line = encoder.header() { try file?.write(line) }
            writer = nil
            console = nil
        case .console:
            writer = nil
            file = nil
            console = options.console
        }
    }

    /// A CSV file gets its header only when it is new or empty (a restarted job appends).
    private static func fileHasContent(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_size > 0
    }

    func push(_ batch: [Record]) async throws {
        switch spec.connector {
        case .kafka:
            guard let writer else { return }
            for record in batch {
                let (key, value) = encoder.encode(record)
                // The output carries the row's event time, so a downstream job sees the same time.
                try await writer.send(topic: spec.topic, key: key, value: value, headers: record.headers, timestamp: record.timestamp > 0 ? record.timestamp : nil)
            }
        case .file:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(batch.count * 128)
            for record in batch {
                encoder.appendLine(record, to: &bytes)
            }
            try file?.write(bytes)
        case .console:
            for record in batch {
                var bytes: [UInt8] = []
                encoder.appendLine(record, to: &bytes)
                console?(String(decoding: bytes.dropLast(), as: UTF8.self))
            }
        }
        runner.recordsWritten(batch.count)
    }

    func control(_ element: ControlElement) async throws {
        switch element {
        case .barrier, .end:
            do {
                try await writer?.flush()
                try file?.flush()
            } catch let error as JobError {
                throw error
            } catch {
                throw JobError.sink("\(spec.connector == .kafka ? "topic " + spec.topic : spec.path ?? spec.name): \(error)")
            }
        case .watermark:
            break
        }
    }

    func close() async {
        await writer?.close()
        try? file?.flush()
    }
}
