/// Analytic (window) functions: `f(…) OVER (PARTITION BY … ORDER BY … ROWS BETWEEN n PRECEDING AND
/// CURRENT ROW)`. The operator's output row is its input row followed by one value per function.
///
/// Rows are taken in arrival order within each partition (the ORDER BY of a stream is its event order:
/// the planner accepts ORDER BY on the event time, or on a column it trusts the source to keep in order).
public struct AnalyticSpec: Sendable, Codable, Hashable {
    public var partitionBy: [ScalarExpr]
    public var functions: [AnalyticCall]

    public init(partitionBy: [ScalarExpr], functions: [AnalyticCall]) {
        self.partitionBy = partitionBy
        self.functions = functions
    }
}

public struct AnalyticCall: Sendable, Codable, Hashable {
    public enum Function: String, Sendable, Codable, Hashable {
        case rowNumber = "ROW_NUMBER"
        /// `LAG(x [, offset [, default]])`: the value `offset` rows before (default 1).
        case lag = "LAG"
        /// `LEAD(x [, offset [, default]])`: the value `offset` rows after; the row waits for it (or for
        /// the end of a bounded input, when the default is used).
        case lead = "LEAD"
        case sum = "SUM"
        case avg = "AVG"
        case min = "MIN"
        case max = "MAX"
        case count = "COUNT"
        /// `COUNT(*)` over the frame.
        case countRows = "COUNT(*)"
    }

    public var function: Function
    /// The value argument (none for ROW_NUMBER and COUNT(*)).
    public var argument: ScalarExpr?
    /// LAG/LEAD offset (default 1).
    public var offset: Int
    /// LAG/LEAD default when the row is missing (NULL if not given).
    public var defaultValue: ScalarExpr?
    /// Frame aggregates: rows before the current one in the frame (`ROWS BETWEEN n PRECEDING AND CURRENT
    /// ROW`); nil means every row of the partition so far (`UNBOUNDED PRECEDING`, the default).
    public var preceding: Int?
    public var resultType: SQLType

    public init(function: Function, argument: ScalarExpr? = nil, offset: Int = 1, defaultValue: ScalarExpr? = nil,
                preceding: Int? = nil, resultType: SQLType) {
        self.function = function
        self.argument = argument
        self.offset = offset
        self.defaultValue = defaultValue
        self.preceding = preceding
        self.resultType = resultType
    }
}
