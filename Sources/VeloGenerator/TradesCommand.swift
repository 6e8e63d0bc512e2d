import ArgumentParser
import Foundation
import VeloCore
import VeloKafka

/// `velo-gen trades`: a live feed of equity trades into a Kafka topic.
///
/// One JSON object per message, keyed by symbol, with the header `source: velo-gen`:
///
///     {"trade_id":"T000123","symbol":"AAPL","price":189.42,"quantity":300,"side":"BUY",
///      "venue":"XNAS","trader_id":"tr-017","event_time":1718000000000}
///
/// - `trade_id`: `T` and a sequence number, six digits or more, from `T000001`.
/// - `symbol`: 12 US equities, the large caps traded more often (weights in `Equity.all`).
/// - `price`: a random walk per symbol in whole cents around a realistic price (steps with a standard
///   deviation of 0.08 % of the price, a slight pull back to the starting price, never below $1).
/// - `quantity`: round lots: 100 shares (62 %), 200 (18 %), 300–1,000 (10 %), 1,100–5,000 (8 %),
///   block trades of 10,000–50,000 (2 %). About a fifth of the trades are worth $50,000 or more.
/// - `side`: BUY or SELL, even odds. `venue`: XNAS 35 %, XNYS 30 %, ARCA 20 %, BATS 15 %.
/// - `trader_id`: `tr-001` … `tr-040`, uniform.
/// - `event_time`: epoch milliseconds, the wall clock when the trade is produced (also the Kafka
///   message timestamp); with `--start-time` a synthetic clock advancing 1/rate seconds per trade.
///
/// With `--seed` every field but the wall-clock `event_time` is the same on every run (and that too
/// with `--start-time`). SIGINT/SIGTERM stop it cleanly: what was enqueued is flushed and the total is
/// printed on stderr, `velo-gen: produced N trades …`.
struct TradesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trades",
        abstract: "Produce a live feed of equity trades (JSON, key = symbol) to a Kafka topic.",
        discussion: """
            Runs until --duration or --count is reached, or until Ctrl-C/SIGTERM; then flushes and prints \
            how many trades it produced. Creates the topic when it is missing.
            """
    )

    @Option(help: "Kafka bootstrap servers (also VELO_BROKERS; default 127.0.0.1:9092).")
    var brokers: String?

    @Option(help: "The topic to write.")
    var topic = "trades"

    @Option(help: "Partitions for the topic when it has to be created.")
    var partitions = 3

    @Option(help: "Trades per second; 0 = as fast as possible.")
    var rate: Double = 50

    @Option(help: "Stop after this many seconds.")
    var duration: Double?

    @Option(help: "Stop after this many trades.")
    var count: Int?

    @Option(help: "Seed for the random choices (default: a fresh one, printed).")
    var seed: UInt64?

    @Option(name: .customLong("start-time"), help: "Event time of the first trade, epoch ms (default: the wall clock).")
    var startTime: Int64?

    func validate() throws {
        if duration != nil, count != nil { throw ValidationError("--duration and --count cannot be used together") }
        if let duration, !(duration > 0 && duration.isFinite) { throw ValidationError("--duration must be a positive number of seconds") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if !(rate >= 0 && rate.isFinite) { throw ValidationError("--rate must be 0 (as fast as possible) or a positive number") }
        if !(1...1_000).contains(partitions) { throw ValidationError("--partitions must be between 1 and 1000") }
        if topic.isEmpty { throw ValidationError("--topic must not be empty") }
    }

    func run() async throws {
        let address = brokers ?? ProcessInfo.processInfo.environment["VELO_BROKERS"] ?? "127.0.0.1:9092"
        let seed = seed ?? SplitMix64.freshSeed()
        let stop = StopSignal()
        stop.install()

        try await ensureTopic(topic, partitions: partitions, brokers: address)
        let producer: KafkaProducer<String, [UInt8]>
        do {
            producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: address, clientId: "velo-gen").lingerMs(5),
                topic: topic,
                keySerializer: StringSerde(),
                valueSerializer: BytesSerde())
        } catch {
            throw GeneratorFailure("cannot create a Kafka producer for \(address): \(error.message)")
        }
        let limit = count.map { "\($0) trades" } ?? duration.map { "for \($0) s" } ?? "until stopped"
        standardError("velo-gen: producing trades to \(topic) on \(address) at \(rate > 0 ? "\(rate)/s" : "full speed"), \(limit), seed \(seed)")

        var feed = TradeFeed(seed: seed)
        var record: [UInt8] = []
        record.reserveCapacity(256)
        let headers: Headers = ["source": "velo-gen"]
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = duration.map { started + .milliseconds(Int64($0 * 1_000)) }
        var produced = 0
        var failure: KafkaClientError?

        while !stop.isSet {
            if let count, produced >= count { break }
            let now = clock.now
            if let deadline, now >= deadline { break }
            if rate > 0 {
                // Pace against the start, not the previous trade, so the rate does not drift.
                let due = started + .nanoseconds(Int64(Double(produced) / rate * 1e9))
                if now < due {
                    let wake = deadline.map { min(due, $0) } ?? due
                    // At most 100 ms at a time, so a signal is noticed promptly.
                    try? await Task.sleep(until: min(wake, now + .milliseconds(100)), clock: clock)
                    continue
                }
            }
            let eventTime: Int64
            if let startTime {
                eventTime = startTime + Int64(Double(produced) * 1_000 / (rate > 0 ? rate : 1_000))
            } else {
                eventTime = Int64(Date().timeIntervalSince1970 * 1_000)
            }
            let trade = feed.next()
            record.removeAll(keepingCapacity: true)
            trade.writeJSON(into: &record, eventTime: eventTime)
            do {
                try await producer.enqueue(key: trade.symbol, value: record, headers: headers, timestamp: eventTime)
            } catch {
                failure = error
                break
            }
            produced += 1
        }

        let elapsed = seconds(clock.now - started)
        var flushError: KafkaClientError?
        do {
            try await producer.close(timeout: .seconds(15))
        } catch {
            flushError = error
        }
        let delivered = producer.deliveryCounts.delivered
        let perSecond = elapsed > 0 ? Double(produced) / elapsed : 0
        standardError("velo-gen: produced \(produced) trades to \(topic) in \(String(format: "%.1f", elapsed)) s (\(String(format: "%.1f", perSecond))/s, \(delivered) delivered), seed \(seed)")
        if let failure { throw GeneratorFailure("producing to \(topic) failed: \(failure.message)") }
        if let flushError { throw GeneratorFailure("not every trade was delivered to \(topic): \(flushError.message)") }
    }
}

/// One listed stock: its ticker, a realistic starting price in cents and how often it trades.
struct Equity {
    var symbol: String
    var cents: Int
    var weight: Int

    static let all: [Equity] = [
        Equity(symbol: "AAPL", cents: 189_42, weight: 14),
        Equity(symbol: "MSFT", cents: 415_10, weight: 12),
        Equity(symbol: "NVDA", cents: 121_50, weight: 12),
        Equity(symbol: "AMZN", cents: 178_25, weight: 10),
        Equity(symbol: "TSLA", cents: 175_80, weight: 10),
        Equity(symbol: "META", cents: 495_60, weight: 8),
        Equity(symbol: "GOOGL", cents: 152_35, weight: 8),
        Equity(symbol: "JPM", cents: 198_50, weight: 7),
        Equity(symbol: "XOM", cents: 118_20, weight: 6),
        Equity(symbol: "KO", cents: 60_15, weight: 5),
        Equity(symbol: "BAC", cents: 37_80, weight: 5),
        Equity(symbol: "F", cents: 12_30, weight: 3),
    ]
}

struct Trade {
    var id: Int
    var symbol: String
    var cents: Int
    var quantity: Int
    var side: StaticString
    var venue: StaticString
    var trader: Int

    func writeJSON(into out: inout [UInt8], eventTime: Int64) {
        out.append(ascii: "{\"trade_id\":\"T")
        out.append(integer: id, minimumDigits: 6)
        out.append(ascii: "\",\"symbol\":\"")
        out.append(text: symbol)
        out.append(ascii: "\",\"price\":")
        out.append(cents: cents)
        out.append(ascii: ",\"quantity\":")
        out.append(integer: quantity)
        out.append(ascii: ",\"side\":\"")
        out.append(ascii: side)
        out.append(ascii: "\",\"venue\":\"")
        out.append(ascii: venue)
        out.append(ascii: "\",\"trader_id\":\"tr-")
        out.append(integer: trader, minimumDigits: 3)
        out.append(ascii: "\",\"event_time\":")
        out.append(integer: eventTime)
        out.append(ascii: "}")
    }
}

/// The deterministic part of the feed: which stock, at what price, how many, where.
struct TradeFeed {
    private var random: SplitMix64
    private var prices: [Int]
    private var nextID = 1
    private let symbolWeights = cumulativeWeights(Equity.all.map(\.weight))
    private static let venues: [StaticString] = ["XNAS", "XNYS", "ARCA", "BATS"]
    private let venueWeights = cumulativeWeights([35, 30, 20, 15])
    private let sizeWeights = cumulativeWeights([62, 18, 10, 8, 2])

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        prices = Equity.all.map(\.cents)
    }

    mutating func next() -> Trade {
        let index = random.weighted(symbolWeights)
        let equity = Equity.all[index]
        // Random walk: σ = 0.08 % of the price per trade, 0.1 % of the gap pulled back to the start.
        let current = Double(prices[index])
        let step = current * 0.0008 * random.gaussian() + (Double(equity.cents) - current) * 0.001
        prices[index] = max(100, Int((current + step).rounded()))
        let lots: Int
        switch random.weighted(sizeWeights) {
        case 0: lots = 1
        case 1: lots = 2
        case 2: lots = random.within(3...10)
        case 3: lots = random.within(11...50)
        default: lots = random.within(10...50) * 10
        }
        let side: StaticString = random.below(2) == 0 ? "BUY" : "SELL"
        let venue = Self.venues[random.weighted(venueWeights)]
        let trade = Trade(id: nextID, symbol: equity.symbol, cents: prices[index], quantity: lots * 100, side: side, venue: venue, trader: random.within(1...40))
        nextID += 1
        return trade
    }
}
