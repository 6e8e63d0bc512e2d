import VeloCore

/// A partition's checkpoint entry. Layout (StateWriter primitives), after a format version count:
/// rows (Int64) · per call a state tag (0 none, 1 recent values, 2 running aggregate) and its payload
/// (values: count then values oldest first; aggregate: Int64 count, Value total) · the waiting rows:
/// count, then per row its index and sequence (Int64), values (count, values), key (Bool present,
/// bytes), timestamp (Int64) and headers (count; name, Bool present, bytes). A waiting row's origin
/// is not kept: its source offset is covered by the checkpoint that holds the row.
enum AnalyticStateCodec {
    static let version = 1

    private enum Tag {
        static let none = 0
        static let recent = 1
        static let running = 2
    }

    static func encode(_ partition: AnalyticPartition) -> [UInt8] {
        var writer = StateWriter(reservingCapacity: max(partition.bytes, 64))
        writer.writeCount(version)
        writer.write(partition.rows)
        writer.writeCount(partition.states.count)
        for state in partition.states {
            switch state {
            case .none:
                writer.writeCount(Tag.none)
            case .recent(let ring):
                writer.writeCount(Tag.recent)
                writer.writeCount(ring.count)
                for k in 0..<ring.count { writer.write(ring[k]) }
            case .running(let accumulator):
                writer.writeCount(Tag.running)
                writer.write(accumulator.count)
                writer.write(accumulator.total)
            }
        }
        let waiting = partition.waitingRows
        writer.writeCount(waiting.count)
        for row in waiting {
            writer.write(row.index)
            writer.write(row.sequence)
            write(row.record, to: &writer)
        }
        return writer.bytes
    }

    /// The partition `bytes` describe, for the calls of `functions` (the running query's: state
    /// written for other calls is a format error, not something to guess at).
    static func decode(_ bytes: [UInt8], key: [Value], functions: [AnalyticFunction]) throws(StateFormatError) -> AnalyticPartition {
        var reader = StateReader(bytes)
        let start = reader.offset
        let format = try reader.readCount()
        guard format == version else {
            throw StateFormatError("analytic partition format \(format); this version reads \(version)", offset: start)
        }
        let rows = try reader.readInt64()
        let countOffset = reader.offset
        let stateCount = try reader.readCount()
        guard stateCount == functions.count else {
            throw StateFormatError("state for \(stateCount) analytic calls; the query has \(functions.count)", offset: countOffset)
        }
        var states: [AnalyticFunctionState] = []
        states.reserveCapacity(functions.count)
        for function in functions {
            let tagOffset = reader.offset
            let tag = try reader.readCount()
            let expected = function.initialState()
            switch (tag, expected) {
            case (Tag.none, .none):
                states.append(.none)
            case (Tag.recent, .recent(let ring)):
                let count = try reader.readCount()
                for _ in 0..<count { ring.append(try reader.readValue()) }
                states.append(.recent(ring))
            case (Tag.running, .running):
                let count = try reader.readInt64()
                let total = try reader.readValue()
                states.append(.running(FrameAccumulator(function: function.call.function, count: count, total: total)))
            default:
                throw StateFormatError("state tag \(tag) does not fit \(function.call.function.rawValue)", offset: tagOffset)
            }
        }
        let waitingCount = try reader.readCount()
        var waiting: [AnalyticPartition.WaitingRow] = []
        waiting.reserveCapacity(waitingCount)
        for _ in 0..<waitingCount {
            let index = try reader.readInt64()
            let sequence = try reader.readInt64()
            let record = try readRecord(&reader)
            waiting.append(AnalyticPartition.WaitingRow(record: record, index: index, sequence: sequence))
        }
        guard reader.isAtEnd else {
            throw StateFormatError("\(reader.remaining) bytes after an analytic partition", offset: reader.offset)
        }
        return AnalyticPartition(key: key, rows: rows, states: states, waiting: waiting)
    }

    private static func write(_ record: Record, to writer: inout StateWriter) {
        writer.writeCount(record.values.count)
        for value in record.values { writer.write(value) }
        writeOptional(record.key, to: &writer)
        writer.write(record.timestamp)
        writer.writeCount(record.headers.count)
        for header in record.headers {
            writer.write(header.name)
            writeOptional(header.value, to: &writer)
        }
    }

    private static func readRecord(_ reader: inout StateReader) throws(StateFormatError) -> Record {
        let valueCount = try reader.readCount()
        var values: [Value] = []
        values.reserveCapacity(valueCount)
        for _ in 0..<valueCount { values.append(try reader.readValue()) }
        let key = try readOptional(&reader)
        let timestamp = try reader.readInt64()
        let headerCount = try reader.readCount()
        var headers: [Record.Header] = []
        headers.reserveCapacity(headerCount)
        for _ in 0..<headerCount {
            let name = try reader.readString()
            headers.append(Record.Header(name: name, value: try readOptional(&reader)))
        }
        return Record(values: values, key: key, timestamp: timestamp, headers: headers)
    }

    private static func writeOptional(_ bytes: [UInt8]?, to writer: inout StateWriter) {
        writer.write(bytes != nil)
        if let bytes { writer.write(bytes) }
    }

    private static func readOptional(_ reader: inout StateReader) throws(StateFormatError) -> [UInt8]? {
        try reader.readBool() ? try reader.readBytes() : nil
    }
}
