import VeloCore

/// The running state of one aggregate call for one group (and window). The aggregate operator feeds
/// it one argument value per row — NULLs included, each aggregate ignores them as SQL says — and asks
/// for the result when it emits. Session windows merge accumulators when a record bridges two sessions.
protocol AggregateAccumulator: AnyObject {
    /// Folds one row. `value` is the first argument (`.null` for `COUNT(*)`, which counts rows);
    /// `time` is the row's event time (FIRST_VALUE/LAST_VALUE keep the earliest/latest by it).
    func add(_ value: Value, time: Int64)
    /// Folds `other` (the same aggregate, another group part: a merged session) into this one.
    func merge(_ other: any AggregateAccumulator)
    /// The aggregate's value now (cheap for everything but MEDIAN/PERCENTILE_CONT, which sort).
    var result: Value { get }
    /// The state, for checkpoints; `AggregateFactory.decode` reads it back.
    func encode(into writer: inout StateWriter)
    /// Roughly how many bytes it holds.
    var approximateBytes: Int { get }
}
