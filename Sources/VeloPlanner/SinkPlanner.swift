import VeloCore
import VeloSQL

/// Where a job writes, from the WITH properties of the stream it creates (or the declared stream it
/// inserts into), and the checks of property values shared with sources.
enum SinkPlanner {
    static func sinkSpec(
        name: String, properties: [Property], declared: Catalog.Entry?, jobName: String, schema: Schema, span: SourceSpan
    ) throws(SyntaxError) -> SinkSpec {
        let own = Properties(properties, owner: name, role: .sink)
        let base = Properties(declared?.properties ?? [], owner: name, role: .sink)
        func value(_ key: String) -> String? { own[key] ?? base[key] }
        func where_(_ key: String) -> SourceSpan { own.span(key) ?? base.span(key) ?? span }
        let connector = try connector(value("connector"), span: where_("connector"))
        let format = try format(value("format"), span: where_("format"))
        let path = value("path")
        if connector == .file, path == nil {
            throw SyntaxError("file sink \(name) needs a 'path'", at: span, hint: "WITH ('connector' = 'file', 'path' = 'out/big_orders.jsonl')")
        }
        var keyColumn: Int?
        if let key = value("key") {
            guard let index = schema.columns.firstIndex(where: { $0.name == key }) else {
                throw SyntaxError("'key' names '\(key)', which the query does not select", at: where_("key"),
                                  hint: "selected: \(schema.names.joined(separator: ", "))")
            }
            keyColumn = index
        }
        let partitions = try positive(value("partitions"), "partitions", span: where_("partitions")) ?? 1
        let replicas = try positive(value("replicas"), "replicas", span: where_("replicas")) ?? 1
        let guarantee = value("processing.guarantee") ?? "at_least_once"
        guard ["at_least_once", "exactly_once"].contains(guarantee) else {
            throw SyntaxError("'processing.guarantee' is at_least_once or exactly_once, found '\(guarantee)'", at: where_("processing.guarantee"))
        }
        return SinkSpec(
            name: name, connector: connector, topic: value("topic") ?? name, path: path, format: format,
            keyColumn: keyColumn, partitions: partitions, replicas: replicas,
            errors: try errorPolicy(value("errors"), span: where_("errors")),
            dlqTopic: value("dlq.topic") ?? "\(jobName).dlq", processingGuarantee: guarantee,
            properties: own.clientProperties.merging(base.clientProperties) { mine, _ in mine })
    }

    static func connector(_ text: String?, span: SourceSpan) throws(SyntaxError) -> Connector {
        guard let text else { return .kafka }
        guard let connector = Connector(rawValue: text.lowercased()), connector != .console else {
            throw SyntaxError("'connector' is 'kafka' or 'file', found '\(text)'", at: span)
        }
        return connector
    }

    static func format(_ text: String?, span: SourceSpan) throws(SyntaxError) -> DataFormat {
        guard let text else { return .json }
        guard let format = DataFormat(rawValue: text.lowercased()) else {
            throw SyntaxError("'format' is json, csv or raw, found '\(text)'", at: span,
                              hint: ["avro", "protobuf"].contains(text.lowercased()) ? "\(text) is planned, not supported yet" : nil)
        }
        return format
    }

    static func errorPolicy(_ text: String?, span: SourceSpan) throws(SyntaxError) -> ErrorPolicy {
        guard let text else { return .dlq }
        guard let policy = ErrorPolicy(rawValue: text.lowercased()) else {
            throw SyntaxError("'errors' is dlq, skip or fail, found '\(text)'", at: span)
        }
        return policy
    }

    private static func positive(_ text: String?, _ key: String, span: SourceSpan) throws(SyntaxError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value > 0 else {
            throw SyntaxError("'\(key)' must be a positive whole number, found '\(text)'", at: span)
        }
        return value
    }
}
