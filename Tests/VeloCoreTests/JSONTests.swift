import Testing
@testable import VeloCore

/// A fixed-seed generator so fuzz runs are reproducible.
typealias SeededGenerator = SplitMix64

private func parse(_ text: String, numbers: JSONNumberMode = .double) throws(JSONError) -> Value {
    try JSONReader.parse(text, numbers: numbers)
}

private func parseError(_ bytes: [UInt8]) -> JSONError? {
    do {
        _ = try JSONReader.parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func parseError(_ text: String) -> JSONError? {
    parseError(Array(text.utf8))
}

private func json(_ value: Value) -> String {
    String(decoding: JSONWriter.encode(value), as: UTF8.self)
}

/// Reads `text` with the selector; the values or the error.
private func read(_ text: String, _ selector: FieldSelector) -> Result<[Value], JSONError> {
    var values: [Value] = []
    do {
        try JSONReader.readObject(Array(text.utf8), fields: selector, into: &values)
        return .success(values)
    } catch {
        return .failure(error)
    }
}

private func read(_ text: String, _ fields: [(name: String, target: JSONTarget)]) -> Result<[Value], JSONError> {
    read(text, FieldSelector(fields: fields))
}

@Suite struct JSONParseTests {
    @Test func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .boolean(true))
        #expect(try parse("false") == .boolean(false))
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("123") == .int(123))
        #expect(try parse("-9223372036854775808") == .int(.min))
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse("1e3") == .double(1000))
        #expect(try parse("-1.25e-2") == .double(-0.0125))
        #expect(try parse("0.1") == .double(0.1))
        #expect(try parse("1.7976931348623157e308") == .double(1.7976931348623157e308))
        #expect(try parse("5e-324") == .double(5e-324))
        #expect(try parse("123456789012345678901234567890") == .double(123456789012345678901234567890))
        #expect(try parse("0.30000000000000004") == .double(0.1 + 0.2))
    }

    @Test func decimalNumberModeKeepsEveryDigit() throws {
        #expect(try parse("0.1", numbers: .decimal) == .decimal(SQLDecimal(significand: 1, scale: 1)))
        guard case .decimal(let d) = try parse("12345678901234567890.123456789", numbers: .decimal) else {
            Issue.record("not a decimal")
            return
        }
        #expect(d.description == "12345678901234567890.123456789")
        #expect(try parse("42", numbers: .decimal) == .int(42))
    }

    @Test func everyEscape() throws {
        let text = #""\"\\\/\b\f\n\r\t\u0041\u00e9\u4e2d\u0000""#
        #expect(try parse(text) == .string("\"\\/\u{08}\u{0C}\n\r\tAé中\u{0}"))
    }

    @Test func surrogatePairsAndRawUTF8() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\uD83D\uDE00x""#) == .string("😀x"))
        #expect(try parse("\"é中😀\"") == .string("é中😀"))
        #expect(try parse("\"long enough to take the eight-byte path, then é and 😀 at the end\"")
            == .string("long enough to take the eight-byte path, then é and 😀 at the end"))
    }

    @Test(arguments: [
        #""\ud83d""#, #""\ude00""#, #""\ud83dx""#, #""\ud83d\u0041""#, #""\x""#, #""\u12G4""#,
        "\"a\u{01}b\"", "\"tab\there\"",
    ])
    func badStrings(text: String) {
        #expect(parseError(text)?.kind == .syntax)
    }

    @Test func invalidUTF8IsAnError() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xE0, 0x80, 0x80, 0x22],
            [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xE4, 0xB8, 0x22],
            [0x22, 0x80, 0x22], Array("\"0123456789abcdef".utf8) + [0xC3] + Array("0123456789\"".utf8),
        ]
        for bytes in cases {
            let error = parseError(bytes)
            #expect(error?.message == "invalid UTF-8 in string", "\(bytes)")
        }
    }

    @Test func objectsKeepKeyOrderAndNest() throws {
        let value = try parse(#" { "b" : 1 , "a" : [ true , null , { } , [ ] ] , "c" : { "d" : "e" } } "#)
        #expect(value == .struct([
            .init("b", .int(1)),
            .init("a", .array([.boolean(true), .null, .struct([]), .array([])])),
            .init("c", .struct([.init("d", .string("e"))])),
        ]))
    }

    @Test func syntaxErrorsSayWhereAndWhat() {
        #expect(parseError(#"{"a":1 "b":2}"#)?.description == "expected ',' or '}', found '\"' at byte 7")
        #expect(parseError("[1,]")?.description == "expected a value, found ']' at byte 3")
        #expect(parseError(#"{"a"}"#)?.description == "expected ':', found '}' at byte 4")
        #expect(parseError("{1:2}")?.description == "expected a string key, found '1' at byte 1")
        #expect(parseError("[1}")?.kind == .syntax)
        #expect(parseError("trux")?.kind == .syntax)
        #expect(parseError("+1")?.kind == .syntax)
        #expect(parseError("01")?.kind == .trailingData)
        #expect(parseError("1 2")?.description == "unexpected '2' after the JSON document at byte 2")
        #expect(parseError("{} x")?.kind == .trailingData)
    }

    @Test(arguments: ["", "   ", "{", #"{"a":"#, #"{"a":1"#, "[1,2", "tru", "-", "1.", "1e", "1e+", #""abc"#, #""\u12"#, #""\"#])
    func truncatedInput(text: String) {
        let error = parseError(text)
        #expect(error?.kind == .truncated, "\(text)")
        #expect(error?.description.hasPrefix("truncated JSON") == true)
    }

    @Test func nestingDepthIsLimited() throws {
        let ok = String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth)
        #expect(try parse(ok) != .null)
        let deep = String(repeating: "[", count: JSONReader.maxDepth + 1) + String(repeating: "]", count: JSONReader.maxDepth + 1)
        #expect(parseError(deep)?.kind == .tooDeep)
        let hostile = String(repeating: #"{"a":["#, count: 100_000)
        #expect(parseError(hostile)?.kind == .tooDeep)
        // Skipped and selected fields are limited the same way.
        let nested = "{\"x\":" + hostile + "}"
        if case .failure(let error) = read(nested, [("y", .int)]) {
            #expect(error.kind == .tooDeep)
        } else {
            Issue.record("expected an error")
        }
        if case .failure(let error) = read(nested, [("x", .any)]) {
            #expect(error.kind == .tooDeep)
        } else {
            Issue.record("expected an error")
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array(#"{}[]":,\ -+.eE0123456789tfnulrsaxu"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xA9, 0xFF, 0xED]
        let selector = FieldSelector(fields: [("a", .any), ("b", .string), ("c", .decimal(scale: 2)), ("d", .timestamp)], wholeObject: true)
        for round in 0..<5000 {
            let length = Int.random(in: 0...64, using: &generator)
            let bytes: [UInt8] = (0..<length).map { _ in
                round % 2 == 0 ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator) ?? 0
            }
            _ = parseError(bytes)
            var values: [Value] = []
            _ = try? JSONReader.readObject(bytes, fields: selector, into: &values)
        }
    }

    @Test func mutatedDocumentsNeverCrashAndSkipAgreesWithParse() throws {
        var generator = SeededGenerator(seed: 7)
        let seeds = [
            #"{"id":1,"name":"a\"b\\c\u00e9","tags":["x",{"y":[1,2.5e-3,null]}],"ok":true,"n":-0.5}"#,
            #"{"a":{"b":{"c":[[],{},"\ud83d\ude00"]}},"z":12345678901234567890.5}"#,
        ]
        let skipping = FieldSelector(fields: [("nothing", .any)])
        let building = FieldSelector(fields: [("nothing", .any)], wholeObject: true)
        for round in 0..<3000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes.removeSubrange(index...)
                }
                if bytes.isEmpty { break }
            }
            var skipped: [Value] = []
            var built: [Value] = []
            let skipOK = (try? JSONReader.readObject(bytes, fields: skipping, into: &skipped)) != nil
            let buildOK = (try? JSONReader.readObject(bytes, fields: building, into: &built)) != nil
            #expect(skipOK == buildOK, "\(String(decoding: bytes, as: UTF8.self))")
            // Whatever parses writes back to JSON that parses to the same value.
            if buildOK, let whole = built.last {
                #expect(try JSONReader.parse(JSONWriter.encode(whole)) == whole)
            }
        }
    }

    @Test func everyPrefixOfADocumentIsTruncated() {
        let document = #"{"a":[1,-2.5e+3,"x\"y\u00e9",true,false,null,{"b":{}}],"c":"😀"}"#
        let bytes = Array(document.utf8)
        for end in 0..<bytes.count {
            #expect(parseError(Array(bytes[0..<end]))?.kind == .truncated, "prefix \(end)")
        }
        #expect(parseError(bytes) == nil)
    }
}

@Suite struct JSONWriterTests {
    @Test func scalars() {
        #expect(json(.null) == "null")
        #expect(json(.boolean(true)) == "true")
        #expect(json(.boolean(false)) == "false")
        #expect(json(.int(0)) == "0")
        #expect(json(.int(-42)) == "-42")
        #expect(json(.int(.min)) == "-9223372036854775808")
        #expect(json(.int(.max)) == "9223372036854775807")
        #expect(json(.double(0.1)) == "0.1")
        #expect(json(.double(100)) == "100.0")
        #expect(json(.double(1e-5)) == "1e-05")
        #expect(json(.double(.nan)) == "null")
        #expect(json(.double(-.infinity)) == "null")
        #expect(json(.timestamp(1_704_067_200_000)) == "1704067200000")
        #expect(json(.interval(-5000)) == "-5000")
        #expect(json(.date(19723)) == #""2024-01-01""#)
        #expect(json(.date(-1)) == #""1969-12-31""#)
    }

    @Test func decimalsKeepEveryDigit() throws {
        let digits = "12345678901234567890.123456789012345600"
        #expect(json(.decimal(try #require(SQLDecimal(digits)))) == digits)
        #expect(json(.decimal(try #require(SQLDecimal("-0.05")))) == "-0.05")
    }

    @Test func stringEscapes() {
        #expect(json(.string("a\"b\\c/d")) == #""a\"b\\c/d""#)
        #expect(json(.string("\u{08}\u{0C}\n\r\t")) == #""\b\f\n\r\t""#)
        #expect(json(.string("\u{0}\u{01}\u{1F}\u{7F}")) == "\"\\u0000\\u0001\\u001f\u{7F}\"")
        #expect(json(.string("é中😀")) == "\"é中😀\"")
        #expect(json(.string("")) == #""""#)
    }

    @Test func containers() {
        let value = Value.struct([
            .init("b", .array([.int(1), .string("x"), .null])),
            .init("a\"", .map([.init("k", .boolean(true))])),
        ])
        #expect(json(value) == #"{"b":[1,"x",null],"a\"":{"k":true}}"#)
        #expect(json(.array([])) == "[]")
        #expect(json(.struct([])) == "{}")
    }

    @Test func objectsForOutputRows() {
        let names = ["id", "na\"me", "when"]
        let values: [Value] = [.int(1), .string("x"), .null]
        var plain: [UInt8] = []
        JSONWriter.writeObject(names: names, values: values, into: &plain)
        var laidOut: [UInt8] = []
        JSONWriter.writeObject(JSONObjectLayout(names: names), values: values, into: &laidOut)
        #expect(String(decoding: plain, as: UTF8.self) == #"{"id":1,"na\"me":"x","when":null}"#)
        #expect(laidOut == plain)
        var empty: [UInt8] = []
        JSONWriter.writeObject(JSONObjectLayout(names: []), values: [], into: &empty)
        #expect(empty == Array("{}".utf8))
    }

    @Test func roundTrips() throws {
        let value = Value.struct([
            .init("s", .string("quote \" backslash \\ newline \n control \u{01} 😀")),
            .init("i", .int(-9_223_372_036_854_775_807)),
            .init("d", .double(-1.2345678901234567e-300)),
            .init("big", .double(1e300)),
            .init("a", .array([.boolean(true), .null, .struct([.init("k", .array([]))])])),
        ])
        #expect(try JSONReader.parse(JSONWriter.encode(value)) == value)
        let text = #"{"b":[1,2.5,"x"],"a":{"c":null,"d":false},"e":"\u00e9"}"#
        #expect(json(try parse(text)) == #"{"b":[1,2.5,"x"],"a":{"c":null,"d":false},"e":"é"}"#)
    }
}

@Suite struct FieldSelectorTests {
    static let record = #"""
        {"skip": {"x": [1, {"y": "}]\"{"}], "z": "\\\""}, "id": 7, "arr": [[["]"]]],
         "s\u0074r": "esc key", "amount": 12345678901234567890.123456789, "n": null, "ts": "2024-01-01T00:00:00Z"}
        """#

    @Test func selectsOnlyRequestedFieldsSkippingTheRest() throws {
        let result = read(Self.record, [
            ("id", .int), ("amount", .decimal(scale: nil)), ("nope", .string), ("n", .int), ("str", .string), ("ts", .timestamp),
        ])
        let values = try result.get()
        #expect(values.count == 6)
        #expect(values[0] == .int(7))
        #expect(values[1] == .decimal(try #require(SQLDecimal("12345678901234567890.123456789"))))
        if case .decimal(let d) = values[1] { #expect(d.description == "12345678901234567890.123456789") }
        #expect(values[2] == .null)
        #expect(values[3] == .null)
        #expect(values[4] == .string("esc key"))
        #expect(values[5] == .timestamp(1_704_067_200_000))
    }

    @Test func wholeObjectGoesToTheExtraSlot() throws {
        let selector = FieldSelector(fields: [("id", .string)], wholeObject: true)
        #expect(selector.wholeObjectSlot == 1)
        #expect(selector.slotCount == 2)
        let values = try read(#"{"id": 5, "x": [1, "a"]}"#, selector).get()
        #expect(values == [.string("5"), .struct([.init("id", .int(5)), .init("x", .array([.int(1), .string("a")]))])])
    }

    @Test func resetsSlotsAndLeavesExtraOnesAlone() throws {
        var values: [Value] = [.int(1), .int(2), .string("keep")]
        try JSONReader.readObject(Array(#"{"b": 3}"#.utf8), fields: FieldSelector(fields: [("a", .int), ("b", .int)]), into: &values)
        #expect(values == [.null, .int(3), .string("keep")])
    }

    @Test func lastDuplicateKeyWinsAndANameMaySelectTwice() throws {
        let values = try read(#"{"a": 1, "a": 2}"#, [("a", .int), ("a", .string)]).get()
        #expect(values == [.int(2), .string("2")])
    }

    @Test func manyFieldsAndSimilarNames() throws {
        let names = (0..<100).map { "field_\($0)" } + ["", "a", "ab", "ba", "field_1x"]
        let selector = FieldSelector(fields: names.map { (name: $0, target: JSONTarget.string) })
        let document = "{" + names.reversed().map { "\"\($0)\": \"v\($0)\"" }.joined(separator: ",") + ", \"other\": 1}"
        let values = try read(document, selector).get()
        for (index, name) in names.enumerated() {
            #expect(values[index] == .string("v" + name))
        }
    }

    @Test func decimalFromNumberAndStringKeepsEveryDigit() throws {
        let values = try read(
            #"{"a": 0.1, "b": "123.45", "c": "-0.000000000000000000000000000000000001", "d": 1.255, "e": 1E+2, "f": 1.50}"#,
            [("a", .decimal(scale: nil)), ("b", .decimal(scale: nil)), ("c", .decimal(scale: nil)), ("d", .decimal(scale: 2)),
             ("e", .decimal(scale: nil)), ("f", .decimal(scale: nil))]
        ).get()
        let texts = values.map { value -> String in
            if case .decimal(let d) = value { return d.description }
            return "not a decimal: \(value)"
        }
        #expect(texts == ["0.1", "123.45", "-0.000000000000000000000000000000000001", "1.26", "100", "1.50"])
    }

    @Test func conversions() throws {
        let values = try read(
            #"{"i1": 3.0, "i2": 1e3, "i3": -42, "d1": 1, "d2": 2.5, "s1": 12.50, "s2": true, "s3": {"a": [1, "}"]}, "b": false}"#,
            [("i1", .int), ("i2", .int), ("i3", .int), ("d1", .double), ("d2", .double), ("s1", .string), ("s2", .string),
             ("s3", .string), ("b", .boolean)]
        ).get()
        #expect(values == [
            .int(3), .int(1000), .int(-42), .double(1), .double(2.5), .string("12.50"), .string("true"),
            .string(#"{"a": [1, "}"]}"#), .boolean(false),
        ])
    }

    @Test func timestampsFromNumbersAndISOStrings() throws {
        let epoch: Int64 = 1_704_067_200_000
        let values = try read(
            #"""
            {"a": 1704067200000, "b": "2024-01-01T00:00:00Z", "c": "2024-01-01T00:00:00.123+02:00",
             "d": "2024-01-01 00:00:00", "e": "2024-01-01", "f": "1704067200000", "g": 1.5e12, "h": "2024-01-01T01:30:00-0130",
             "i": "2023-12-31T23:59:59.9999Z", "j": "1969-12-31T23:59:59.999Z"}
            """#,
            ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].map { (name: $0, target: JSONTarget.timestamp) }
        ).get()
        #expect(values == [
            .timestamp(epoch), .timestamp(epoch), .timestamp(epoch + 123 - 7_200_000), .timestamp(epoch), .timestamp(epoch),
            .timestamp(epoch), .timestamp(1_500_000_000_000), .timestamp(epoch + 3 * 3_600_000), .timestamp(epoch - 1),
            .timestamp(-1),
        ])
    }

    @Test func dates() throws {
        let values = try read(
            #"{"a": "2024-01-01", "b": "1970-01-01", "c": "1969-12-31", "d": "2000-02-29", "e": 5, "f": "2024-01-01T23:00:00-02:00"}"#,
            ["a", "b", "c", "d", "e", "f"].map { (name: $0, target: JSONTarget.date) }
        ).get()
        #expect(values == [.date(19723), .date(0), .date(-1), .date(11016), .date(5), .date(19724)])
        #expect(json(.date(11016)) == #""2000-02-29""#)
        #expect(json(.date(Int32(ISOTime.days(year: -1, month: 12, day: 31)))) == #""-0001-12-31""#)
        #expect(json(.date(Int32(ISOTime.days(year: 12345, month: 1, day: 2)))) == #""12345-01-02""#)
    }

    @Test(arguments: [
        (#"{"amount": "abc"}"#, JSONTarget.decimal(scale: nil), #"field amount: expected DECIMAL, found string "abc""#),
        (#"{"amount": "42"}"#, .int, #"field amount: expected INT, found string "42""#),
        (#"{"amount": 3.5}"#, .int, "field amount: expected INT, found number 3.5"),
        (#"{"amount": 99999999999999999999}"#, .int, "field amount: expected INT, found number 99999999999999999999"),
        (#"{"amount": "1"}"#, .double, #"field amount: expected DOUBLE, found string "1""#),
        (#"{"amount": 1}"#, .boolean, "field amount: expected BOOLEAN, found number 1"),
        (#"{"amount": [1]}"#, .timestamp, "field amount: expected TIMESTAMP, found array"),
        (#"{"amount": "yesterday"}"#, .timestamp, #"field amount: expected TIMESTAMP, found string "yesterday""#),
        (#"{"amount": "2024-02-30"}"#, .date, #"field amount: expected DATE, found string "2024-02-30""#),
        (#"{"amount": {}}"#, .double, "field amount: expected DOUBLE, found object"),
        (#"{"amount": true}"#, .int, "field amount: expected INT, found boolean true"),
        (#"{"amount": 1e39}"#, .decimal(scale: 2), "field amount: expected DECIMAL, found number 1e39"),
        (#"{"amount": 99999999999999999999999999999999999999}"#, .decimal(scale: 2),
         "field amount: expected DECIMAL, number 99999999999999999999999999999999999999 does not fit"),
    ])
    func conversionErrorsNameTheField(document: String, target: JSONTarget, message: String) {
        guard case .failure(let error) = read(document, [("amount", target)]) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.kind == .conversion)
        #expect(error.field == "amount")
        #expect(error.offset == 11)
        #expect(error.description == message)
    }

    @Test func notAnObject() {
        for text in ["[1]", "1", "null", "", #"{"a":1} x"#, #"{"a":1"#] {
            guard case .failure = read(text, [("a", .int)]) else {
                Issue.record("\(text) should fail")
                continue
            }
        }
        #expect(throws: Never.self) { try read("  {}  ", [("a", .int)]).get() }
    }
}
