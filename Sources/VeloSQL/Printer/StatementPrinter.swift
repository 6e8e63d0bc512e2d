/// Writes statements in canonical form. `SQLPrinter` is the public face.
enum StatementPrinter {
    static func print(_ statement: Statement, into layout: inout Layout) {
        switch statement.kind {
        case .createStream(let create):
            createHead("CREATE STREAM", name: create.name, columns: create.columns, primaryKey: [], properties: create.properties,
                       propertiesAfterQuery: create.propertiesAfterQuery, query: create.query, statement: statement, into: &layout)
        case .createTable(let create):
            createHead("CREATE TABLE", name: create.name, columns: create.columns, primaryKey: create.primaryKey, properties: create.properties,
                       propertiesAfterQuery: create.propertiesAfterQuery, query: create.query, statement: statement, into: &layout)
        case .insert(let insert):
            layout.add("INSERT INTO " + SQLText.identifier(insert.target), anchor: QueryPrinter.point(statement.span))
            QueryPrinter.print(insert.query, into: &layout)
        case .query(let query):
            QueryPrinter.print(query, into: &layout)
        case .show(let target):
            layout.add("SHOW " + target.rawValue, anchor: statement.span)
        case .describe(let name):
            layout.add("DESCRIBE " + SQLText.identifier(name), anchor: statement.span)
        case .explain(let inner):
            var innerLayout = Layout()
            innerLayout.commentOffsets = layout.commentOffsets
            print(inner, into: &innerLayout)
            if var first = innerLayout.lines.first {
                first.text = "EXPLAIN " + first.text
                innerLayout.lines[0] = first
            }
            for line in innerLayout.lines {
                layout.lines.append(Layout.Line(indent: layout.indent + line.indent, text: line.text, anchor: line.anchor))
            }
        case .drop(let kind, let name):
            layout.add("DROP \(kind.rawValue) " + SQLText.identifier(name), anchor: statement.span)
        case .job(let action, let name):
            layout.add("\(action.rawValue) JOB " + SQLText.identifier(name), anchor: statement.span)
        }
    }

    /// `CREATE … name (columns) WITH (properties) AS query`.
    private static func createHead(
        _ head: String, name: String, columns: [ColumnDefinition], primaryKey: [String], properties: [Property],
        propertiesAfterQuery: Int, query: Query?, statement: Statement, into layout: inout Layout
    ) {
        layout.add(head + " " + SQLText.identifier(name), anchor: QueryPrinter.point(statement.span))
        if !columns.isEmpty {
            layout.append(" (")
            // A key of one declared column is printed on the column; any other key as its own element.
            let inline = primaryKey.count == 1 && columns.contains { $0.name == primaryKey[0] }
            layout.indented { layout in
                for (index, column) in columns.enumerated() {
                    var text = columnName(column.name) + " " + SQLText.dataType(column.type)
                    if inline, column.name == primaryKey[0] { text += " PRIMARY KEY" }
                    if column.isKey { text += " KEY" }
                    if column.notNull { text += " NOT NULL" }
                    let last = index == columns.count - 1 && (inline || primaryKey.isEmpty)
                    layout.add(text + (last ? "" : ","), anchor: column.span)
                }
                if !inline, !primaryKey.isEmpty {
                    layout.add("PRIMARY KEY (" + primaryKey.map(SQLText.identifier).joined(separator: ", ") + ")")
                }
            }
            layout.add(")")
        }
        // Properties written after the query are printed after it.
        let after = query == nil ? 0 : min(max(propertiesAfterQuery, 0), properties.count)
        withList(Array(properties.dropLast(after)), into: &layout)
        if let query {
            layout.append(" AS")
            QueryPrinter.print(query, into: &layout)
            if after > 0 {
                layout.add("")
                withList(Array(properties.suffix(after)), into: &layout)
                // `WITH (` goes on its own line after the query.
                if let index = layout.lines.lastIndex(where: { $0.text.hasPrefix(" WITH (") }) {
                    layout.lines[index].text.removeFirst()
                }
            }
        }
    }

    private static func withList(_ properties: [Property], into layout: inout Layout) {
        guard !properties.isEmpty else { return }
        layout.append(" WITH (")
        layout.indented { layout in
            for (index, property) in properties.enumerated() {
                layout.add(SQLText.string(property.key) + " = " + SQLText.literal(property.value) + (index < properties.count - 1 ? "," : ""), anchor: property.span)
            }
        }
        layout.add(")")
    }

    /// A column called `primary` would read as the start of `PRIMARY KEY (…)`: it is quoted.
    private static func columnName(_ name: String) -> String {
        name.uppercased() == "PRIMARY" ? "\"" + name + "\"" : SQLText.identifier(name)
    }
}
