/// A constant written in the SQL text. Numbers keep their text: whether `0.1` is a DECIMAL or a
/// DOUBLE is the planner's decision, and exactness starts here.
public enum Literal: Sendable, Hashable {
    case null
    case boolean(Bool)
    case integer(String)
    case decimal(String)
    case string(String)
    /// `INTERVAL '5' SECOND` (`shorthand == false`) or `5s` (`true`); both mean the same span of time.
    case interval(value: String, unit: IntervalUnit, shorthand: Bool)
    /// `TIMESTAMP '2024-01-01 00:00:00'`.
    case timestamp(String)
    /// `DATE '2024-01-01'`.
    case date(String)
}

public enum IntervalUnit: String, Sendable, Hashable, CaseIterable {
    case millisecond = "MILLISECOND"
    case second = "SECOND"
    case minute = "MINUTE"
    case hour = "HOUR"
    case day = "DAY"

    /// The suffix of the shorthand form (`5s`).
    public var shorthandSuffix: String {
        switch self {
        case .millisecond: "ms"
        case .second: "s"
        case .minute: "m"
        case .hour: "h"
        case .day: "d"
        }
    }

    public var milliseconds: Int64 {
        switch self {
        case .millisecond: 1
        case .second: 1_000
        case .minute: 60_000
        case .hour: 3_600_000
        case .day: 86_400_000
        }
    }

    /// The unit a keyword names: singular or plural (`SECOND`, `SECONDS`).
    public init?(keyword: String) {
        let upper = keyword.uppercased()
        let singular = upper.hasSuffix("S") ? String(upper.dropLast()) : upper
        if let unit = IntervalUnit(rawValue: singular) {
            self = unit
        } else {
            return nil
        }
    }

    public init?(shorthand: String) {
        guard let unit = IntervalUnit.allCases.first(where: { $0.shorthandSuffix == shorthand.lowercased() }) else { return nil }
        self = unit
    }
}
