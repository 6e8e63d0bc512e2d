/// A column or CAST type.
public indirect enum DataType: Sendable, Hashable {
    case boolean
    case int
    case bigint
    case double
    /// `DECIMAL`, `DECIMAL(p)` or `DECIMAL(p, s)`.
    case decimal(precision: Int?, scale: Int?)
    /// `STRING`, or `VARCHAR` with an optional length (kept so the text prints back as written).
    case string(varchar: Bool, length: Int?)
    case timestamp
    case date
    case interval
    case array(DataType)
    /// `MAP<K, V>`; the planner requires K to be STRING.
    case map(key: DataType, value: DataType)
    case `struct`([StructField])

    public struct StructField: Sendable, Hashable {
        public var name: String
        public var type: DataType
    }
}
