import Testing
@testable import VeloCore

/// All data rows of complete input.
private func rows(_ text: String) throws(CSVError) -> [[String?]] {
    var reader = CSVReader(text: text)
    var result: [[String?]] = []
    while let row = try reader.nextRow() { result.append(row) }
    return result
}

private func rowsError(_ text: String) -> CSVError? {
    do {
        _ = try rows(text)
        return nil
    } catch {
        return error
    }
}

private func csv(_ values: [Value]) -> String {
    var out: [UInt8] = []
    CSVWriter.writeRow(values, into: &out)
    return String(decoding: out, as: UTF8.self)
}

@Suite struct CSVReaderTests {
    @Test func headerAndRows() throws {
        var reader = CSVReader(text: "id,name\n1,alice\n2,bob\n")
        #expect(try reader.readHeader() == ["id", "name"])
        #expect(try reader.nextRow() == ["1", "alice"])
        #expect(try reader.nextRow() == ["2", "bob"])
        #expect(try reader.nextRow() == nil)
    }

    @Test func quotingEdgeCases() throws {
        let text = "a,b,c\r\n"
            + "\"x,y\",\"say \"\"hi\"\"\",\"line1\nline2\"\r\n"
            + ",\"\",\n"
            + "\"\"\"\",\"a\"\"\",\"\"\"b\"\r\n"
            + "only one\n"
            + "\n\r\n"
            + "last,no,newline"
        #expect(try rows(text) == [
            ["x,y", "say \"hi\"", "line1\nline2"],
            [nil, "", nil],
            ["\"", "a\"", "\"b"],
            ["only one", nil, nil],
            ["last", "no", "newline"],
        ])
    }

    @Test func crAloneEndsARecordAndSpacesAreKept() throws {
        #expect(try rows("a,b\r1, 2 \r3,4") == [["1", " 2 "], ["3", "4"]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        var reader = CSVReader(bytes: [0xEF, 0xBB, 0xBF] + Array("id\n1\n".utf8))
        #expect(try reader.readHeader() == ["id"])
        #expect(try reader.nextRow() == ["1"])
    }

    @Test func errorsNameTheLine() {
        #expect(rowsError("a,b\n1,2,3\n")?.description == "line 2: row has 3 fields, the header 2")
        #expect(rowsError("a\n\"multi\nline\"\n\"open\n")?.description == "line 4: unterminated quoted field")
        #expect(rowsError("a,b\n\"x\"y,2\n")?.description == "line 2: unexpected character after a closing quote")
        #expect(rowsError("a\n\"x\"\"")?.line == 2)
    }

    @Test func invalidUTF8IsAnError() {
        var reader = CSVReader(bytes: Array("a\n".utf8) + [0xFF, 0x0A])
        #expect(throws: CSVError.self) { try reader.nextRow() }
        var quoted = CSVReader(bytes: Array("a\n\"".utf8) + [0xC3, 0x22])
        #expect(throws: CSVError.self) { try quoted.nextRow() }
    }

    @Test func chunkedInputGivesTheSameRows() throws {
        let text = "id,note\n1,\"a \"\"quoted\"\" note, with comma\"\n2,\"multi\r\nline\"\r\n3,\n4,\"\""
        let expected = try rows(text)
        for chunkSize in [1, 2, 3, 7] {
            var reader = CSVReader()
            var got: [[String?]] = []
            let bytes = Array(text.utf8)
            var start = 0
            while start < bytes.count {
                reader.append(Array(bytes[start..<min(start + chunkSize, bytes.count)]))
                start += chunkSize
                while let row = try reader.nextRow() { got.append(row) }
            }
            reader.finish()
            while let row = try reader.nextRow() { got.append(row) }
            #expect(got == expected, "chunk size \(chunkSize)")
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 99)
        let alphabet = Array("\",\r\na b".utf8) + [0xC3, 0xA9, 0xFF]
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            var reader = CSVReader(bytes: bytes)
            while let row = try? reader.nextRow() { _ = row }
        }
    }
}

@Suite struct CSVConversionTests {
    @Test func fieldMapConvertsByHeaderPosition() throws {
        let selector = FieldSelector(
            fields: [("amount", .decimal(scale: nil)), ("id", .int), ("ts", .timestamp), ("ok", .boolean), ("missing", .string),
                     ("d", .date), ("x", .double)],
            wholeObject: true
        )
        let header = ["id", "ok", "amount", "ts", "d", "x"]
        let map = CSVFieldMap(header: header, fields: selector)
        var values: [Value] = []
        try map.read([" 42 ", "TRUE", "0.10", "2024-01-01T00:00:00Z", "2024-01-01", nil], into: &values)
        #expect(values.count == 8)
        #expect(values[0] == .decimal(SQLDecimal(significand: 10, scale: 2)))
        if case .decimal(let d) = values[0] { #expect(d.description == "0.10") }
        #expect(Array(values[1..<7]) == [.int(42), .timestamp(1_704_067_200_000), .boolean(true), .null, .date(19723), .null])
        #expect(values[7] == .struct([
            .init("id", .string(" 42 ")), .init("ok", .string("TRUE")), .init("amount", .string("0.10")),
            .init("ts", .string("2024-01-01T00:00:00Z")), .init("d", .string("2024-01-01")), .init("x", .null),
        ]))
    }

    @Test func conversionErrorsNameTheField() {
        let map = CSVFieldMap(header: ["amount"], fields: FieldSelector(fields: [("amount", .decimal(scale: 2))]))
        var values: [Value] = []
        #expect(throws: CSVError(message: #"expected DECIMAL, found "abc""#, field: "amount")) {
            try map.read(["abc"], into: &values)
        }
        let error = CSVError(line: 3, message: #"expected DECIMAL, found "abc""#, field: "amount")
        #expect(error.description == #"line 3: field amount: expected DECIMAL, found "abc""#)
    }

    @Test func textConversions() {
        #expect(JSONTarget.int.value(fromText: "42") == .int(42))
        #expect(JSONTarget.int.value(fromText: "-3.0") == .int(-3))
        #expect(JSONTarget.int.value(fromText: "3.5") == nil)
        #expect(JSONTarget.int.value(fromText: "abc") == nil)
        #expect(JSONTarget.int.value(fromText: "99999999999999999999") == nil)
        #expect(JSONTarget.double.value(fromText: "1e3") == .double(1000))
        #expect(JSONTarget.double.value(fromText: ".5") == .double(0.5))
        #expect(JSONTarget.double.value(fromText: "nan") == nil)
        #expect(JSONTarget.double.value(fromText: "0x10") == nil)
        #expect(JSONTarget.boolean.value(fromText: "False") == .boolean(false))
        #expect(JSONTarget.boolean.value(fromText: "yes") == nil)
        #expect(JSONTarget.timestamp.value(fromText: "1704067200000") == .timestamp(1_704_067_200_000))
        #expect(JSONTarget.timestamp.value(fromText: "2024-01-01T00:00:00.5Z") == .timestamp(1_704_067_200_500))
        #expect(JSONTarget.timestamp.value(fromText: "2024-01-01T25:00:00Z") == nil)
        #expect(JSONTarget.date.value(fromText: "2024-02-29") == .date(19782))
        #expect(JSONTarget.date.value(fromText: "2023-02-29") == nil)
        #expect(JSONTarget.decimal(scale: 1).value(fromText: "2.25") == .decimal(SQLDecimal(significand: 23, scale: 1)))
        #expect(JSONTarget.decimal(scale: nil).value(fromText: "1e3") == .decimal(SQLDecimal(1000)))
        #expect(JSONTarget.int.value(fromText: "   ") == .null)
        #expect(JSONTarget.string.value(fromText: " keep ") == .string(" keep "))
    }
}

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhenNeeded() {
        #expect(csv([.string("plain"), .string("a,b"), .string("say \"hi\""), .string("two\nlines"), .string("cr\r")])
            == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\n")
        #expect(csv([.null, .string(""), .null]) == ",\"\",\n")
        #expect(csv([.string(" spaced ")]) == " spaced \n")
    }

    @Test func representations() throws {
        let decimal = try #require(SQLDecimal("12345678901234567890.1234567890"))
        #expect(csv([.int(-7), .boolean(true), .double(0.1), .double(.nan), .decimal(decimal), .date(19723), .timestamp(1000)])
            == "-7,true,0.1,,12345678901234567890.1234567890,2024-01-01,1000\n")
        #expect(csv([.array([.int(1), .string("x")]), .struct([.init("k", .int(1))])]) == "\"[1,\"\"x\"\"]\",\"{\"\"k\"\":1}\"\n")
    }

    @Test func headerAndRowsRoundTrip() throws {
        let names = ["id", "text,with comma", "q\"uote"]
        let data: [[String?]] = [
            ["1", "plain", nil],
            ["2", "", "\"quoted\""],
            [nil, "multi\r\nline", "a,b"],
            ["é中😀", " x ", "end"],
        ]
        var out: [UInt8] = []
        CSVWriter.writeHeader(names, into: &out)
        for row in data { CSVWriter.writeRow(row.map { $0.map(Value.string) ?? .null }, into: &out) }
        var reader = CSVReader(bytes: out)
        #expect(try reader.readHeader() == names)
        var back: [[String?]] = []
        while let row = try reader.nextRow() { back.append(row) }
        #expect(back == data)
    }
}
