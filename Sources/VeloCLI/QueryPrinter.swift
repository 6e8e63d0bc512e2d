/// Turns the NDJSON lines of `POST /api/v1/query` into output: a live table, or in JSON mode one row
/// object per line. Lines: `{"header":{"columns":[…]}}`, `{"row":{…}}`, `{"end":{"rows","reason"}}`,
/// `{"error":{…}}`.
struct QueryPrinter: Sendable {
    var output: OutputFormat
    private(set) var rows = 0
    private(set) var endReason: String?
    private(set) var error: APIErrorDetail?
    private var table: LiveTable?
    private var buffered = ""

    init(output: OutputFormat) {
        self.output = output
    }

    /// True once the server said the query is over (`end` or `error`).
    var ended: Bool { endReason != nil || error != nil }

    /// Reads one line; its output is kept until `flush` (so a batch of lines prints in one write).
    mutating func consume(_ line: String) throws(CLIError) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        let event: JSONValue
        do {
            event = try JSONValue.parse(line)
        } catch {
            throw .unexpectedAnswer(url: "/api/v1/query", reason: "a line that is not JSON (\(error)): \(TableRenderer.truncate(line, to: 80))")
        }
        if let header = event["header"] {
            guard output == .table else { return }
            let columns = (header["columns"]?.arrayValue ?? []).compactMap { column in
                column["name"]?.stringValue.map { (name: $0, type: column["type"]?.stringValue) }
            }
            // `*` over a schema-less topic: the columns are whatever the records hold, so the
            // first row names them.
            if !columns.isEmpty, !columns.contains(where: { $0.name == "*" }) { table = LiveTable(columns: columns) }
        } else if let row = event["row"] {
            rows += 1
            if output == .json {
                buffered += row.rendered(pretty: false, sortedKeys: false) + "\n"
                return
            }
            if table == nil, case .object(let members) = row { table = LiveTable(firstRow: members) }
            table?.add(row)
        } else if let end = event["end"] {
            endReason = end["reason"]?.stringValue ?? "end"
        } else if let failure = event["error"] {
            error = APIErrorDetail(
                message: failure["message"]?.stringValue ?? "the query failed",
                line: failure["line"]?.intValue, column: failure["column"]?.intValue, hint: failure["hint"]?.stringValue)
        }
    }

    /// Output ready to print now.
    mutating func flush() -> String {
        defer { buffered = "" }
        return buffered + (table?.flush() ?? "")
    }

    /// A second passed: rows are slow to come, so show the header now (its widths then come from
    /// the column names alone).
    mutating func tick() -> String {
        table?.finish(sizedByType: true) ?? ""
    }

    /// The rest of the output when the stream is over (the header of an empty result).
    mutating func finish() -> String {
        defer { buffered = "" }
        return buffered + (table?.finish() ?? "")
    }

    /// `2 rows (limit)`, or just `2 rows` after Ctrl-C.
    var summary: String {
        var text = Format.plural(rows, "row")
        if let endReason { text += " (\(endReason))" }
        return text
    }
}
