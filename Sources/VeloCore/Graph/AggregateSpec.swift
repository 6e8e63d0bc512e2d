/// GROUP BY, with or without a window: what the planner hands the runtime's aggregate operator.
///
/// The operator's output row is the group key values, then — for a windowed aggregate —
/// `_window_start` and `_window_end` (epoch ms, TIMESTAMP), then one value per aggregate call. HAVING
/// and the SELECT list are separate filter and project nodes over that row.
public struct AggregateSpec: Sendable, Codable, Hashable {
    /// The GROUP BY expressions, over the input row.
    public var keys: [ScalarExpr]
    public var aggregates: [AggregateCall]
    public var window: WindowSpec?
    public var emit: EmitPolicy

    public init(keys: [ScalarExpr], aggregates: [AggregateCall], window: WindowSpec?, emit: EmitPolicy) {
        self.keys = keys
        self.aggregates = aggregates
        self.window = window
        self.emit = emit
    }

    /// Columns before the aggregates in the output row.
    public var keyCount: Int { keys.count }
}

/// When a stateful operator writes its rows.
public enum EmitPolicy: String, Sendable, Codable, Hashable {
    /// One row per input record, for the group (and window) that record changed.
    case changes
    /// One row per window and group when the window closes (the watermark passes end + grace); without
    /// a window, one row per group when every source is bounded and drained.
    case final
}

/// One aggregate of a GROUP BY query: `SUM(x)`, `COUNT(DISTINCT x)`, `AVG(x) FILTER (WHERE …)`.
public struct AggregateCall: Sendable, Codable, Hashable {
    public var function: AggregateFunction
    /// Over the input row. `COUNT(*)` has none; `PERCENTILE_CONT(x, p)` and `STRING_AGG(x, sep)` have
    /// two (the second a literal, checked by the planner).
    public var arguments: [ScalarExpr]
    /// `COUNT(DISTINCT x)`, `SUM(DISTINCT x)`: each distinct non-NULL value once.
    public var distinct: Bool
    /// `FILTER (WHERE …)`: only rows where this is TRUE are aggregated.
    public var filter: ScalarExpr?
    /// The type of the first argument (`.bigint` for `COUNT(*)`).
    public var inputType: SQLType
    /// The type of the result column.
    public var resultType: SQLType

    public init(function: AggregateFunction, arguments: [ScalarExpr], distinct: Bool = false, filter: ScalarExpr? = nil,
                inputType: SQLType, resultType: SQLType) {
        self.function = function
        self.arguments = arguments
        self.distinct = distinct
        self.filter = filter
        self.inputType = inputType
        self.resultType = resultType
    }
}

/// The aggregate functions the runtime implements (names as in SQL).
public enum AggregateFunction: String, Sendable, Codable, Hashable, CaseIterable {
    /// `COUNT(*)`: rows, NULLs included.
    case countRows = "COUNT(*)"
    /// `COUNT(x)`: non-NULL values.
    case count = "COUNT"
    /// `COUNT(DISTINCT x)` and `COUNT_DISTINCT(x)`.
    case countDistinct = "COUNT_DISTINCT"
    case approxCountDistinct = "APPROX_COUNT_DISTINCT"
    case sum = "SUM"
    case avg = "AVG"
    case min = "MIN"
    case max = "MAX"
    case firstValue = "FIRST_VALUE"
    case lastValue = "LAST_VALUE"
    case stddev = "STDDEV"
    case variance = "VARIANCE"
    case median = "MEDIAN"
    case percentileCont = "PERCENTILE_CONT"
    case stringAgg = "STRING_AGG"
}

/// `WINDOW TUMBLING | HOPPING | SESSION`, in milliseconds. Windows are epoch-aligned and half-open.
public struct WindowSpec: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// `[k·size, (k+1)·size)`.
        case tumbling
        /// Every `[k·advance, k·advance + size)` holding the record.
        case hopping
        /// Per group: events at most `size` (the gap) apart belong to one session.
        case session
    }

    public var kind: Kind
    /// The window length; the gap for a session.
    public var sizeMs: Int64
    /// Hopping only: the distance between window starts.
    public var advanceMs: Int64
    /// How long after its end a window still accepts records (`GRACE PERIOD`).
    public var graceMs: Int64
    /// The event time of a row: this expression (TIMESTAMP or epoch-ms BIGINT) over the input row, else
    /// the record's timestamp.
    public var time: ScalarExpr?

    public init(kind: Kind, sizeMs: Int64, advanceMs: Int64? = nil, graceMs: Int64 = 0, time: ScalarExpr? = nil) {
        self.kind = kind
        self.sizeMs = sizeMs
        self.advanceMs = advanceMs ?? sizeMs
        self.graceMs = graceMs
        self.time = time
    }
}
