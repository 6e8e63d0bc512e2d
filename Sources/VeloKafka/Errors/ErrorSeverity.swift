/// How bad an error is, for alerting and for deciding whether to go on.
///
/// - `critical`: the operation cannot succeed without intervention (serialization, broker unavailable,
///   fenced producer, invalid configuration).
/// - `warning`: transient; retrying may help (timeouts, connection drops, full queues).
/// - `info`: not a failure of the client (no message within the poll timeout, end of partition).
public enum ErrorSeverity: String, Sendable, Hashable, Comparable, CustomStringConvertible {
    case info
    case warning
    case critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: ErrorSeverity, rhs: ErrorSeverity) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }
}
