import Testing
@testable import VeloCLI

@Suite("TableRenderer")
struct TableRendererTests {
    @Test("header, dashed rule, aligned rows; numeric columns right-aligned; last column unpadded")
    func alignedTable() {
        let text = TableRenderer(columns: ["NAME", "STATE", "IN"]).render([
            ["big_trades", "running", "1200"],
            ["vwap", "failed", "7"],
        ])
        #expect(text == """
            NAME        STATE      IN
            ----------  -------  ----
            big_trades  running  1200
            vwap        failed      7

            """)
    }

    @Test("placeholders (-, null, empty) do not stop a column from being numeric")
    func placeholdersKeepNumbersRight() {
        let text = TableRenderer(columns: ["LAG", "NOTE"]).render([["-", "a"], ["12", "b"], ["3.5", "c"]])
        #expect(text == """
            LAG  NOTE
            ---  ----
              -  a
             12  b
            3.5  c

            """)
    }

    @Test("numbers as the CLI and JSON write them", arguments: ["0", "-12", "3.50", "1e6", "1,200", "+4", "1.5E-3"])
    func numbers(_ text: String) {
        #expect(TableRenderer.isNumber(text))
    }

    @Test("not numbers", arguments: ["", "-", "abc", "2026-11-29", "12 s", "1-2", "nan", "inf", "0x1F"])
    func notNumbers(_ text: String) {
        #expect(!TableRenderer.isNumber(text))
    }

    @Test("a column with a word in it is left-aligned")
    func mixedColumnIsLeft() {
        #expect(TableRenderer.alignment(for: ["1", "two", "3"]) == .left)
        #expect(TableRenderer.alignment(for: ["-", "null", ""]) == .left)
        #expect(TableRenderer.alignment(for: ["1", "-", "20"]) == .right)
    }

    @Test("cells are cut at the maximum width with …, and put on one line")
    func truncationAndFlattening() {
        let long = String(repeating: "x", count: 50)
        let text = TableRenderer(columns: ["A", "B"], maximumWidth: 10).render([[long, "one\ntwo\tthree"]])
        #expect(text == """
            A           B
            ----------  ----------
            xxxxxxxxx…  one two t…

            """)
        #expect(TableRenderer.truncate("abc", to: 3) == "abc")
        #expect(TableRenderer.truncate("abcd", to: 3) == "ab…")
        #expect(TableRenderer.truncate("héllo wörld", to: 5) == "héll…")
        #expect(TableRenderer.truncate("abc", to: 1) == "…")
        #expect(TableRenderer.truncate("abc", to: 0) == "")
    }

    @Test("widths are terminal columns: accents take one, CJK and emoji two")
    func unicodeWidths() {
        let text = TableRenderer(columns: ["SYMBOL", "N"]).render([["éléphant", "1"], ["😀", "22"], ["中文", "3"]])
        #expect(text == """
            SYMBOL     N
            --------  --
            éléphant   1
            😀        22
            中文       3

            """)
        #expect(TableRenderer.width(of: "e\u{301}") == 1)
        #expect(TableRenderer.truncate("中文中文中文", to: 6) == "中文…")
    }

    @Test("short rows are padded; without a header only the rows are printed")
    func paddingAndHeaderless() {
        let text = TableRenderer(columns: ["K", "V"], alignments: [.left, .left], showsHeader: false)
            .render([["state", "running"], ["x"]])
        #expect(text == "state  running\nx\n")
    }

    @Test("a long last column does not stretch the rule past 40 dashes")
    func ruleOfLongLastColumn() {
        let sql = String(repeating: "s", count: 100)
        let lines = TableRenderer(columns: ["NAME", "SQL"]).render([["a", sql]]).split(separator: "\n")
        #expect(lines[1] == "----  " + String(repeating: "-", count: 40))
        #expect(lines[2] == "a     " + sql)
    }

    @Test("no rows: the header and the rule")
    func empty() {
        #expect(TableRenderer(columns: ["NAME", "STATE"]).render([]) == "NAME  STATE\n----  -----\n")
    }
}
