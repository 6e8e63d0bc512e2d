import VeloCore

/// One partition of an analytic operator: how many rows it has seen, what each call keeps of them,
/// and the rows waiting for a LEAD's later row. A class, so the operator updates it in place.
final class AnalyticPartition {
    let key: [Value]
    /// Rows seen so far (ROW_NUMBER of the last one).
    private(set) var rows: Int64
    private(set) var states: [AnalyticFunctionState]
    /// Output rows waiting for LEAD values, in arrival order: `waiting[waitingHead...]` (the head
    /// index makes popping O(1); the array is compacted now and then).
    private var waiting: [WaitingRow]
    private var waitingHead = 0
    /// Roughly the bytes held.
    private(set) var bytes: Int
    /// Changed since the last checkpoint drain.
    var isDirty = false

    /// An output row that waits until the partition has `leadSpan` more rows (or the input ends).
    struct WaitingRow {
        var record: Record
        /// Its position in the partition (0-based).
        var index: Int64
        /// Arrival order across the operator, so rows flushed at the end leave in arrival order.
        var sequence: Int64
    }

    convenience init(key: [Value], functions: [AnalyticFunction]) {
        self.init(key: key, rows: 0, states: functions.map { $0.initialState() }, waiting: [])
    }

    /// A restored partition.
    init(key: [Value], rows: Int64, states: [AnalyticFunctionState], waiting: [WaitingRow]) {
        self.key = key
        self.rows = rows
        self.states = states
        self.waiting = waiting
        bytes = 64 + key.reduce(0) { $0 + AnalyticValues.approximateBytes($1) }
        for state in states { bytes += Self.approximateBytes(state) }
        for row in waiting { bytes += AnalyticValues.approximateBytes(row.record) }
    }

    var waitingRows: ArraySlice<WaitingRow> { waiting[waitingHead...] }

    /// Takes one input row: computes every call's value and appends the output row to `output`, at
    /// once or, with a LEAD, when `leadSpan` more rows of the partition have arrived (rows that
    /// complete now are appended in arrival order).
    func accept(_ record: Record, sequence: Int64, functions: [AnalyticFunction], leadSpan: Int,
                context: EvaluationContext, output: inout [Record]) {
        let index = rows
        rows += 1
        var row = record
        row.values.reserveCapacity(record.values.count + functions.count)
        for (i, function) in functions.enumerated() {
            let argument = function.argument?(record) ?? .null
            let value = compute(i, function, argument: argument, record: record, context: context)
            row.values.append(AnalyticValues.conform(value, to: function.call.resultType, context: context))
            if function.call.function == .lead, function.offset > 0 {
                fillLead(i, of: functions.count, function: function, index: index, argument: argument, context: context)
            }
        }
        guard leadSpan > 0 else {
            output.append(row)
            return
        }
        bytes += AnalyticValues.approximateBytes(row)
        waiting.append(WaitingRow(record: row, index: index, sequence: sequence))
        // The oldest row is complete once `leadSpan` rows followed it; rows complete in arrival order.
        while waitingHead < waiting.count, waiting[waitingHead].index + Int64(leadSpan) <= index {
            output.append(popWaiting())
        }
        compactWaiting()
    }

    /// Removes the waiting rows (the input ended: their missing LEAD values keep the default).
    func flush() -> [WaitingRow] {
        let rows = Array(waiting[waitingHead...])
        for row in rows { bytes -= AnalyticValues.approximateBytes(row.record) }
        waiting.removeAll()
        waitingHead = 0
        return rows
    }

    // MARK: - Calls

    private func compute(_ i: Int, _ function: AnalyticFunction, argument: Value, record: Record,
                         context: EvaluationContext) -> Value {
        let call = function.call
        switch (call.function, states[i]) {
        case (.rowNumber, _):
            return .int(rows)
        case (.countRows, _):
            guard let preceding = call.preceding else { return .int(rows) }
            return .int(min(rows, Int64(max(preceding, 0)) + 1))
        case (.lead, _):
            // The default until the row `offset` later arrives and replaces it.
            if function.offset == 0 { return argument }
            return function.defaultValue?(record) ?? .null
        case (.lag, .recent(let ring)):
            let earlier = function.offset == 0 ? argument : ring.back(function.offset)
            remember(argument, in: ring)
            return earlier ?? function.defaultValue?(record) ?? .null
        case (_, .recent(let ring)):
            var frame = FrameAccumulator(function: call.function)
            for k in 0..<ring.count { frame.add(ring[k], context: context) }
            frame.add(argument, context: context)
            remember(argument, in: ring)
            return frame.result(as: call.resultType, context: context)
        case (_, .running(var accumulator)):
            bytes -= AnalyticValues.approximateBytes(accumulator.total)
            accumulator.add(argument, context: context)
            bytes += AnalyticValues.approximateBytes(accumulator.total)
            states[i] = .running(accumulator)
            return accumulator.result(as: call.resultType, context: context)
        case (_, .none):
            return .null
        }
    }

    private func remember(_ value: Value, in ring: ValueRing) {
        bytes += AnalyticValues.approximateBytes(value)
        if let evicted = ring.append(value) { bytes -= AnalyticValues.approximateBytes(evicted) }
    }

    /// Gives the row `offset` rows before row `index` its LEAD value (call `i` of `count`).
    private func fillLead(_ i: Int, of count: Int, function: AnalyticFunction, index: Int64, argument: Value,
                          context: EvaluationContext) {
        guard waitingHead < waiting.count else { return }
        let position = waitingHead + Int(index - Int64(function.offset) - waiting[waitingHead].index)
        guard position >= waitingHead, position < waiting.count else { return }
        let slot = waiting[position].record.values.count - count + i
        let value = AnalyticValues.conform(argument, to: function.call.resultType, context: context)
        bytes += AnalyticValues.approximateBytes(value) - AnalyticValues.approximateBytes(waiting[position].record.values[slot])
        waiting[position].record.values[slot] = value
    }

    private func popWaiting() -> Record {
        let record = waiting[waitingHead].record
        bytes -= AnalyticValues.approximateBytes(record)
        waitingHead += 1
        return record
    }

    private func compactWaiting() {
        if waitingHead == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
        } else if waitingHead >= 64, waitingHead * 2 >= waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
    }

    private static func approximateBytes(_ state: AnalyticFunctionState) -> Int {
        switch state {
        case .none: 8
        case .recent(let ring): (0..<ring.count).reduce(32) { $0 + AnalyticValues.approximateBytes(ring[$1]) }
        case .running(let accumulator): 32 + AnalyticValues.approximateBytes(accumulator.total)
        }
    }
}
