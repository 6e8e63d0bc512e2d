import Testing
@testable import VeloCLI

@Suite("NDJSON line splitter")
struct LineSplitterTests {
    static let text = #"{"header":{"columns":[{"name":"s","type":"VARCHAR"}]}}"# + "\n"
        + #"{"row":{"s":"éléphant – 😀 中文"}}"# + "\r\n"
        + "\n"
        + #"{"row":{"s":"ü"}}"# + "\n"
        + #"{"end":{"rows":2,"reason":"limit"}}"#
    static let expected = [
        #"{"header":{"columns":[{"name":"s","type":"VARCHAR"}]}}"#,
        #"{"row":{"s":"éléphant – 😀 中文"}}"#,
        "",
        #"{"row":{"s":"ü"}}"#,
        #"{"end":{"rows":2,"reason":"limit"}}"#,
    ]

    /// Every way to cut the bytes in two, including inside each multi-byte character.
    @Test("two chunks cut at every byte give the same lines")
    func everySplitPoint() {
        let bytes = Array(Self.text.utf8)
        for cut in 0...bytes.count {
            var splitter = LineSplitter()
            var lines = splitter.feed(bytes[..<cut])
            lines += splitter.feed(bytes[cut...])
            if let last = splitter.finish() { lines.append(last) }
            #expect(lines == Self.expected, "cut at byte \(cut)")
        }
    }

    @Test("one byte at a time")
    func byteByByte() {
        var splitter = LineSplitter()
        var lines: [String] = []
        for byte in Self.text.utf8 { lines += splitter.feed([byte]) }
        if let last = splitter.finish() { lines.append(last) }
        #expect(lines == Self.expected)
    }

    @Test("chunks of pseudo-random sizes")
    func randomChunks() {
        let bytes = Array(Self.text.utf8)
        var seed: UInt64 = 42
        for _ in 0..<200 {
            var splitter = LineSplitter()
            var lines: [String] = []
            var start = 0
            while start < bytes.count {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let size = Int(seed >> 59) + 1
                let end = min(bytes.count, start + size)
                lines += splitter.feed(bytes[start..<end])
                start = end
            }
            if let last = splitter.finish() { lines.append(last) }
            #expect(lines == Self.expected)
        }
    }

    @Test("a line is returned only when its newline arrives; finish returns nothing when all is read")
    func pendingUntilNewline() {
        var splitter = LineSplitter()
        #expect(splitter.feed(Array(#"{"row":"#.utf8)) == [])
        #expect(splitter.feed(Array("1}\n{\"e".utf8)) == [#"{"row":1}"#])
        #expect(splitter.feed(Array("nd\":{}}\n".utf8)) == [#"{"end":{}}"#])
        #expect(splitter.finish() == nil)
    }

    @Test("invalid UTF-8 is repaired, not fatal")
    func invalidUTF8() {
        var splitter = LineSplitter()
        #expect(splitter.feed([0x61, 0xFF, 0x62, 0x0A]) == ["a\u{FFFD}b"])
    }
}
