import VeloCore

/// One call of an analytic operator, ready to run: the plan's call with its compiled argument and default.
struct AnalyticFunction {
    let call: AnalyticCall
    let argument: Evaluator?
    let defaultValue: Evaluator?

    /// LAG/LEAD distance; a negative offset (the planner should reject it) counts as 0, the current row.
    var offset: Int { max(call.offset, 0) }

    /// What one partition keeps for this call between rows.
    func initialState() -> AnalyticFunctionState {
        switch call.function {
        case .rowNumber, .lead, .countRows:
            // Row counts come from the partition; LEAD's later rows fill the rows that wait for them.
            return .none
        case .lag:
            return .recent(ValueRing(capacity: offset))
        case .sum, .avg, .min, .max, .count:
            guard let preceding = call.preceding else { return .running(FrameAccumulator(function: call.function)) }
            return .recent(ValueRing(capacity: max(preceding, 0)))
        }
    }
}

/// A call's per-partition state.
enum AnalyticFunctionState {
    case none
    /// The argument of the last rows: LAG's `offset` of them, a bounded frame's `preceding`.
    case recent(ValueRing)
    /// An unbounded frame's running aggregate.
    case running(FrameAccumulator)
}
