import VeloCore

/// Where records that cannot be decoded or converted go under `errors = 'dlq'`: the original bytes,
/// unchanged, with headers naming the job, the error, and the source topic, partition and offset.
final class DeadLetterQueue {
    let topic: String
    let job: String
    private let writer: any MessageWriter
    private var prepared = false
    private let bus: any MessageBus

    init(topic: String, job: String, bus: any MessageBus, writer: any MessageWriter) {
        self.topic = topic
        self.job = job
        self.bus = bus
        self.writer = writer
    }

    func send(_ message: BusMessage, error: String) async throws {
        if !prepared {
            try await bus.ensureTopic(topic, partitions: 1, replicas: 1)
            prepared = true
        }
        var headers = message.headers
        headers.append(Record.Header(name: "velo.job", value: Array(job.utf8)))
        headers.append(Record.Header(name: "velo.error", value: Array(error.utf8)))
        headers.append(Record.Header(name: "velo.source.topic", value: Array(message.topic.utf8)))
        headers.append(Record.Header(name: "velo.source.partition", value: Array(String(message.partition).utf8)))
        headers.append(Record.Header(name: "velo.source.offset", value: Array(String(message.offset).utf8)))
        try await writer.send(topic: topic, key: message.key, value: message.value, headers: headers, timestamp: nil)
    }

    /// A row the job had already decoded but could not use (a late record): its JSON, the record's
    /// key and headers, and where it came from when known.
    func send(row value: [UInt8], key: [UInt8]?, of record: Record, error: String) async throws {
        if !prepared {
            try await bus.ensureTopic(topic, partitions: 1, replicas: 1)
            prepared = true
        }
        var headers = record.headers
        headers.append(Record.Header(name: "velo.job", value: Array(job.utf8)))
        headers.append(Record.Header(name: "velo.error", value: Array(error.utf8)))
        if let origin = record.origin {
            headers.append(Record.Header(name: "velo.source.topic", value: Array(origin.topic.utf8)))
            headers.append(Record.Header(name: "velo.source.partition", value: Array(String(origin.partition).utf8)))
            headers.append(Record.Header(name: "velo.source.offset", value: Array(String(origin.offset).utf8)))
        }
        try await writer.send(topic: topic, key: key, value: value, headers: headers, timestamp: record.timestamp)
    }

    func flush() async throws {
        try await writer.flush()
    }
}
