import VeloCore

/// How aggregate groups are written into the state store: a format byte, then per group its key,
/// first-arrival sequence, window bounds and each accumulator's own encoding. The format byte lets a
/// newer binary read (or knowingly refuse) state an older one wrote.
enum AggregateStateCodec {
    static let format: UInt8 = 1

    static func encode(_ groups: [AggregateGroup]) -> [UInt8] {
        var writer = StateWriter()
        writer.writeCount(Int(format))
        writer.writeCount(groups.count)
        for group in groups {
            writer.writeCount(group.key.count)
            for value in group.key { writer.write(value) }
            writer.write(group.sequence)
            writer.write(group.start)
            writer.write(group.end)
            writer.writeCount(group.accumulators.count)
            for accumulator in group.accumulators { accumulator.encode(into: &writer) }
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8], factories: [AggregateFactory]) throws -> [AggregateGroup] {
        var reader = StateReader(bytes)
        let version = try reader.readCount()
        guard version == Int(format) else {
            throw StateFormatError("aggregate state format \(version) is not one this binary reads (it reads \(format))", offset: 0)
        }
        let count = try reader.readCount()
        var groups: [AggregateGroup] = []
        for _ in 0..<count {
            let width = try reader.readCount()
            var key: [Value] = []
            for _ in 0..<width { key.append(try reader.readValue()) }
            let sequence = try reader.readInt64()
            let start = try reader.readInt64()
            let end = try reader.readInt64()
            let accumulatorCount = try reader.readCount()
            guard accumulatorCount == factories.count else {
                throw StateFormatError("a group holds \(accumulatorCount) aggregates, the query has \(factories.count)", offset: 0)
            }
            var accumulators: [any AggregateAccumulator] = []
            for factory in factories { accumulators.append(try factory.decode(&reader)) }
            groups.append(AggregateGroup(key: key, accumulators: accumulators, sequence: sequence, start: start, end: end))
        }
        return groups
    }
}
