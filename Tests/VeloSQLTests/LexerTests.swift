import Foundation
import Testing
import VeloSQL

private func kinds(_ sql: String) throws -> [Token.Kind] {
    try Lexer.tokenize(sql).tokens.map(\.kind).dropLast()
}

@Suite("Lexer")
struct LexerTests {
    @Test("keywords are case-insensitive; identifiers keep their case; quoted forms undo doubled quotes")
    func wordsAndQuotes() throws {
        #expect(try kinds(#"select Price FROM "My ""T""" `b``q`"#) == [
            .keyword("SELECT"), .identifier("Price"), .keyword("FROM"),
            .quotedIdentifier(#"My "T""#), .quotedIdentifier("b`q"),
        ])
        #expect(try kinds("key session") == [.keyword("KEY"), .keyword("SESSION")])
    }

    @Test("strings, numbers, exponents and shorthand intervals")
    func literals() throws {
        #expect(try kinds("'it''s' 42 3.14 .5 2e10 1.5E-3 5s 10m 1h 250ms 2d 7") == [
            .string("it's"), .integer("42"), .decimal("3.14"), .decimal(".5"), .decimal("2e10"), .decimal("1.5E-3"),
            .duration("5", unit: "s"), .duration("10", unit: "m"), .duration("1", unit: "h"),
            .duration("250", unit: "ms"), .duration("2", unit: "d"), .integer("7"),
        ])
    }

    @Test("operators, longest match first")
    func operators() throws {
        #expect(try kinds("a<>b != c <= d >= e || f % g < h > i = j") == [
            .identifier("a"), .symbol("<>"), .identifier("b"), .symbol("!="), .identifier("c"), .symbol("<="),
            .identifier("d"), .symbol(">="), .identifier("e"), .symbol("||"), .identifier("f"), .symbol("%"),
            .identifier("g"), .symbol("<"), .identifier("h"), .symbol(">"), .identifier("i"), .symbol("="), .identifier("j"),
        ])
    }

    @Test("comments are kept apart; annotations are read from line comments")
    func comments() throws {
        let output = try Lexer.tokenize("-- @name: big_orders\n/* a /* nested */ note */ SELECT 1 -- trailing")
        #expect(output.tokens.map(\.kind).dropLast() == [.keyword("SELECT"), .integer("1")])
        #expect(output.comments.count == 3)
        #expect(output.comments[0].annotation?.key == "name")
        #expect(output.comments[0].annotation?.value == "big_orders")
        #expect(output.comments[1].annotation == nil)
    }

    @Test("positions are 1-based line and column")
    func positions() throws {
        let tokens = try Lexer.tokenize("SELECT\n  amount,\r\n  ü FROM t").tokens
        #expect(tokens[1].span.start == VeloSQL.SourceLocation(line: 2, column: 3, offset: 9))
        #expect(tokens[3].span.start.line == 3)
        #expect(tokens[3].span.start.column == 3)
        #expect(tokens[4].span.start.column == 5)
    }

    @Test("unterminated strings, identifiers and comments, stray characters and bad numbers say where")
    func errors() {
        let cases: [(String, LexError.Reason, VeloSQL.SourceLocation)] = [
            ("SELECT 'abc", .unterminatedString, VeloSQL.SourceLocation(line: 1, column: 8, offset: 7)),
            ("SELECT\n\"abc", .unterminatedQuotedIdentifier, VeloSQL.SourceLocation(line: 2, column: 1, offset: 7)),
            ("SELECT /* x", .unterminatedComment, VeloSQL.SourceLocation(line: 1, column: 8, offset: 7)),
            ("SELECT a ? b", .unexpectedCharacter("?"), VeloSQL.SourceLocation(line: 1, column: 10, offset: 9)),
            ("SELECT 12abc", .malformedNumber("12abc"), VeloSQL.SourceLocation(line: 1, column: 8, offset: 7)),
        ]
        for (sql, reason, location) in cases {
            do throws(LexError) {
                _ = try Lexer.tokenize(sql)
                Issue.record("\(sql) must fail")
            } catch {
                #expect(error.reason == reason, "\(sql)")
                #expect(error.location == location, "\(sql)")
            }
        }
    }

    @Test("the keyword table equals Grammar/keywords.txt")
    func keywordTableMatchesGrammar() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Grammar/keywords.txt"), encoding: .utf8)
        var reserved: Set<String> = []
        var nonReserved: Set<String> = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 2 else {
                Issue.record("malformed line in keywords.txt: \(line)")
                continue
            }
            if parts[1] == "reserved" { reserved.insert(String(parts[0])) } else { nonReserved.insert(String(parts[0])) }
        }
        #expect(Keyword.reserved == reserved)
        #expect(Keyword.nonReserved == nonReserved)
        #expect(reserved.isDisjoint(with: nonReserved))
    }

    @Test("random bytes never crash the lexer")
    func randomInput() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("SELECT from 'x'\"`/*-+<>=!|.0123456789eE\n\t ;,()ü€?")
        for _ in 0..<5_000 {
            let length = Int.random(in: 0..<60, using: &generator)
            let sql = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            _ = try? Lexer.tokenize(sql)
        }
    }
}
