import Testing
@testable import VeloCLI

@Suite("Query output")
struct QueryPrinterTests {
    static let header = #"{"header":{"columns":[{"name":"symbol","type":"VARCHAR"},{"name":"price","type":"DECIMAL(12,2)"}]}}"#

    @Test("the header prints with the first rows, whose widths it takes; later rows print as they come")
    func liveTable() throws {
        var printer = QueryPrinter(output: .table)
        try printer.consume(Self.header)
        #expect(printer.flush() == "")
        try printer.consume(#"{"row":{"symbol":"AAPL","price":189.50}}"#)
        try printer.consume(#"{"row":{"price":1412.10,"symbol":"MSFT"}}"#)
        #expect(printer.flush() == """
            symbol    price
            ------  -------
            AAPL     189.50
            MSFT    1412.10

            """)
        try printer.consume(#"{"row":{"symbol":"GOOG","price":null}}"#)
        #expect(printer.flush() == "GOOG       null\n")
        try printer.consume(#"{"end":{"rows":3,"reason":"limit"}}"#)
        #expect(printer.ended)
        #expect(printer.finish() == "")
        #expect(printer.rows == 3)
        #expect(printer.summary == "3 rows (limit)")
    }

    @Test("a later, wider value widens its column from then on")
    func wideningColumn() throws {
        var printer = QueryPrinter(output: .table)
        try printer.consume(Self.header)
        try printer.consume(#"{"row":{"symbol":"A","price":1}}"#)
        _ = printer.flush()
        try printer.consume(#"{"row":{"symbol":"BERKSHIRE","price":2}}"#)
        #expect(printer.flush() == "BERKSHIRE      2\n")
    }

    @Test("long values are cut at 40 characters with …")
    func truncation() throws {
        var printer = QueryPrinter(output: .table)
        try printer.consume(Self.header)
        try printer.consume(#"{"row":{"symbol":""# + String(repeating: "x", count: 60) + #"","price":1}}"#)
        let lines = printer.flush().split(separator: "\n")
        #expect(lines[2] == String(repeating: "x", count: 39) + "…      1")
    }

    @Test("no rows: the header still prints at the end")
    func emptyResult() throws {
        var printer = QueryPrinter(output: .table)
        try printer.consume(Self.header)
        try printer.consume(#"{"end":{"rows":0,"reason":"timeout"}}"#)
        #expect(printer.flush() == "")
        #expect(printer.finish() == "symbol  price\n------  -----\n")
        #expect(printer.summary == "0 rows (timeout)")
    }

    @Test("rows without a header: columns from the first row, in its order")
    func noHeader() throws {
        var printer = QueryPrinter(output: .table)
        try printer.consume(#"{"row":{"id":7,"name":"x"}}"#)
        #expect(printer.flush() == "id  name\n--  ----\n 7  x\n")
    }

    @Test("JSON mode: each row object on its own line, exactly as sent")
    func jsonMode() throws {
        var printer = QueryPrinter(output: .json)
        try printer.consume(Self.header)
        try printer.consume(#"{"row":{"symbol":"AAPL","price":189.50}}"#)
        try printer.consume("")
        try printer.consume(#"{"row":{"symbol":"é","price":1}}"#)
        #expect(printer.flush() == "{\"symbol\":\"AAPL\",\"price\":189.50}\n{\"symbol\":\"é\",\"price\":1}\n")
        #expect(printer.finish() == "")
        #expect(printer.summary == "2 rows")
    }

    @Test("an error line ends the query with the API's error")
    func errorLine() throws {
        var printer = QueryPrinter(output: .table)
        try printer.consume(#"{"error":{"message":"division by zero","hint":"use NULLIF"}}"#)
        #expect(printer.ended)
        #expect(printer.error?.oneLine == "division by zero (use NULLIF)")
    }

    @Test("a line that is not JSON is an error naming it")
    func garbage() {
        var printer = QueryPrinter(output: .table)
        #expect(throws: CLIError.self) { try printer.consume("<html>") }
    }

    @Test("numeric SQL types are right-aligned", arguments: ["BIGINT", "INT", "DOUBLE", "DECIMAL(12,2)", "decimal(3, 1)", "REAL"])
    func numericTypes(_ type: String) {
        #expect(LiveTable.isNumericType(type))
    }

    @Test("other SQL types are left-aligned", arguments: ["VARCHAR", "TIMESTAMP", "BOOLEAN", "INTERVAL", "STRING", "DATE"])
    func otherTypes(_ type: String) {
        #expect(!LiveTable.isNumericType(type))
    }
}

@Suite("Live table")
struct LiveTableTests {
    @Test("when rows are slow, the header shows on a tick, sized by the column types")
    func headerOnTick() throws {
        var printer = QueryPrinter(output: .table)
        try printer.consume(#"{"header":{"columns":[{"name":"s","type":"VARCHAR"},{"name":"p","type":"DECIMAL(6,2)"},{"name":"t","type":"TIMESTAMP"}]}}"#)
        #expect(printer.tick() == """
            s         p  t
            -  --------  -----------------------
            """ + "\n")
        #expect(printer.tick() == "")
        try printer.consume(#"{"row":{"s":"AAPL","p":189.50,"t":"2026-11-29T12:00:00.000"}}"#)
        #expect(printer.flush() == "AAPL    189.50  2026-11-29T12:00:00.000\n")
    }

    @Test("a column of type ANY (a schema-less source) is aligned by its first values: numbers right, text left")
    func dynamicColumns() throws {
        var printer = QueryPrinter(output: .table)
        try printer.consume(#"{"header":{"columns":[{"name":"id","type":"ANY"},{"name":"sym","type":"ANY"}]}}"#)
        try printer.consume(#"{"row":{"id":7,"sym":"AAPL"}}"#)
        try printer.consume(#"{"row":{"id":12,"sym":"MSFT"}}"#)
        #expect(printer.flush() == """
            id  sym
            --  ----
             7  AAPL
            12  MSFT
            """ + "\n")
    }

    @Test("a column of type ANY whose header showed on a tick is still aligned by its first values")
    func dynamicColumnsAfterTick() throws {
        var printer = QueryPrinter(output: .table)
        try printer.consume(#"{"header":{"columns":[{"name":"id","type":"ANY"},{"name":"twice","type":"ANY"}]}}"#)
        #expect(printer.tick() == "id  twice\n--  -----\n")
        try printer.consume(#"{"row":{"id":0,"twice":0}}"#)
        try printer.consume(#"{"row":{"id":1,"twice":20}}"#)
        #expect(printer.flush() == " 0      0\n 1     20\n")
    }

    @Test("typical widths", arguments: [("DECIMAL(12,2)", 14), ("decimal(3, 1)", 5), ("BIGINT", 8), ("VARCHAR", 0), ("TIMESTAMP(3)", 23), ("DECIMAL(99,2)", 40)])
    func typicalWidths(_ type: String, _ width: Int) {
        #expect(LiveTable.typicalWidth(type) == width)
    }
}
