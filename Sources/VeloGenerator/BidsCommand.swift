// =============================================================================================
// velo-gen bids — Nexmark-style bid records
// ---------------------------------------------------------------------------------------------
// The bid stream of the Nexmark online-auction benchmark (Tucker et al.; as in the Flink and
// Beam suites), one compact JSON object per record, fields in this order:
//
//   {"auction":1734,"bidder":20517,"price":48213,"channel":"Baidu",
//    "url":"https://www.nexmark.com/qwhxk/ajzpe/rlcuf/item.htm?query=1&channel_id=4821",
//    "date_time":1704067200000,"extra":"hdvqlmcpwzeyrk…"}
//
//   field      type     distribution
//   auction    integer  1000–1999: 20 % of bids go to 10 hot auctions (1000, 1100, …, 1900),
//                       the rest uniformly to all 1,000 auctions
//   bidder     integer  1000–99999: 20 % from 100 hot bidders (1000–1099), the rest uniform
//   price      integer  cents, log-uniform from 100 ($1) to 100,000,000 ($1M):
//                       round(10^(6u) · 100), u uniform in [0, 1) — Nexmark's nextPrice
//   channel    string   Google, Facebook, Baidu or Apple, uniform
//   url        string   https://www.nexmark.com/<a>/<b>/<c>/item.htm?query=1&channel_id=<n>:
//                       a, b, c five random lowercase letters, n uniform in 0–9999
//   date_time  integer  epoch milliseconds: --start-time (default 1704067200000,
//                       2024-01-01T00:00:00Z) + i · 1000 / --events-per-second (default 10,000,
//                       Nexmark's default rate: 10 bids per millisecond), i = 0, 1, 2, …
//   extra      string   lowercase filler letters that bring the JSON text to exactly --size bytes
//                       (default 250; fewer letters, never a longer record, when the other
//                       fields already take more room)
//
// Size: every record is --size bytes of JSON (250 by default; plus "\n" in file mode), so
// 1,000,000 records are 250 MB of JSON (251,000,000 bytes as a JSON-lines file). Without extra
// the fields take 177–189 bytes, so extra holds 61–73 letters.
//
// Deterministic: SplitMix64 seeded with --seed (default 1); the same seed, count, size, start
// time and rate give byte-identical output on every run (file and Kafka mode write the same
// records). Kafka mode: no message key, the Kafka timestamp is date_time, the topic is
// created with --partitions (default 1) when it is missing.
//
//   velo-gen bids --count 1000000 --file bids.jsonl              # JSON lines, buffered, fast
//   velo-gen bids --count 1000000 --file -                        # to stdout
//   velo-gen bids --count 1000000 --brokers 127.0.0.1:9092 --topic nexmark_bid
// =============================================================================================

import ArgumentParser
import Foundation
import VeloCore
import VeloKafka

/// `velo-gen bids`: N Nexmark-style bids to a JSON-lines file or a Kafka topic (see the comment above).
struct BidsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bids",
        abstract: "Write Nexmark-style bid records (JSON, ~250 bytes each) to a file or a Kafka topic.",
        discussion: """
            Fields: auction, bidder, price (cents), channel, url, date_time (epoch ms), extra (filler). \
            Deterministic for a given --seed. Prints the record count, time and records/s on stderr.
            """
    )

    @Option(help: "How many bids to write.")
    var count: Int

    @Option(help: "Write JSON lines to this file ('-' for stdout) instead of Kafka.")
    var file: String?

    @Option(help: "Kafka bootstrap servers (also VELO_BROKERS; default 127.0.0.1:9092).")
    var brokers: String?

    @Option(help: "The Kafka topic to write.")
    var topic: String?

    @Option(help: "Partitions for the topic when it has to be created.")
    var partitions = 1

    @Option(help: "Seed for the random choices.")
    var seed: UInt64 = 1

    @Option(help: "Bytes of JSON per record (the extra field is padded to reach it).")
    var size = 250

    @Option(name: .customLong("start-time"), help: "date_time of the first bid, epoch ms.")
    var startTime: Int64 = 1_704_067_200_000

    @Option(name: .customLong("events-per-second"), help: "Event-time rate: date_time advances 1/N s per bid.")
    var eventsPerSecond = 10_000

    func validate() throws {
        if count < 0 { throw ValidationError("--count must not be negative") }
        switch (file, topic) {
        case (nil, nil): throw ValidationError("give --file PATH (JSON lines) or --topic T (Kafka)")
        case (.some, .some): throw ValidationError("--file and --topic cannot be used together")
        default: break
        }
        if file != nil, brokers != nil { throw ValidationError("--brokers goes with --topic, not --file") }
        if let file, file.isEmpty { throw ValidationError("--file must not be empty") }
        if let topic, topic.isEmpty { throw ValidationError("--topic must not be empty") }
        if !(1...1_000_000).contains(size) { throw ValidationError("--size must be between 1 and 1000000 bytes") }
        if eventsPerSecond < 1 { throw ValidationError("--events-per-second must be at least 1") }
        if !(1...1_000).contains(partitions) { throw ValidationError("--partitions must be between 1 and 1000") }
    }

    func run() async throws {
        var generator = BidGenerator(seed: seed, size: size, startTime: startTime, eventsPerSecond: eventsPerSecond)
        if let file {
            try writeFile(file, generator: &generator)
        } else if let topic {
            try await writeKafka(topic: topic, generator: &generator)
        }
    }

    private func writeFile(_ path: String, generator: inout BidGenerator) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardOutput
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let opened = FileHandle(forWritingAtPath: path) else {
                throw GeneratorFailure("cannot create \(path): check that its folder exists and is writable")
            }
            handle = opened
        }
        defer { if path != "-" { try? handle.close() } }

        let clock = ContinuousClock()
        let started = clock.now
        let chunk = 4 << 20
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunk + 2 * size + 512)
        var bytes = 0
        for _ in 0..<count {
            generator.append(to: &buffer)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= chunk {
                try write(buffer, to: handle, path: path)
                bytes += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try write(buffer, to: handle, path: path)
        bytes += buffer.count
        report(count: count, bytes: bytes, elapsed: seconds(clock.now - started), destination: path == "-" ? "stdout" : path)
    }

    private func write(_ bytes: [UInt8], to handle: FileHandle, path: String) throws {
        guard !bytes.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(bytes))
        } catch {
            throw GeneratorFailure("cannot write \(path == "-" ? "stdout" : path): \(error.localizedDescription)")
        }
    }

    private func writeKafka(topic: String, generator: inout BidGenerator) async throws {
        let address = brokers ?? ProcessInfo.processInfo.environment["VELO_BROKERS"] ?? "127.0.0.1:9092"
        let stop = StopSignal()
        stop.install()
        try await ensureTopic(topic, partitions: partitions, brokers: address)
        let producer: KafkaProducer<String, [UInt8]>
        do {
            producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: address, clientId: "velo-gen")
                    .lingerMs(5)
                    .batchSize(1_000_000)
                    .property("queue.buffering.max.messages", "100000"),
                topic: topic,
                keySerializer: StringSerde(),
                valueSerializer: BytesSerde())
        } catch {
            throw GeneratorFailure("cannot create a Kafka producer for \(address): \(error.message)")
        }
        let clock = ContinuousClock()
        let started = clock.now
        var record: [UInt8] = []
        record.reserveCapacity(size + 512)
        var sent = 0
        var bytes = 0
        var failure: KafkaClientError?
        while sent < count, !stop.isSet {
            record.removeAll(keepingCapacity: true)
            let dateTime = generator.append(to: &record)
            do {
                try await producer.enqueue(key: nil, value: record, timestamp: dateTime)
            } catch {
                failure = error
                break
            }
            sent += 1
            bytes += record.count
        }
        var flushError: KafkaClientError?
        do {
            try await producer.close(timeout: .seconds(120))
        } catch {
            flushError = error
        }
        report(count: sent, bytes: bytes, elapsed: seconds(clock.now - started), destination: "topic \(topic) on \(address)")
        if let failure { throw GeneratorFailure("producing to \(topic) failed: \(failure.message)") }
        if let flushError { throw GeneratorFailure("not every bid was delivered to \(topic): \(flushError.message)") }
        if stop.isSet { throw GeneratorFailure("stopped after \(sent) of \(count) bids") }
    }

    private func report(count: Int, bytes: Int, elapsed: Double, destination: String) {
        let perSecond = elapsed > 0 ? Int(Double(count) / elapsed) : 0
        let megabytes = Double(bytes) / 1_000_000
        standardError(String(
            format: "velo-gen: %@ bids (%.1f MB) to %@ in %.2f s: %@ records/s, %.1f MB/s",
            grouped(count), megabytes, destination, elapsed, grouped(perSecond), elapsed > 0 ? megabytes / elapsed : 0))
    }
}

/// Builds the bids described at the top of this file, straight into a byte buffer.
struct BidGenerator {
    private var random: SplitMix64
    private let size: Int
    private let startTime: Int64
    private let eventsPerSecond: Int
    private var index: Int64 = 0
    /// Random lowercase letters; each record's extra is a slice of it at a random offset.
    private let filler: [UInt8]
    private static let channels: [StaticString] = ["Google", "Facebook", "Baidu", "Apple"]
    private static let fillerLength = 1 << 16

    init(seed: UInt64, size: Int, startTime: Int64, eventsPerSecond: Int) {
        random = SplitMix64(seed: seed)
        self.size = size
        self.startTime = startTime
        self.eventsPerSecond = eventsPerSecond
        var letters = SplitMix64(seed: seed ^ 0x5EED_F111)
        filler = (0..<Self.fillerLength).map { _ in UInt8(ascii: "a") + UInt8(letters.below(26)) }
    }

    /// Appends the next bid's JSON (no newline) and returns its date_time.
    @discardableResult
    mutating func append(to out: inout [UInt8]) -> Int64 {
        let begin = out.count
        let auction = random.below(5) == 0 ? 1_000 + 100 * random.below(10) : 1_000 + random.below(1_000)
        let bidder = random.below(5) == 0 ? 1_000 + random.below(100) : 1_000 + random.below(99_000)
        let price = Int64((pow(10, random.unit() * 6) * 100).rounded())
        let channel = Self.channels[random.below(4)]
        let dateTime = startTime + index * 1_000 / Int64(eventsPerSecond)
        index += 1

        out.append(ascii: "{\"auction\":")
        out.append(integer: auction)
        out.append(ascii: ",\"bidder\":")
        out.append(integer: bidder)
        out.append(ascii: ",\"price\":")
        out.append(integer: price)
        out.append(ascii: ",\"channel\":\"")
        out.append(ascii: channel)
        out.append(ascii: "\",\"url\":\"https://www.nexmark.com/")
        for segment in 0..<3 {
            if segment > 0 { out.append(UInt8(ascii: "/")) }
            for _ in 0..<5 { out.append(UInt8(ascii: "a") + UInt8(random.below(26))) }
        }
        out.append(ascii: "/item.htm?query=1&channel_id=")
        out.append(integer: random.below(10_000))
        out.append(ascii: "\",\"date_time\":")
        out.append(integer: dateTime)
        out.append(ascii: ",\"extra\":\"")
        // What is left for the filler once the closing `"}` is counted.
        let letters = max(0, size - (out.count - begin) - 2)
        var remaining = letters
        var offset = random.below(Self.fillerLength)
        while remaining > 0 {
            let take = min(remaining, Self.fillerLength - offset)
            out.append(contentsOf: filler[offset..<(offset + take)])
            remaining -= take
            offset = 0
        }
        out.append(ascii: "\"}")
        return dateTime
    }
}
