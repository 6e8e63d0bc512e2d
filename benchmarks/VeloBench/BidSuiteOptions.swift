import Foundation

/// The options both suites on Nexmark-style bids (`engine`, `windows`) take.
struct CommonBidOptions {
    var records = 1_000_000
    var brokers = "127.0.0.1:9092"
    var kafka = true
    var runs = 1
    /// Where the bid file and the outputs go; each suite has its own, so they can run side by side.
    var directory: String
    var showHelp = false
}

/// A bid suite's options: the common ones (read here, the same way for both suites, and reachable as
/// `options.records` and so on) and whatever the suite adds (read by the suite's `parse`).
@dynamicMemberLookup
protocol BidSuiteOptions: SuiteOptions {
    init()
    var common: CommonBidOptions { get set }
}

extension BidSuiteOptions {
    subscript<Value>(dynamicMember path: WritableKeyPath<CommonBidOptions, Value>) -> Value {
        get { common[keyPath: path] }
        set { common[keyPath: path] = newValue }
    }

    var showHelp: Bool { common.showHelp }

    /// For a suite that adds no options.
    static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Self {
        try parse(arguments, environment: environment) { _, _, _ throws(UsageError) in false }
    }

    /// Reads the common options and hands every other one to `suiteOption`, which returns false for a
    /// name it does not know either (a usage error). `KAFKA_BOOTSTRAP_SERVERS` sets the default brokers.
    static func parse(
        _ arguments: [String], environment: [String: String],
        suiteOption: (inout Self, String, String?) throws(UsageError) -> Bool
    ) throws(UsageError) -> Self {
        var options = Self()
        if let brokers = environment["KAFKA_BOOTSTRAP_SERVERS"] { options.common.brokers = brokers }
        var parser = Arguments(arguments)
        while let (name, value) = try parser.next() {
            switch name {
            case "--records": options.common.records = try Arguments.integer(value, for: name, minimum: 1)
            case "--brokers": options.common.brokers = try Arguments.required(value, for: name)
            case "--runs": options.common.runs = try Arguments.integer(value, for: name, minimum: 1)
            case "--no-kafka": options.common.kafka = false
            case "--dir": options.common.directory = try Arguments.required(value, for: name)
            case "--help", "-h": options.common.showHelp = true
            default:
                guard try suiteOption(&options, name, value) else { throw UsageError("unknown option \(name)") }
            }
        }
        return options
    }
}
