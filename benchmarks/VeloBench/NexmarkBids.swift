import Foundation
import VeloCore

/// Nexmark-style bid records for the engine benchmark, as JSON lines of ~250 bytes.
///
/// Fields (after the Nexmark benchmark's Bid): `auction` 1000–1999 (uniform), `bidder` 1000–99999,
/// `price` in cents 100–1,000,000 (log-uniform-ish: a uniform exponent), `channel` one of Google,
/// Facebook, Baidu, Apple, `url` `https://www.nexmark.com/<word>/<word>/item.htm?query=1&channel_id=<n>`,
/// `date_time` epoch ms from 2024-01-01 advancing 1 ms a record, `extra` filler letters bringing the
/// line to about 250 bytes. SplitMix64 with a fixed seed: the same bytes on every run.
enum NexmarkBids {
    static let channels = ["Google", "Facebook", "Baidu", "Apple"]
    static let words = ["ruby", "basil", "onyx", "pearl", "cobalt", "amber", "slate", "ivory"]

    static func generate(count: Int, seed: UInt64 = 0x00BE_EF00) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 256)
        let start: Int64 = 1_704_067_200_000
        for index in 0..<count {
            let auction = 1_000 + Int(random.next() % 1_000)
            let bidder = 1_000 + Int(random.next() % 99_000)
            let exponent = Double(random.next() % 1_000) / 1_000 * 4
            let price = Int(100 * pow(10, exponent))
            let channel = channels[Int(random.next() % 4)]
            let url = "https://www.nexmark.com/\(words[Int(random.next() % 8)])/\(words[Int(random.next() % 8)])/item.htm?query=1&channel_id=\(random.next() % 1_000)"
            var line = "{\"auction\":\(auction),\"bidder\":\(bidder),\"price\":\(price),\"channel\":\"\(channel)\",\"url\":\"\(url)\",\"date_time\":\(start + Int64(index)),\"extra\":\""
            let filler = max(0, 248 - line.utf8.count)
            line += String(repeating: "x", count: filler) + "\"}\n"
            bytes.append(contentsOf: line.utf8)
        }
        return bytes
    }
}
