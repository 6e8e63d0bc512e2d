import Foundation

/// How numbers and durations read in tables and messages. A value the server did not send reads "-".
enum Format {
    static func count(_ value: Int?) -> String {
        value.map(String.init) ?? "-"
    }

    /// Records per second with one decimal: `240.5`.
    static func rate(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.1f", value)
    }

    /// An interval the user gave: `2 s`, `0.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }

    /// `12 s`, `5 m 3 s`, `2 h 5 m`, `3 d 4 h`.
    static func duration(seconds: Double) -> String {
        let total = Int(max(0, seconds.rounded(.down)))
        let (days, hours, minutes, secs) = (total / 86_400, total % 86_400 / 3_600, total % 3_600 / 60, total % 60)
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(minutes) m" }
        if minutes > 0 { return "\(minutes) m \(secs) s" }
        return "\(secs) s"
    }

    /// `1 job`, `3 jobs`.
    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
