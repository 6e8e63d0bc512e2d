import Testing
@testable import VeloCLI

@Suite("JSONValue")
struct JSONValueTests {
    @Test("numbers keep their text: DECIMAL(12,2) 189.50 stays 189.50, big integers stay exact")
    func numbersKeepText() throws {
        let value = try JSONValue.parse(#"{"price":189.50,"id":9007199254740993,"e":-1.5E+3}"#)
        #expect(value["price"] == .number("189.50"))
        #expect(value["id"] == .number("9007199254740993"))
        #expect(value.rendered(pretty: false, sortedKeys: false) == #"{"price":189.50,"id":9007199254740993,"e":-1.5E+3}"#)
    }

    @Test("members keep the server's order; sortedKeys orders them for --output json")
    func memberOrder() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":{"d":[true,false,null],"c":"x"}}"#)
        #expect(value.rendered(pretty: false, sortedKeys: false) == #"{"b":1,"a":{"d":[true,false,null],"c":"x"}}"#)
        #expect(value.rendered(pretty: true, sortedKeys: true) == """
            {
              "a": {
                "c": "x",
                "d": [
                  true,
                  false,
                  null
                ]
              },
              "b": 1
            }
            """)
    }

    @Test("empty containers print compactly")
    func emptyContainers() throws {
        #expect(try JSONValue.parse(#"{"a":[],"b":{}}"#).rendered(pretty: true, sortedKeys: true) == "{\n  \"a\": [],\n  \"b\": {}\n}")
    }

    @Test("string escapes, \\u escapes and surrogate pairs; printing escapes what JSON requires and not /")
    func strings() throws {
        let value = try JSONValue.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u0001""#)
        #expect(value == .string("a\"b\\c/d\n\té😀\u{01}"))
        #expect(value.rendered(pretty: false, sortedKeys: false) == #""a\"b\\c/d\n\té😀\u0001""#)
        #expect(try JSONValue.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
        #expect(try JSONValue.parse(#""héllo 中文""#) == .string("héllo 中文"))
    }

    @Test("cell text: strings bare, null as null, nested values as compact JSON")
    func cellText() throws {
        let row = try JSONValue.parse(#"{"s":"AAPL","n":null,"b":true,"o":{"x":[1, 2]}}"#)
        #expect(row["s"]?.cellText == "AAPL")
        #expect(row["n"]?.cellText == "null")
        #expect(row["b"]?.cellText == "true")
        #expect(row["o"]?.cellText == #"{"x":[1,2]}"#)
    }

    @Test("malformed documents are errors, not crashes", arguments: [
        "", "{", "[1,", #"{"a" 1}"#, #"{"a":1,}"#, "[1 2]", "01x", "-", "1.", "1e", "tru", "nul", #""abc"#,
        #""\x""#, #""\u12G4""#, "{} {}", "\"a\u{01}b\"",
    ])
    func malformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test("nesting deeper than 512 levels is an error, not a stack overflow")
    func deepNesting() throws {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(String(repeating: "[", count: 100_000)) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try JSONValue.parse(fine).rendered(pretty: false, sortedKeys: false) == fine)
    }

    @Test("accessors")
    func accessors() throws {
        let value = try JSONValue.parse(#"{"line":3,"f":2.0,"s":"x","a":[1]}"#)
        #expect(value["line"]?.intValue == 3)
        #expect(value["f"]?.intValue == 2)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["a"]?.arrayValue == [.number("1")])
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("x")["key"] == nil)
    }
}
