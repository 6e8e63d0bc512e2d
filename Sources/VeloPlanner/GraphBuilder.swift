import VeloCore

/// Accumulates operator nodes in topological order, with a line of EXPLAIN text for each.
struct GraphBuilder {
    private(set) var nodes: [OperatorGraph.Node] = []
    private(set) var labels: [Int: String] = [:]

    mutating func add(_ operation: OperatorGraph.Operation, inputs: [Int], schema: Schema, label: String) -> Int {
        let id = nodes.count
        nodes.append(OperatorGraph.Node(id: id, inputs: inputs, operation: operation, schema: schema))
        labels[id] = label
        return id
    }

    func schema(of id: Int) -> Schema {
        nodes[id].schema
    }

    /// Rewrites a source node's spec (its columns grow as a schema-less query binds names).
    mutating func updateSource(_ id: Int, _ update: (inout SourceSpec, inout Schema) -> Void) {
        guard case .source(var spec) = nodes[id].operation else { return }
        var schema = nodes[id].schema
        update(&spec, &schema)
        nodes[id].operation = .source(spec)
        nodes[id].schema = schema
    }

    /// EXPLAIN: from `root` down, numbered, two spaces of indent per level.
    func explain(root: Int) -> [String] {
        var lines: [String] = []
        func visit(_ id: Int, depth: Int) {
            lines.append("\(lines.count + 1) " + String(repeating: "  ", count: depth) + (labels[id] ?? "?"))
            for input in nodes[id].inputs { visit(input, depth: depth + 1) }
        }
        visit(root, depth: 0)
        return lines
    }
}
