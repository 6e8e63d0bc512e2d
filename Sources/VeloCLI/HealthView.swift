/// `GET /health` as one line per component: its name, its status and what it reports.
///
///     server       ok  velo-sql 0.5.0, up 12 s
///     kafka        ok  127.0.0.1:9092 (1 broker)
///     state store  ok  ./velo-data/velo.db
///     jobs         ok  3 total: 2 running, 1 stopped
enum HealthView {
    static func render(_ health: Health) -> String {
        let rows: [[String]] = [
            ["server", health.server?.status ?? health.status, server(health.server)],
            ["kafka", health.kafka?.status ?? "-", kafka(health.kafka)],
            ["state store", health.state?.status ?? "-", state(health.state)],
            ["jobs", health.jobs?.status ?? "-", jobs(health.jobs)],
        ]
        return TableRenderer(columns: ["COMPONENT", "STATUS", "DETAIL"], alignments: [.left, .left, .left], showsHeader: false)
            .render(rows)
    }

    private static func server(_ component: HealthComponent?) -> String {
        guard let component else { return "" }
        var parts: [String] = []
        if let version = component.version { parts.append("velo-sql \(version)") }
        if let uptime = component.uptimeSeconds { parts.append("up \(Format.duration(seconds: uptime))") }
        if let detail = component.detail { parts.append(detail) }
        return parts.joined(separator: ", ")
    }

    private static func kafka(_ component: HealthComponent?) -> String {
        guard let component else { return "" }
        switch (component.brokers, component.detail) {
        case let (brokers?, detail?): return "\(brokers) (\(detail))"
        case let (brokers?, nil): return brokers
        case let (nil, detail?): return detail
        case (nil, nil): return ""
        }
    }

    private static func state(_ component: HealthComponent?) -> String {
        guard let component else { return "" }
        return [component.path, component.detail].compactMap { $0 }.joined(separator: ": ")
    }

    private static func jobs(_ component: HealthComponent?) -> String {
        guard let component else { return "" }
        let counts: [(String, Int?)] = [
            ("starting", component.starting), ("running", component.running), ("paused", component.paused),
            ("stopped", component.stopped), ("failed", component.failed),
        ]
        let nonZero = counts.compactMap { name, count in count.flatMap { $0 > 0 ? "\($0) \(name)" : nil } }
        var text = component.total.map { "\($0) total" } ?? ""
        if !nonZero.isEmpty { text += (text.isEmpty ? "" : ": ") + nonZero.joined(separator: ", ") }
        if let detail = component.detail { text += (text.isEmpty ? "" : "; ") + detail }
        return text
    }
}
