/// Keywords of the dialect. Matching is case-insensitive; `Grammar/keywords.txt` is the reference and
/// a test keeps the two equal.
public enum Keyword {
    /// Cannot be used as an unquoted identifier.
    public static let reserved: Set<String> = [
        "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CREATE", "DESC", "DISTINCT", "DROP",
        "ELSE", "END", "EXISTS", "FALSE", "FROM", "FULL", "GROUP", "HAVING", "IN", "INNER", "INSERT",
        "INTERVAL", "INTO", "IS", "JOIN", "LEFT", "LIKE", "LIMIT", "NOT", "NULL", "ON", "OR", "ORDER",
        "OUTER", "OVER", "RIGHT", "SELECT", "THEN", "TRUE", "UNION", "WHEN", "WHERE", "WINDOW", "WITH",
        "WITHIN",
    ]

    /// Keywords only where the grammar expects them; elsewhere ordinary identifiers (so a column may be
    /// called `key`, `date` or `session`).
    public static let nonReserved: Set<String> = [
        "ARRAY", "BIGINT", "BOOLEAN", "CHANGES", "CURRENT", "DATE", "DAY", "DECIMAL", "DESCRIBE", "DOUBLE",
        "EMIT", "EXPLAIN", "FILTER", "FINAL", "FOLLOWING", "FUNCTIONS", "GRACE", "HOPPING", "HOUR", "INT",
        "INTEGER", "JOB", "JOBS", "KEY", "MAP", "MILLISECOND", "MINUTE", "PARTITION", "PAUSE", "PERIOD",
        "POSITION", "PRECEDING", "PRIMARY", "RANGE", "RESUME", "ROW", "ROWS", "SECOND", "SESSION", "SHOW",
        "SLIDING", "START", "STOP", "STREAM", "STREAMS", "STRING", "STRUCT", "TABLE", "TABLES", "TIMESTAMP",
        "TOPICS", "TUMBLING", "UNBOUNDED", "VARCHAR",
    ]

    /// The keyword a word spells (upper-cased), if any.
    public static func lookup(_ word: Substring) -> String? {
        let upper = word.uppercased()
        return reserved.contains(upper) || nonReserved.contains(upper) ? upper : nil
    }

    public static func isReserved(_ word: Substring) -> Bool {
        reserved.contains(word.uppercased())
    }
}
