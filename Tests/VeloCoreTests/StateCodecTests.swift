import Testing
@testable import VeloCore

private func dec(_ text: String) throws -> SQLDecimal {
    try #require(SQLDecimal(text), "\(text) should parse")
}

private func encode(_ value: Value) -> [UInt8] {
    var writer = StateWriter()
    writer.write(value)
    return writer.bytes
}

private func roundTrip(_ value: Value) throws -> Value {
    var reader = StateReader(encode(value))
    let back = try reader.readValue()
    #expect(reader.isAtEnd)
    return back
}

/// Structural identity: `==` on Value treats 1.5 and 1.50 (and 0.0 and -0.0) alike and NaN as unequal
/// to itself, but the codec must keep the exact representation.
private func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case let (.double(x), .double(y)): return x.bitPattern == y.bitPattern
    case let (.decimal(x), .decimal(y)): return x.significand == y.significand && x.scale == y.scale
    case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy(identical)
    case let (.map(x), .map(y)), let (.struct(x), .struct(y)):
        return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && identical($0.value, $1.value) }
    case (.map, _), (.struct, _), (.array, _), (.double, _), (.decimal, _): return false
    default: return a == b
    }
}

private let samples: [Value] = {
    var values: [Value] = [
        .null, .boolean(true), .boolean(false),
        .int(0), .int(1), .int(-1), .int(.max), .int(.min), .int(42),
        .double(0), .double(-0.0), .double(1.5), .double(-1e300), .double(.infinity), .double(-.infinity),
        .double(.nan), .double(.leastNonzeroMagnitude), .double(.greatestFiniteMagnitude),
        .string(""), .string("hello"), .string("héllo wörld — 日本語 🚀"), .string(String(repeating: "x", count: 300)),
        .timestamp(1_700_000_000_123), .timestamp(-1), .date(19_000), .date(-1), .date(.min), .date(.max),
        .interval(90_000), .interval(-5),
        .decimal(SQLDecimal(significand: SQLDecimal.maxSignificand, scale: 0)),
        .decimal(SQLDecimal(significand: -SQLDecimal.maxSignificand, scale: 38)),
        .decimal(SQLDecimal(significand: .max, scale: 5)), .decimal(SQLDecimal(significand: .min, scale: -7)),
        .decimal(SQLDecimal(significand: 0, scale: 3)),
        .array([]), .map([]), .struct([]),
    ]
    for text in ["0.10", "1.50", "-0.05", "123.456", "-99999.9999", "0"] {
        if let d = SQLDecimal(text) { values.append(.decimal(d)) }
    }
    values.append(.array([.int(1), .null, .string("a"), .array([.double(2.5), .array([])])]))
    values.append(.map([Value.MapEntry("a", .int(1)), Value.MapEntry("", .null), Value.MapEntry("ü", .array([.boolean(true)]))]))
    values.append(.struct([
        Value.MapEntry("id", .int(7)),
        Value.MapEntry("price", .decimal(SQLDecimal(significand: 1999, scale: 2))),
        Value.MapEntry("tags", .array([.string("x"), .string("y")])),
        Value.MapEntry("inner", .struct([Value.MapEntry("at", .timestamp(5)), Value.MapEntry("m", .map([Value.MapEntry("k", .date(3))]))])),
    ]))
    return values
}()

@Suite struct StateCodecRoundTripTests {
    @Test(arguments: samples)
    func valueRoundTrips(value: Value) throws {
        let back = try roundTrip(value)
        #expect(identical(back, value), "\(value) came back as \(back)")
    }

    @Test func allSamplesInOneStream() throws {
        var writer = StateWriter()
        for value in samples { writer.write(value) }
        var reader = StateReader(writer.bytes)
        for value in samples {
            let back = try reader.readValue()
            #expect(identical(back, value))
        }
        #expect(reader.isAtEnd)
    }

    @Test func decimalKeepsItsScale() throws {
        for text in ["0.10", "1.5", "1.50", "-12.3400", "0.000001", "12345678901234567890.123456789012345678"] {
            let back = try roundTrip(.decimal(try dec(text)))
            guard case .decimal(let d) = back else {
                Issue.record("not a decimal: \(back)")
                continue
            }
            #expect(d.description == text)
        }
    }

    @Test func primitivesRoundTrip() throws {
        var writer = StateWriter()
        let ints: [Int64] = [0, 1, -1, .max, .min, 1 << 40]
        let doubles: [Double] = [0, -0.0, 3.25, .nan, .infinity, -.infinity]
        let counts = [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 40, Int.max]
        for i in ints { writer.write(i) }
        for d in doubles { writer.write(d) }
        writer.write(true)
        writer.write(false)
        writer.write("")
        writer.write("naïve ☃")
        writer.write([UInt8]())
        writer.write([0, 255, 7] as [UInt8])
        for c in counts { writer.writeCount(c) }
        var reader = StateReader(writer.bytes)
        for i in ints { #expect(try reader.readInt64() == i) }
        for d in doubles { #expect(try reader.readDouble().bitPattern == d.bitPattern) }
        #expect(try reader.readBool() == true)
        #expect(try reader.readBool() == false)
        #expect(try reader.readString() == "")
        #expect(try reader.readString() == "naïve ☃")
        #expect(try reader.readBytes() == [])
        #expect(try reader.readBytes() == [0, 255, 7])
        for c in counts { #expect(try reader.readCount() == c) }
        #expect(reader.isAtEnd)
    }

    @Test func layoutIsAsDocumented() {
        var writer = StateWriter()
        writer.write(Int64(1))
        writer.writeCount(300)
        writer.write("ab")
        #expect(writer.bytes == [1, 0, 0, 0, 0, 0, 0, 0, 0xAC, 0x02, 2, 0x61, 0x62])
        #expect(encode(.null) == [0])
        #expect(encode(.boolean(true)) == [2])
        #expect(encode(.decimal(SQLDecimal(significand: -3, scale: 2))) == [5, 4, 5])
        var raw = StateWriter()
        raw.writeByte(0xFE)
        raw.writeCount(5)
        #expect(raw.bytes == [0xFE, 5])
    }

    @Test func aCountNeedNotBeFollowedByThatManyBytes() throws {
        var writer = StateWriter()
        writer.writeByte(9)
        writer.writeCount(1_000_000)
        var reader = StateReader(writer.bytes)
        #expect(try reader.readByte() == 9)
        #expect(try reader.readCount() == 1_000_000)
        #expect(reader.isAtEnd)
        #expect(throws: StateFormatError.self) { try reader.readByte() }
    }

    @Test func removeAllKeepsWorking() {
        var writer = StateWriter()
        writer.write(.string("first"))
        writer.removeAll()
        #expect(writer.bytes.isEmpty)
        writer.write(.int(3))
        #expect(writer.bytes == encode(.int(3)))
    }
}

@Suite struct StateCodecMalformedInputTests {
    @Test func truncationAtEveryByteThrows() {
        for value in samples {
            let bytes = encode(value)
            for length in 0..<bytes.count {
                var reader = StateReader(Array(bytes[0..<length]))
                #expect(throws: StateFormatError.self, "\(value) cut at \(length)") { try reader.readValue() }
            }
        }
    }

    @Test func truncatedPrimitivesThrow() throws {
        var writer = StateWriter()
        writer.write(Int64(-5))
        writer.write("hello")
        let bytes = writer.bytes
        for length in 0..<8 {
            var reader = StateReader(Array(bytes[0..<length]))
            #expect(throws: StateFormatError.self) { try reader.readInt64() }
            var reader2 = StateReader(Array(bytes[0..<length]))
            #expect(throws: StateFormatError.self) { try reader2.readDouble() }
        }
        for length in 8..<bytes.count {
            var reader = StateReader(Array(bytes[0..<length]))
            #expect(try reader.readInt64() == -5)
            #expect(throws: StateFormatError.self) { try reader.readString() }
        }
        var empty = StateReader([])
        #expect(empty.isAtEnd)
        #expect(throws: StateFormatError.self) { try empty.readBool() }
        #expect(throws: StateFormatError.self) { try empty.readCount() }
        #expect(throws: StateFormatError.self) { try empty.readBytes() }
    }

    @Test func unknownTagsThrowWithTheOffset() {
        for tag in UInt8(13)...UInt8(255) {
            var reader = StateReader([StateValueTag.array, 2, StateValueTag.null, tag])
            do {
                _ = try reader.readValue()
                Issue.record("tag \(tag) was accepted")
            } catch {
                #expect(error.offset == 3)
                #expect(error.description.contains("tag \(tag)"))
                #expect(error.description.contains("byte 3"))
            }
        }
    }

    @Test func hugeCountsAndOverlongVarintsThrow() {
        // A count of 2^62 in front of three bytes must fail, not reserve memory.
        var writer = StateWriter()
        writer.writeCount(1 << 62)
        var reader = StateReader([StateValueTag.array] + writer.bytes + [0, 0, 0])
        #expect(throws: StateFormatError.self) { try reader.readValue() }
        var overlong = StateReader(Array(repeating: 0xFF, count: 11) + [0x01])
        #expect(throws: StateFormatError.self) { try overlong.readCount() }
        var tenth = StateReader(Array(repeating: 0xFF, count: 9) + [0x02])  // bit 64 set
        #expect(throws: StateFormatError.self) { try tenth.readCount() }
        var longDecimal = StateReader([StateValueTag.decimal, 0] + Array(repeating: 0xFF, count: 19) + [0x01])
        #expect(throws: StateFormatError.self) { try longDecimal.readValue() }
    }

    @Test func invalidUTF8AndBoolThrow() {
        var reader = StateReader([StateValueTag.string, 2, 0xC3, 0x28])
        #expect(throws: StateFormatError.self) { try reader.readValue() }
        var bool = StateReader([7])
        #expect(throws: StateFormatError.self) { try bool.readBool() }
    }

    @Test func deepNestingIsRejectedNotACrash() throws {
        let level: [UInt8] = [StateValueTag.array, 1]
        let bytes: [UInt8] = Array(repeating: level, count: 100_000).flatMap { $0 } + [StateValueTag.null]
        var reader = StateReader(bytes)
        #expect(throws: StateFormatError.self) { try reader.readValue() }
        // JSON's depth limit fits.
        var value = Value.null
        for _ in 0..<JSONReader.maxDepth { value = .array([value]) }
        #expect(identical(try roundTrip(value), value))
    }

    @Test func randomGarbageNeverCrashes() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let length = Int(random.next() % 40)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if !bytes.isEmpty { bytes[0] = UInt8(random.next() % 14) }
            var reader = StateReader(bytes)
            while !reader.isAtEnd {
                guard (try? reader.readValue()) != nil else { break }
            }
        }
        // Mutations of valid encodings.
        let valid = samples.map(encode)
        for _ in 0..<20_000 {
            var bytes = valid[Int(random.next() % UInt64(valid.count))]
            guard !bytes.isEmpty else { continue }
            bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            var reader = StateReader(bytes)
            _ = try? reader.readValue()
        }
    }
}
