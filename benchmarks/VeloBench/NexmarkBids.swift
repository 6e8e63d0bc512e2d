import Foundation
import VeloCore

/// Nexmark-style bid records for the engine benchmarks, as JSON lines of ~250 bytes.
///
/// Fields (after the Nexmark benchmark's Bid): `auction` 1000–1999 (uniform), `bidder` 1000–99999,
/// `price` in cents 100–1,000,000 (log-uniform-ish: a uniform exponent), `channel` one of Google,
/// Facebook, Baidu, Apple, `url` `https://www.nexmark.com/<word>/<word>/item.htm?query=1&channel_id=<n>`,
/// `date_time` epoch ms, `extra` filler letters bringing the line to about 250 bytes. SplitMix64 with
/// a fixed seed: the same bytes on every run (for the same `Times`).
///
/// Event times (`Times`): record i is stamped `start + i × stepMs`, less a random 0…`disorderMs`
/// when `disorderMs` > 0 (in-order-ish: no record is more than `disorderMs` behind the latest one).
/// The default (`engine` suite) is 2024-01-01T00:00:00Z advancing 1 ms a record, no disorder.
enum NexmarkBids {
    static let channels = ["Google", "Facebook", "Baidu", "Apple"]
    static let words = ["ruby", "basil", "onyx", "pearl", "cobalt", "amber", "slate", "ivory"]

    /// Nexmark Q0, every field through unchanged: the engine suite's first query and the windows
    /// suite's stateless baseline.
    static let passthroughSelect = "SELECT auction, bidder, price, channel, url, date_time, extra FROM bids"

    struct Times {
        /// Epoch ms of the first record.
        var start: Int64 = 1_704_067_200_000
        /// Event-time advance per record (1 ms: 1,000 bids per simulated second).
        var stepMs: Int64 = 1
        /// Each record's time is moved back by a uniform 0…disorderMs (0: strictly increasing).
        var disorderMs: Int64 = 0
    }

    static func generate(count: Int, seed: UInt64 = 0x00BE_EF00, times: Times = Times()) -> [UInt8] {
        var generator = Generator(seed: seed, times: times)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 256)
        for index in 0..<count { generator.append(index, to: &bytes) }
        return bytes
    }

    /// Writes `count` bids to `path` in chunks (never the whole file in memory); returns the bytes written.
    static func write(count: Int, to path: String, seed: UInt64 = 0x00BE_EF00, times: Times = Times()) throws -> Int {
        guard let file = fopen(path, "wb") else { throw BenchmarkFailure("cannot create \(path)") }
        defer { fclose(file) }
        var generator = Generator(seed: seed, times: times)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(10_000 * 256)
        var total = 0
        var index = 0
        while index < count {
            chunk.removeAll(keepingCapacity: true)
            let end = min(count, index + 10_000)
            while index < end {
                generator.append(index, to: &chunk)
                index += 1
            }
            guard chunk.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, file) }) == chunk.count else {
                throw BenchmarkFailure("cannot write \(path)")
            }
            total += chunk.count
        }
        return total
    }

    struct Generator {
        private var random: SplitMix64
        let times: Times

        init(seed: UInt64, times: Times) {
            random = SplitMix64(seed: seed)
            self.times = times
        }

        mutating func append(_ index: Int, to bytes: inout [UInt8]) {
            let auction = 1_000 + Int(random.next() % 1_000)
            let bidder = 1_000 + Int(random.next() % 99_000)
            let exponent = Double(random.next() % 1_000) / 1_000 * 4
            let price = Int(100 * pow(10, exponent))
            let channel = channels[Int(random.next() % 4)]
            let url = "https://www.nexmark.com/\(words[Int(random.next() % 8)])/\(words[Int(random.next() % 8)])/item.htm?query=1&channel_id=\(random.next() % 1_000)"
            var time = times.start + Int64(index) * times.stepMs
            if times.disorderMs > 0 { time -= Int64(random.next() % UInt64(times.disorderMs + 1)) }
            var line = "{\"auction\":\(auction),\"bidder\":\(bidder),\"price\":\(price),\"channel\":\"\(channel)\",\"url\":\"\(url)\",\"date_time\":\(time),\"extra\":\""
            let filler = max(0, 248 - line.utf8.count)
            line += String(repeating: "x", count: filler) + "\"}\n"
            bytes.append(contentsOf: line.utf8)
        }
    }
}
