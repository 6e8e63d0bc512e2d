import Foundation
import Testing
import VeloSQL

/// The example applications in queries/: each parses, prints back to the same trees, is already in
/// canonical form (`velo-sql fmt --check` passes), and together they use every feature of the dialect.
@Suite("queries/ examples")
struct QueriesTests {
    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: repositoryRoot.appendingPathComponent("queries"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("there are at least 20 examples, including Nexmark q0–q8")
    func count() throws {
        let names = try Self.files().map(\.lastPathComponent)
        #expect(names.count >= 20)
        for query in 0...8 { #expect(names.contains("nexmark_q\(query).sql")) }
    }

    @Test("each example parses, round-trips and is formatted", arguments: try files().map(\.lastPathComponent))
    func example(_ name: String) throws {
        let source = try String(contentsOf: repositoryRoot.appendingPathComponent("queries").appendingPathComponent(name), encoding: .utf8)
        let statements = expectRoundTrip(source)
        #expect(!statements.isEmpty)
        switch SQLFormatter().format(source, fileName: name) {
        case .formatted(_, let changed):
            #expect(!changed, "run: velo-sql fmt --in-place queries/\(name)")
        case .invalid(_, let rendered):
            Issue.record("\(rendered)")
        }
        // Every job is named by an annotation.
        for statement in statements {
            let isJob = switch statement.kind {
            case .createStream(let create): create.query != nil
            case .createTable(let create): create.query != nil
            case .insert: true
            default: false
            }
            if isJob { #expect(statement.annotation("name") != nil, "a job in \(name) has no -- @name") }
        }
    }

    /// Features of issue 3, each with a pattern that finds it in canonical text.
    static let features: [(String, String)] = [
        ("CREATE STREAM with columns", #"CREATE STREAM \w+ \("#),
        ("CREATE TABLE with PRIMARY KEY", #"PRIMARY KEY"#),
        ("CREATE STREAM … WITH … AS SELECT", #"CREATE STREAM \w+ WITH \([^;]*\) AS\n"#),
        ("WITH after the query", #"\nWITH \(\n"#),
        ("CREATE TABLE … AS SELECT", #"CREATE TABLE \w+( WITH \([^;]*\))? AS\n"#),
        ("INSERT INTO … SELECT", #"INSERT INTO \w+\n"#),
        ("transient SELECT", #"(^|\n)SELECT "#),
        ("SHOW", #"SHOW (STREAMS|TABLES|TOPICS|JOBS|FUNCTIONS)"#),
        ("DESCRIBE", #"DESCRIBE \w+"#),
        ("EXPLAIN", #"EXPLAIN "#),
        ("DROP", #"DROP (STREAM|TABLE|JOB) "#),
        ("job control", #"(START|STOP|PAUSE|RESUME) JOB "#),
        ("annotations", #"-- @name: "#),
        ("DISTINCT", #"SELECT DISTINCT "#),
        ("alias.*", #"\w+\.\*"#),
        ("INNER JOIN", #"(INNER )?JOIN "#),
        ("LEFT JOIN", #"LEFT (OUTER )?JOIN "#),
        ("RIGHT JOIN", #"RIGHT (OUTER )?JOIN "#),
        ("FULL JOIN", #"FULL (OUTER )?JOIN "#),
        ("WITHIN before ON", #"WITHIN [^\n]* ON "#),
        ("WITHIN after ON", #" ON [^\n]* WITHIN "#),
        ("BETWEEN time bounds", #"BETWEEN \w+\.\w+ - INTERVAL"#),
        ("GROUP BY", #"GROUP BY "#),
        ("HAVING before WINDOW", #"HAVING [^\n]*\nWINDOW "#),
        ("HAVING after WINDOW", #"WINDOW [^\n]*\nHAVING "#),
        ("TUMBLING(size)", #"TUMBLING\(\d+[smhd]\)"#),
        ("TUMBLING(ts, INTERVAL)", #"TUMBLING\(\w+, INTERVAL"#),
        ("HOPPING", #"HOPPING\("#),
        ("SLIDING", #"SLIDING\(\w+, INTERVAL '\d+' \w+, INTERVAL"#),
        ("SESSION", #"SESSION\("#),
        ("GRACE PERIOD after", #"\) GRACE PERIOD "#),
        ("GRACE PERIOD inside", #", GRACE PERIOD [^\n]*\)"#),
        ("EMIT CHANGES", #"EMIT CHANGES"#),
        ("EMIT FINAL", #"EMIT FINAL"#),
        ("EMIT after HAVING", #"HAVING [^\n]*\nEMIT "#),
        ("EMIT after WINDOW", #"WINDOW [^\n]*\nEMIT "#),
        ("EMIT last", #"LIMIT \d+\nEMIT "#),
        ("ORDER BY … DESC", #"ORDER BY [^\n]* DESC"#),
        ("LIMIT", #"LIMIT \d+"#),
        ("UNION ALL", #"UNION ALL"#),
        ("WITH (CTE)", #"WITH \w+ AS \("#),
        ("IN subquery", #"IN \(SELECT "#),
        ("EXISTS", #"EXISTS \(SELECT "#),
        ("scalar subquery", #"[^N] \(SELECT "#),
        ("searched CASE", #"CASE WHEN "#),
        ("simple CASE", #"CASE \w+ WHEN "#),
        ("CAST", #"CAST\([^)]* AS "#),
        ("INTERVAL literal", #"INTERVAL '\d+' (SECOND|MINUTE|HOUR|DAY|MILLISECOND)"#),
        ("shorthand interval", #"\b\d+(s|m|h|ms|d)\b"#),
        ("TIMESTAMP literal", #"TIMESTAMP '"#),
        ("COUNT(DISTINCT)", #"COUNT\(DISTINCT "#),
        ("FILTER (WHERE)", #"FILTER \(WHERE "#),
        ("OVER … ROWS BETWEEN", #"OVER \(PARTITION BY [^)]*ORDER BY [^)]*ROWS BETWEEN "#),
        ("RANGE BETWEEN", #"RANGE BETWEEN "#),
        ("LAG/LEAD/ROW_NUMBER", #"(LAG|LEAD|ROW_NUMBER)\("#),
        ("NOT IN", #"NOT IN \("#),
        ("NOT BETWEEN", #"NOT BETWEEN "#),
        ("LIKE", #" LIKE '"#),
        ("NOT LIKE", #"NOT LIKE '"#),
        ("IS NULL", #"IS NULL"#),
        ("IS NOT NULL", #"IS NOT NULL"#),
        ("||", #" \|\| "#),
        ("%", #" % "#),
        ("system columns", #"_window_start"#),
        ("_timestamp", #"_timestamp"#),
        ("_key", #"_key"#),
        ("POSITION(… IN …)", #"POSITION\('[^']*' IN "#),
        ("Rust-Velostream property keys", #"'\w+\.type' = 'kafka_source'"#),
        ("file source", #"'file_source'"#),
        ("quoted identifier", #""[A-Za-z ]+""#),
        ("DECIMAL(p, s)", #"DECIMAL\(\d+, \d+\)"#),
        ("ARRAY<T>", #"ARRAY<"#),
        ("MAP<STRING, T>", #"MAP<STRING, "#),
        ("STRUCT<…>", #"STRUCT<"#),
    ]

    @Test("together the examples use every feature of the dialect")
    func featureCoverage() throws {
        let text = try Self.files().map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        for (feature, pattern) in Self.features {
            #expect(text.range(of: pattern, options: .regularExpression) != nil, "no example uses \(feature) (/\(pattern)/)")
        }
    }
}
