import VeloCore

/// Why a job stopped: what failed and where, in words for the person running it.
public enum JobError: Error, Sendable, CustomStringConvertible {
    case source(String)
    case sink(String)
    /// A record that could not be decoded under `errors = 'fail'`, with its position.
    case badRecord(String)
    case plan(String)
    case bus(String)
    /// The job's state store could not be read or written.
    case state(String)

    public var description: String {
        switch self {
        case .source(let message): "source: \(message)"
        case .sink(let message): "sink: \(message)"
        case .badRecord(let message): "bad record: \(message)"
        case .plan(let message): "plan: \(message)"
        case .bus(let message): "kafka: \(message)"
        case .state(let message): "state: \(message)"
        }
    }
}
