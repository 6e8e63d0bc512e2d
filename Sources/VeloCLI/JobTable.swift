/// The table of jobs shared by `jobs` and `status`: NAME, STATE, IN, OUT, RATE/s, LAG, ERRORS, then the
/// optional columns.
struct JobTable {
    var includeTopics = false
    var includeSQL = false
    var includeDetail = false
    /// Topic name → topic, for the end offsets `--topics` shows.
    var topics: [String: Topic] = [:]
    /// Stream or table name → its Kafka topic, so a source is shown with the topic it reads.
    var sourceTopics: [String: String] = [:]

    func render(_ jobs: [Job]) -> String {
        var columns = ["NAME", "STATE", "IN", "OUT", "RATE/s", "LAG", "ERRORS"]
        if includeTopics { columns += ["SOURCES", "SINK TOPIC"] }
        if includeDetail { columns.append("DETAIL") }
        if includeSQL { columns.append("SQL") }
        // The counts are right-aligned even when every one is "-" (no lag known yet).
        let alignments = columns.map { ["IN", "OUT", "RATE/s", "LAG", "ERRORS"].contains($0) ? TableRenderer.Alignment.right : .left }
        return TableRenderer(columns: columns, alignments: alignments).render(jobs.map(row))
    }

    func row(_ job: Job) -> [String] {
        let stats = job.stats
        var cells = [
            job.name,
            job.state ?? "-",
            Format.count(stats?.recordsIn),
            Format.count(stats?.recordsOut),
            Format.rate(stats?.ratePerSecond),
            Format.count(stats?.lag),
            Format.count(stats?.errors),
        ]
        if includeTopics {
            let sources = (job.sources ?? []).map { source in
                let topic = sourceTopics[source] ?? source
                let name = topic == source ? source : "\(source) (\(topic))"
                return withEndOffset(name, topic: topic)
            }
            cells.append(sources.isEmpty ? "-" : sources.joined(separator: ", "))
            cells.append(sinkCell(job.sink))
        }
        if includeDetail { cells.append(detail(job)) }
        if includeSQL { cells.append(job.sql.map(Self.oneLineSQL) ?? "-") }
        return cells
    }

    /// The SQL on one line: whole-line `--` comments (the `@name` annotations) dropped, since on one
    /// line they would comment out the rest, and runs of spaces collapsed.
    static func oneLineSQL(_ sql: String) -> String {
        sql.split(whereSeparator: \.isNewline)
            .filter { !$0.drop(while: \.isWhitespace).hasPrefix("--") }
            .joined(separator: " ")
            .split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }

    /// The failure reason of a failed job, else its description.
    func detail(_ job: Job) -> String {
        if let failure = job.failure, !failure.isEmpty { return "failed: \(failure)" }
        return job.description ?? ""
    }

    private func sinkCell(_ sink: JobSink?) -> String {
        guard let sink else { return "-" }
        if let topic = sink.topic, !topic.isEmpty, sink.connector == nil || sink.connector == "kafka" {
            return withEndOffset(topic, topic: topic)
        }
        if let path = sink.path { return "file:\(path)" }
        return sink.connector ?? sink.name ?? "-"
    }

    /// `trades end=1200` when the broker listed the topic (the sum of its partitions' end offsets).
    private func withEndOffset(_ label: String, topic: String) -> String {
        guard let end = topics[topic]?.totalEndOffset else { return label }
        return "\(label) end=\(end)"
    }
}
