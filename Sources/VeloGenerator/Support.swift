import Dispatch
import Foundation
import Synchronization
import VeloCore
import VeloKafka

/// Draws for the generators, on VeloCore's seedable SplitMix64 (what `--seed` promises).
extension SplitMix64 {
    /// Uniform in `0..<bound` (`bound` > 0). Lemire's multiply-shift: no division, bias below 2⁻³².
    mutating func below(_ bound: Int) -> Int {
        Int(((next() >> 32) &* UInt64(bound)) >> 32)
    }

    /// Uniform in `range`.
    mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1), 53 bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Double {
        let u = max(unit(), 0x1.0p-53)
        return (-2 * Foundation.log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }

    /// An index into `cumulative` (running totals of weights, last = total) picked by weight.
    mutating func weighted(_ cumulative: [Int]) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let pick = below(total)
        var index = 0
        while index < cumulative.count - 1, cumulative[index] <= pick { index += 1 }
        return index
    }
}

extension SplitMix64 {
    /// A seed from the system generator, for runs without `--seed` (printed so they can be repeated).
    static func freshSeed() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        return system.next() % 1_000_000_000
    }
}

/// Running totals of `weights`, for `SplitMix64.weighted`.
func cumulativeWeights(_ weights: [Int]) -> [Int] {
    var total = 0
    return weights.map { weight in
        total += weight
        return total
    }
}

/// Appending JSON pieces to a byte buffer without going through `String` per record.
extension Array where Element == UInt8 {
    mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    mutating func append(text: String) {
        append(contentsOf: text.utf8)
    }

    /// The decimal digits of `value`, `minimumDigits` wide with leading zeros.
    mutating func append(integer value: Int64, minimumDigits: Int = 1) {
        var magnitude = value.magnitude
        if value < 0 { append(UInt8(ascii: "-")) }
        var width = 1
        var limit: UInt64 = 10
        while width < 20, magnitude >= limit {
            width += 1
            limit = limit &* 10
        }
        width = Swift.max(width, Swift.min(minimumDigits, 20))
        let first = count
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var position = first + width - 1
        while magnitude > 0 {
            self[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            position -= 1
        }
    }

    mutating func append(integer value: Int, minimumDigits: Int = 1) {
        append(integer: Int64(value), minimumDigits: minimumDigits)
    }

    /// `cents` as a decimal with two places: 18942 → `189.42`.
    mutating func append(cents: Int) {
        append(integer: cents / 100)
        append(UInt8(ascii: "."))
        append(integer: cents % 100, minimumDigits: 2)
    }
}

/// Set by SIGINT/SIGTERM: the generators stop producing, flush what they enqueued and report.
final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    // The dispatch sources must stay alive; they are only touched in `install`.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    var isSet: Bool { flag.load(ordering: .relaxed) }

    func set() {
        flag.store(true, ordering: .relaxed)
    }

    /// Routes SIGINT and SIGTERM to this flag instead of killing the process.
    func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.set() }
            source.resume()
            sources.append(source)
        }
    }
}

/// Creates `topic` with `partitions` partitions unless it exists.
func ensureTopic(_ topic: String, partitions: Int, brokers: String) async throws(GeneratorFailure) {
    do {
        let admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers, clientId: "velo-gen").operationTimeout(.seconds(15)))
        try await admin.createTopic(topic, partitions: Int32(partitions), replicationFactor: 1, ifNotExists: true)
    } catch {
        throw GeneratorFailure("cannot create topic \(topic) on \(brokers): \(error.message) (is the broker running? bash scripts/broker.sh start)")
    }
}

func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// `1234567` → `1,234,567`.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return value < 0 ? "-" + out : out
}

func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
}
