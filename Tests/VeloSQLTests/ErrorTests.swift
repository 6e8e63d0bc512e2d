import Testing
import VeloSQL

@Suite("Syntax errors")
struct ErrorTests {
    @Test("a misspelt keyword: expected FROM, found 'FORM', did you mean FROM?, with line, column and caret")
    func misspeltKeyword() throws {
        let error = try #require(errors("SELECT a, b\nFORM orders").first)
        #expect(error.message == "expected FROM, found 'FORM'")
        #expect(error.hint == "did you mean FROM?")
        #expect(error.line == 2 && error.column == 1)
        #expect(DiagnosticRenderer(source: "SELECT a, b\nFORM orders", fileName: "q.sql").render(error) == """
            error: expected FROM, found 'FORM'
             --> q.sql:2:1
              |
            2 | FORM orders
              | ^^^^
              = hint: did you mean FROM?

            """)
        let cases: [(String, String)] = [
            ("SELECT a FROM t WHRE a > 1", "WHERE"),
            ("SELECT a FROM t GROPU BY a", "GROUP BY"),
            ("SELECT a FROM t WINDOW TUMBLNG(1m)", "TUMBLING"),
            ("SELECT a FROM t EMIT CHANGE", "CHANGES"),
            ("SELECT a FROM t ORDR BY a", "ORDER BY"),
            ("CREATE STREM s (a INT)", "STREAM"),
            ("SELEC a FROM t", "SELECT"),
            ("CREATE STREAM s (a INTT)", "INT"),
            ("SELECT INTERVAL '5' SECONDZ", "SECOND"),
            ("SELECT * FROM a LEFT JION b ON a.k = b.k", "JOIN"),
        ]
        for (sql, meant) in cases {
            let error = try #require(errors(sql).first)
            #expect(error.hint == "did you mean \(meant)?", "\(sql): \(error)")
        }
    }

    @Test("everything that would have been accepted is listed when there is no near miss")
    func expectedList() throws {
        let error = try #require(errors("SELECT a FROM t 42").first)
        #expect(error.message.hasPrefix("expected "))
        #expect(error.message.contains("WHERE") && error.message.contains("';'") && error.message.hasSuffix("found '42'"))
        #expect(!error.message.contains("FROM"), "FROM is already written: \(error.message)")
        #expect(error.column == 17)
    }

    @Test("unterminated strings, quoted names and comments say where they began; earlier statements still count")
    func unterminated() throws {
        let result = SQL.parse("SELECT 1;\nSELECT 'abc FROM t;\nSELECT 2;")
        #expect(result.statements.count == 1)
        let string = try #require(result.errors.first)
        #expect(string.message.contains("unterminated string"))
        #expect(string.line == 2 && string.column == 8)
        let comment = try #require(errors("SELECT 1 /* note").first)
        #expect(comment.message.contains("unterminated comment") && comment.column == 10)
        let quoted = try #require(errors("SELECT \"abc FROM t").first)
        #expect(quoted.message.contains("unterminated quoted identifier"))
    }

    @Test("unbalanced parentheses get their own messages")
    func parentheses() throws {
        let open = try #require(errors("SELECT (a + 1").first)
        #expect(open.message == "unbalanced parentheses: '(' opened at 1:8 is never closed")
        #expect(open.column == 8)
        let stray = try #require(errors("SELECT a) FROM t").first)
        #expect(stray.message == "unbalanced parentheses: ')' has no matching '('")
        #expect(stray.column == 9)
        let inside = try #require(errors("SELECT COUNT(a FROM t").first)
        #expect(inside.message == "expected ',' or ')', found 'FROM'")
        #expect(inside.hint?.contains("the '(' at 1:13 is still open") == true)
    }

    @Test("a missing ';' between statements is named, and both statements are still read")
    func missingSemicolon() throws {
        let result = SQL.parse("SELECT a FROM t\nSELECT b FROM u;")
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.message == "missing ';' between statements")
        #expect(error.line == 1 && error.column == 16)
        #expect(result.statements.count == 2)
    }

    @Test("a clause in the wrong order says which order")
    func clauseOrder() throws {
        let cases: [(String, String)] = [
            ("SELECT a FROM t GROUP BY a WHERE a > 1", "WHERE must come before GROUP BY"),
            ("SELECT a FROM t HAVING a > 1 GROUP BY a", "GROUP BY must come before HAVING"),
            ("SELECT a WHERE a > 1 FROM t", "FROM must come before WHERE"),
            ("SELECT a FROM t LIMIT 1 ORDER BY a", "ORDER BY must come before LIMIT"),
            ("SELECT a FROM t ORDER BY a WHERE a > 1", "WHERE must come before ORDER BY"),
            ("SELECT a FROM t WHERE a > 1 WHERE a < 2", "duplicate WHERE clause (the first is at 1:17)"),
            ("FROM t SELECT a", "a query starts with SELECT, found FROM"),
            ("SELECT a FROM t EMIT CHANGES WHERE a > 1", "WHERE must come before EMIT"),
            ("SELECT a FROM t EMIT CHANGES GROUP BY a", "GROUP BY must come before EMIT"),
        ]
        for (sql, message) in cases {
            #expect(errors(sql).first?.message == message, "\(sql)")
        }
    }

    @Test("other mistakes are named: UNION without ALL, window arity, reserved words as names, duplicate properties")
    func otherMistakes() throws {
        #expect(errors("SELECT a FROM t UNION SELECT a FROM u").first?.message == "only UNION ALL is supported, found UNION 'SELECT'")
        #expect(errors("SELECT COUNT(*) FROM t WINDOW HOPPING(1m)").first?.message == "HOPPING takes 2 or 3 arguments, found 1")
        let reserved = try #require(errors("SELECT a FROM select").first)
        #expect(reserved.message == "expected a stream, table or topic name, found the reserved word SELECT")
        #expect(reserved.hint == "quote it to use it as a name: \"select\"")
        #expect(errors("CREATE STREAM s WITH ('topic' = 'a', 'topic' = 'b')").first?.message == "property 'topic' is set twice (first at 1:23)")
        #expect(errors("CREATE STREAM s (a INT) AS SELECT 1").first?.message == "CREATE … AS SELECT takes its columns from the query")
        #expect(errors("CREATE TABLE t (a DECIMAL(2, 5))").first?.message == "DECIMAL scale 5 is larger than its precision 2")
        #expect(errors("SELECT a FROM t EMIT CHANGES EMIT FINAL").first?.message.hasPrefix("EMIT is written twice") == true)
        #expect(errors("SELECT CASE WHEN a THEN 1 FROM t").first?.hint == "the CASE at 1:8 needs END")
        #expect(errors("SELECT INTERVAL 'five' SECOND").first?.message == "interval value 'five' is not a number")
        #expect(errors("CREATE TABLE t").first?.message == "expected WITH, AS or '(', found end of input")
        #expect(errors("SELECT CASE WHEN a THEN 1 FROM t").first?.message == "expected WHEN, ELSE or END, found 'FROM'")
        #expect(errors("SELECT a FROM t;\nSELECT").first?.message == "expected DISTINCT, ALL, '*' or an expression, found end of input")
    }

    @Test("in a script every broken statement is reported, and the good ones are kept")
    func everyBrokenStatement() {
        let result = SQL.parse("""
            SELECT a FROM t;
            SELECT a FORM t;
            CREATE STREAM ok AS SELECT * FROM t;
            SELECT (a FROM t;
            SELECT a FROM t GROUP BY a WHERE b;
            SHOW JOBS
            """)
        #expect(result.errors.map(\.line) == [2, 4, 5])
        #expect(result.statements.count == 3)
    }

    @Test("deep nesting is an error, not a crash")
    func deepNesting() throws {
        for sql in [
            "SELECT " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000),
            "SELECT " + String(repeating: "NOT ", count: 5_000) + "a",
            "SELECT " + String(repeating: "- ", count: 5_000) + "1",
            String(repeating: "SELECT * FROM (", count: 2_000) + "SELECT 1" + String(repeating: ")", count: 2_000),
            "CREATE STREAM s (a " + String(repeating: "ARRAY<", count: 5_000) + "INT" + String(repeating: ">", count: 5_000) + ")",
        ] {
            let error = try #require(errors(sql).first)
            #expect(error.message.hasPrefix("nested too deeply"))
        }
        // 150 levels are fine.
        expectRoundTrip("SELECT " + String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150))
    }

    @Test("stray characters and malformed numbers are reported and the rest of the script still read")
    func lexicalErrorsRecover() {
        let result = SQL.parse("SELECT a ? b FROM t;\nSELECT 12abc;\nSELECT 3;")
        #expect(result.errors.map(\.line) == [1, 2])
        #expect(result.errors.first?.message == "unexpected character '?'")
        #expect(result.statements.count >= 1)
    }
}
