import VeloCore

/// Value helpers shared by the analytic operator's parts.
enum AnalyticValues {
    /// `value` as a value of `type`: unchanged when it already is one (the common case, checked without
    /// casting), else CAST (a LAG default of another type, a DECIMAL sum at the result's scale).
    static func conform(_ value: Value, to type: SQLType, context: EvaluationContext) -> Value {
        switch (value, type) {
        case (.null, _), (_, .any),
             (.int, .int), (.int, .bigint), (.double, .double), (.string, .string), (.boolean, .boolean),
             (.timestamp, .timestamp), (.date, .date), (.interval, .interval),
             // Containers come from the argument itself; re-casting every element per row would cost
             // far more than it could fix.
             (.array, .array), (.map, .map), (.struct, .struct):
            return value
        case (.decimal(let x), .decimal(_, let scale)) where x.scale == scale:
            return value
        default:
            return ValueCast.cast(value, to: type, context: context)
        }
    }

    /// Roughly the bytes a value holds (for `stateBytes`).
    static func approximateBytes(_ value: Value) -> Int {
        switch value {
        case .string(let s): 16 + s.utf8.count
        case .decimal: 24
        case .array(let items): items.reduce(24) { $0 + approximateBytes($1) }
        case .map(let entries), .struct(let entries):
            entries.reduce(24) { $0 + 16 + $1.key.utf8.count + approximateBytes($1.value) }
        default: 16
        }
    }

    /// Roughly the bytes a record holds.
    static func approximateBytes(_ record: Record) -> Int {
        var total = 48 + (record.key?.count ?? 0)
        for value in record.values { total += approximateBytes(value) }
        for header in record.headers { total += 32 + header.name.utf8.count + (header.value?.count ?? 0) }
        return total
    }
}
