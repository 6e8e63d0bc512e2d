import VeloCore
import VeloState

/// A source of a running job: its reader, how its bytes become rows, where the rows go, and how far
/// it has handed records on (what the next checkpoint commits).
final class SourceRuntime {
    let spec: SourceSpec
    let reader: any MessageReader
    let decoder: RecordDecoder
    let downstream: any OperatorNode
    let deadLetters: DeadLetterQueue?
    unowned let runner: JobRunner
    /// Partition → next offset, for records already pushed (or dead-lettered, or skipped).
    private(set) var positions: Positions = [:]
    let sourceIndex: Int
    /// Partition → the first offset not yet in the restored state: records below it were folded in
    /// before the last checkpoint (Kafka's committed offset may lag the state by one commit).
    private var restoredPositions: [Int32: Int64] = [:]
    private var watermarks: SourceWatermark

    /// Windows downstream need watermarks; a job without them does not pay for tracking them.
    let tracksWatermark: Bool

    init(spec: SourceSpec, index: Int, reader: any MessageReader, decoder: RecordDecoder, downstream: any OperatorNode,
         deadLetters: DeadLetterQueue?, runner: JobRunner, tracksWatermark: Bool) {
        self.spec = spec
        self.tracksWatermark = tracksWatermark
        sourceIndex = index
        self.reader = reader
        self.decoder = decoder
        self.downstream = downstream
        self.deadLetters = deadLetters
        self.runner = runner
        watermarks = SourceWatermark(delay: spec.watermarkDelayMs ?? 0, idle: .milliseconds(spec.watermarkIdleMs ?? 10_000))
        watermarks.expect(reader.partitions, now: .now)
    }

    /// Continues from a checkpoint: the positions its state reflects.
    func restore(_ positions: [SourcePosition]) {
        for position in positions where position.source == sourceIndex {
            restoredPositions[position.partition] = position.nextOffset
            self.positions[position.partition] = position.nextOffset
        }
    }

    /// The checkpoint's view of this source.
    var sourcePositions: [SourcePosition] {
        positions.map { SourcePosition(source: sourceIndex, partition: $0.key, nextOffset: $0.value) }
    }

    /// The watermark after idle partitions are let go, when it moved since the last call (sent on as
    /// a control element between batches).
    func watermarkUpdate(now: ContinuousClock.Instant) -> Int64? {
        tracksWatermark ? watermarks.update(now: now) : nil
    }

    /// Rows of `messages`; a message that does not decode goes by the source's `errors` policy.
    func decode(_ messages: [BusMessage]) async throws -> [Record] {
        var records: [Record] = []
        records.reserveCapacity(messages.count)
        if tracksWatermark { watermarks.sawBatch(messages, now: ContinuousClock.now) }
        for message in messages {
            defer { positions[message.partition] = message.offset + 1 }
            if !restoredPositions.isEmpty, let restored = restoredPositions[message.partition] {
                if message.offset < restored { continue }
                restoredPositions[message.partition] = nil
            }
            do throws(DecodeError) {
                var record = try decoder.decode(message)
                record.origin = Record.Origin(source: sourceIndex, topic: message.topic, partition: message.partition, offset: message.offset)
                if tracksWatermark { record.watermark = watermarks.saw(record.timestamp, partition: message.partition) }
                records.append(record)
            } catch {
                let place = "\(spec.connector == .file ? "file" : "topic") \(message.topic) partition \(message.partition) offset \(message.offset)"
                switch spec.errors {
                case .fail:
                    throw JobError.badRecord("\(error.message) at \(place)")
                case .skip:
                    runner.badRecord(deadLettered: false)
                case .dlq:
                    guard let deadLetters else { throw JobError.badRecord("\(error.message) at \(place) (no dead-letter queue)") }
                    try await deadLetters.send(message, error: error.message)
                    runner.badRecord(deadLettered: true)
                }
            }
        }
        return records
    }
}

/// Why a message's bytes are not a row of its source.
struct DecodeError: Error {
    var message: String
}
