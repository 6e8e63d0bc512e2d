import VeloCore
import VeloState

/// `f(…) OVER (PARTITION BY … ORDER BY … ROWS BETWEEN n PRECEDING AND CURRENT ROW)`: each output row
/// is its input row (key, timestamp, headers and origin pass through) followed by one value per call.
///
/// Rows of a partition are taken in arrival order. A row with a LEAD cannot be finished until the
/// partition's later rows arrive, so it waits in its partition and leaves when they do; when a bounded
/// input ends the waiting rows leave with the LEAD default, in arrival order, before `.end` goes on.
/// Within a partition output keeps arrival order; across partitions rows leave as they complete.
///
/// A partition keeps only what its calls read back — the last `max(preceding, LAG offset)` argument
/// values, running aggregates for unbounded frames, the rows waiting for a LEAD — but partitions are
/// never dropped: state grows with the number of distinct partition keys.
final class AnalyticNode: OperatorNode, StatefulOperator {
    let next: any OperatorNode
    let spec: AnalyticSpec
    let stateNamespace: String
    private let partitionBy: [Evaluator]
    private let functions: [AnalyticFunction]
    /// The largest LEAD offset: how many later rows a row waits for (0: rows leave at once).
    private let leadSpan: Int
    private let context: FunctionContext
    private let needsHeaders: Bool

    private var partitions: [[Value]: AnalyticPartition] = [:]
    /// Partitions changed since the last `drainChanges`, in the order they first changed.
    private var dirty: [AnalyticPartition] = []
    /// Arrival number of the next row (orders the rows flushed at the end across partitions).
    private var sequence: Int64 = 0
    private(set) var stateBytes = 0

    /// `arguments[i]` and `defaults[i]` are `spec.functions[i].argument` and `.defaultValue` compiled
    /// (nil when absent). `context` counts expression errors (a sum that overflows) and, when
    /// `needsHeaders`, is handed each record's headers before the evaluators run.
    init(id: Int, next: any OperatorNode, spec: AnalyticSpec, partitionBy: [Evaluator], arguments: [Evaluator?],
         defaults: [Evaluator?], context: FunctionContext = FunctionContext(), needsHeaders: Bool = false) {
        self.next = next
        self.spec = spec
        self.stateNamespace = "node\(id)"
        self.partitionBy = partitionBy
        self.functions = spec.functions.enumerated().map { i, call in
            AnalyticFunction(call: call, argument: i < arguments.count ? arguments[i] : nil,
                             defaultValue: i < defaults.count ? defaults[i] : nil)
        }
        self.leadSpan = functions.reduce(0) { $1.call.function == .lead ? max($0, $1.offset) : $0 }
        self.context = context
        self.needsHeaders = needsHeaders
    }

    func push(_ batch: [Record]) async throws {
        var output: [Record] = []
        output.reserveCapacity(leadSpan > 0 ? 0 : batch.count)
        let evaluation = context.evaluation
        for record in batch {
            if needsHeaders { context.headers = record.headers }
            let partition = self.partition(for: record)
            let before = partition.bytes
            partition.accept(record, sequence: sequence, functions: functions, leadSpan: leadSpan,
                             context: evaluation, output: &output)
            sequence += 1
            stateBytes += partition.bytes - before
            markDirty(partition)
        }
        if !output.isEmpty { try await next.push(output) }
    }

    func control(_ element: ControlElement) async throws {
        if case .end = element, leadSpan > 0 {
            var flushed: [AnalyticPartition.WaitingRow] = []
            for partition in partitions.values where !partition.waitingRows.isEmpty {
                let before = partition.bytes
                flushed.append(contentsOf: partition.flush())
                stateBytes += partition.bytes - before
                markDirty(partition)
            }
            flushed.sort { $0.sequence < $1.sequence }
            if !flushed.isEmpty { try await next.push(flushed.map(\.record)) }
        }
        try await next.control(element)
    }

    private func partition(for record: Record) -> AnalyticPartition {
        var key: [Value] = []
        key.reserveCapacity(partitionBy.count)
        for evaluator in partitionBy { key.append(evaluator(record)) }
        if let existing = partitions[key] { return existing }
        let created = AnalyticPartition(key: key, functions: functions)
        partitions[key] = created
        stateBytes += created.bytes
        return created
    }

    private func markDirty(_ partition: AnalyticPartition) {
        guard !partition.isDirty else { return }
        partition.isDirty = true
        dirty.append(partition)
    }

    // MARK: - StatefulOperator

    func drainChanges() -> [StateChange] {
        var changes: [StateChange] = []
        changes.reserveCapacity(dirty.count)
        var writer = StateWriter()
        for partition in dirty {
            partition.isDirty = false
            writer.removeAll()
            for value in partition.key { writer.write(value) }
            let key = writer.bytes
            changes.append(.put(key: key, value: AnalyticStateCodec.encode(partition)))
        }
        dirty.removeAll()
        return changes
    }

    func restore(_ entries: [[UInt8]: [UInt8]]) throws {
        var restored: [[Value]: AnalyticPartition] = [:]
        var bytes = 0
        var nextSequence: Int64 = 0
        for (keyBytes, valueBytes) in entries {
            var reader = StateReader(keyBytes)
            var key: [Value] = []
            while !reader.isAtEnd { key.append(try reader.readValue()) }
            guard key.count == partitionBy.count else {
                throw StateFormatError("a partition key of \(key.count) values; the query partitions by \(partitionBy.count)",
                                       offset: 0)
            }
            let partition = try AnalyticStateCodec.decode(valueBytes, key: key, functions: functions)
            restored[key] = partition
            bytes += partition.bytes
            for row in partition.waitingRows { nextSequence = max(nextSequence, row.sequence + 1) }
        }
        partitions = restored
        dirty.removeAll()
        stateBytes = bytes
        sequence = nextSequence
    }
}
