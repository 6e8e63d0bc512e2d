import Foundation
import Testing
import VeloSQL

/// Every production of Grammar/velo-sql.ebnf, with SQL that uses it. The test fails when the grammar
/// gains a production without examples here (or loses one that has them), and checks each example
/// parses and prints back to the same tree.
let productionExamples: [String: [String]] = [
    "script": ["SELECT 1; SELECT 2", ";;SELECT 1;;", ""],
    "statement": ["SHOW JOBS", "SELECT a FROM t"],
    "create_stream": [
        "CREATE STREAM orders (id BIGINT, amount DECIMAL(10, 2)) WITH ('topic' = 'orders')",
        "CREATE STREAM big WITH ('topic' = 'big') AS SELECT * FROM orders WHERE amount > 100",
        "CREATE STREAM big AS SELECT * FROM orders EMIT CHANGES WITH ('partitions' = 3)",
        "CREATE STREAM raw (id STRING KEY, v INT)",
        "CREATE STREAM s WITH (topic = 'x')",
    ],
    "create_table": [
        "CREATE TABLE customers (id BIGINT PRIMARY KEY, name STRING) WITH ('topic' = 'customers')",
        "CREATE TABLE totals AS SELECT region, SUM(amount) AS total FROM orders GROUP BY region",
        "CREATE TABLE t WITH ('topic' = 't') AS SELECT k, COUNT(*) FROM s GROUP BY k WITH ('partitions' = 2)",
    ],
    "column_list": ["CREATE STREAM s (a INT, b STRING) WITH ('topic' = 's')"],
    "table_element": ["CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b))"],
    "column_definition": ["CREATE STREAM s (a INT NOT NULL, b STRING KEY, \"primary\" INT)", "CREATE TABLE t (a INT PRIMARY KEY)"],
    "primary_key": ["CREATE TABLE t (region STRING, day DATE, total BIGINT, PRIMARY KEY (region, day))", "CREATE TABLE t (a INT, PRIMARY KEY (missing))"],
    "with_properties": ["CREATE STREAM s WITH ('topic' = 'a', 'format' = 'json',)"],
    "property": ["CREATE STREAM s WITH ('watermark.delay' = '5s')"],
    "property_key": ["CREATE STREAM s WITH ('orders.type' = 'kafka_source', watermark.idle = '10s', \"auto\".offset.reset = 'earliest')"],
    "property_value": ["CREATE STREAM s WITH ('a' = 'x', 'b' = 3, 'c' = -2.5, 'd' = TRUE, 'e' = FALSE, 'f' = 5s, 'g' = json)"],
    "insert": ["INSERT INTO alerts SELECT id, 'high' AS level FROM readings WHERE temp > 90"],
    "show": ["SHOW STREAMS", "SHOW TABLES", "SHOW TOPICS", "SHOW JOBS", "SHOW FUNCTIONS"],
    "describe": ["DESCRIBE orders", "DESCRIBE \"Order Stream\""],
    "explain": ["EXPLAIN SELECT * FROM orders", "EXPLAIN CREATE STREAM x AS SELECT a FROM y"],
    "drop": ["DROP STREAM s", "DROP TABLE t", "DROP JOB j"],
    "job_control": ["START JOB j", "STOP JOB j", "PAUSE JOB j", "RESUME JOB j"],
    "query": ["WITH big AS (SELECT * FROM orders WHERE amount > 100) SELECT id FROM big"],
    "query_tail": [
        "SELECT a FROM t EMIT CHANGES ORDER BY a LIMIT 3",
        "SELECT a FROM t ORDER BY a DESC LIMIT 3 EMIT CHANGES",
    ],
    "cte": ["WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT * FROM b"],
    "query_body": ["SELECT a FROM t UNION ALL SELECT a FROM u UNION ALL SELECT a FROM v"],
    "query_term": ["(SELECT a FROM t) UNION ALL (SELECT a FROM u LIMIT 1)"],
    "select": [
        "SELECT DISTINCT region FROM orders WHERE amount > 0 GROUP BY region WINDOW TUMBLING(1m) HAVING COUNT(*) > 1 EMIT FINAL",
        "SELECT ALL a FROM t",
        "SELECT 1 + 1",
    ],
    "select_item": ["SELECT *, o.*, amount * 2 AS doubled, price p FROM orders o"],
    "alias": ["SELECT a AS x, b y, c AS \"Order Id\", d AS `ticks` FROM t AS u"],
    "table_reference": ["SELECT * FROM a JOIN b ON a.k = b.k LEFT JOIN c ON b.j = c.j"],
    "table_primary": ["SELECT * FROM orders o", "SELECT x.n FROM (SELECT COUNT(*) AS n FROM orders) AS x"],
    "join": [
        "SELECT * FROM a JOIN b WITHIN INTERVAL '5' MINUTE ON a.k = b.k",
        "SELECT * FROM a JOIN b ON a.k = b.k WITHIN 5m",
        "SELECT * FROM a JOIN b ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '1' HOUR AND a.ts + INTERVAL '1' HOUR",
    ],
    "join_kind": [
        "SELECT * FROM a INNER JOIN b ON a.k = b.k LEFT JOIN c ON a.k = c.k LEFT OUTER JOIN d ON a.k = d.k",
        "SELECT * FROM a RIGHT JOIN b ON a.k = b.k RIGHT OUTER JOIN c ON a.k = c.k FULL JOIN d ON a.k = d.k FULL OUTER JOIN e ON a.k = e.k",
    ],
    "within": ["SELECT * FROM a JOIN b ON a.k = b.k WITHIN 1h GRACE PERIOD 10m"],
    "window_clause": [
        "SELECT COUNT(*) FROM t WINDOW TUMBLING(ts, INTERVAL '5' SECOND)",
        "SELECT COUNT(*) FROM t GROUP BY k WINDOW SESSION(ts, 30s) GRACE PERIOD 5s",
    ],
    "window_kind": [
        "SELECT COUNT(*) FROM t WINDOW TUMBLING(1m)",
        "SELECT COUNT(*) FROM t WINDOW HOPPING(ts, 10s, 5s)",
        "SELECT COUNT(*) FROM t WINDOW SLIDING(ts, INTERVAL '10' SECOND, INTERVAL '5' SECOND)",
        "SELECT COUNT(*) FROM t WINDOW SESSION(30s)",
    ],
    "window_arguments": [
        "SELECT COUNT(*) FROM t WINDOW TUMBLING(ts, 1m, GRACE PERIOD 10s)",
        "SELECT COUNT(*) FROM t WINDOW HOPPING(1m, 10s)",
    ],
    "grace_period": ["SELECT COUNT(*) FROM t WINDOW TUMBLING(ts, 1m) GRACE PERIOD 10s"],
    "emit": ["SELECT k, COUNT(*) FROM t GROUP BY k EMIT CHANGES", "SELECT COUNT(*) FROM t WINDOW TUMBLING(1m) EMIT FINAL"],
    "order_by": ["SELECT a, b FROM t ORDER BY a DESC, b ASC, c"],
    "order_item": ["SELECT a FROM t ORDER BY a + 1 DESC"],
    "limit": ["SELECT a FROM t LIMIT 10"],
    "expression": [
        "SELECT a OR b AND NOT c = d FROM t",
        "SELECT (a OR b) AND c, -(-x), a - -b, NOT (a = b) = c FROM t",
        "SELECT a BETWEEN 1 AND 2, a NOT BETWEEN b + 1 AND c * 2, a IN (1, 2), a NOT IN (SELECT x FROM u), a LIKE 'x%', a NOT LIKE '_y' FROM t",
        "SELECT a IS NULL, a IS NOT NULL, (a = b) IS NULL, tags[1], m['k'] FROM t",
    ],
    "prefix_operator": ["SELECT NOT a, -b, +c FROM t"],
    "binary_operator": ["SELECT a OR b, a AND b, a = b, a <> b, a != b, a < b, a <= b, a > b, a >= b, a || b, a + b, a - b, a * b, a / b, a % b FROM t"],
    "primary": [
        "SELECT 1, a, f(a), CASE WHEN a THEN 1 END, CAST(a AS INT), EXISTS (SELECT 1 FROM u), (SELECT MAX(x) FROM u), (a + 1) * 2, ARRAY[1, 2], ARRAY[], EXTRACT(HOUR FROM ts) FROM t",
        "SELECT EXTRACT('YEAR', ts), EXTRACT(DAY FROM ts) FROM t",
    ],
    "column_reference": ["SELECT price, o.price, o.address.city, _window_start, _timestamp, _key, WINDOWSTART FROM orders o"],
    "case_expression": [
        "SELECT CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END FROM t",
        "SELECT CASE status WHEN 'A' THEN 1 WHEN 'B' THEN 2 END FROM t",
    ],
    "cast": ["SELECT CAST(amount AS DECIMAL(10, 2)), CAST('1' AS BIGINT) FROM t"],
    "function_call": [
        "SELECT COUNT(*), COUNT(DISTINCT user_id), POSITION('x' IN s), POSITION('x', s), NOW(), upper(s) FROM t",
        "SELECT LEFT(symbol, 3), RIGHT(symbol, 2) FROM t LEFT JOIN u ON t.k = u.k",
    ],
    "filter_clause": ["SELECT SUM(amount) FILTER (WHERE status = 'paid') FROM orders"],
    "over_clause": [
        "SELECT AVG(price) OVER (PARTITION BY symbol ORDER BY _timestamp ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) FROM trades",
        "SELECT ROW_NUMBER() OVER (PARTITION BY a, b ORDER BY c DESC), LAG(price, 1) OVER (ORDER BY ts), LEAD(price) OVER () FROM t",
    ],
    "frame": [
        "SELECT SUM(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) FROM t",
        "SELECT SUM(x) OVER (ORDER BY ts ROWS 3 PRECEDING) FROM t",
    ],
    "frame_bound": [
        "SELECT SUM(x) OVER (ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), SUM(x) OVER (ORDER BY ts ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM t",
    ],
    "literal": ["SELECT NULL, TRUE, FALSE, 42, 3.14, 'it''s', INTERVAL '5' SECOND, 5s, TIMESTAMP '2024-01-01 00:00:00', DATE '2024-01-01'"],
    "interval_literal": ["SELECT INTERVAL '5' SECOND, INTERVAL 10 MINUTES, INTERVAL '1.5' HOUR, 250ms, 10m, 1h, 2d"],
    "interval_unit": ["SELECT INTERVAL '1' MILLISECOND, INTERVAL '1' SECOND, INTERVAL '1' MINUTE, INTERVAL '1' HOUR, INTERVAL '1' DAY, INTERVAL '2' DAYS"],
    "typed_literal": ["SELECT * FROM t WHERE ts > TIMESTAMP '2024-01-01T00:00:00Z' AND d = DATE '2024-01-01'"],
    "data_type": [
        "CREATE STREAM s (a BOOL, b NUMERIC(4, 1), c DOUBLE PRECISION)",
        "CREATE STREAM s (a BOOLEAN, b INT, c INTEGER, d BIGINT, e DOUBLE, f DECIMAL, g DECIMAL(10), h DECIMAL(10, 2), i STRING, j VARCHAR, k VARCHAR(20), l TIMESTAMP, m DATE, n INTERVAL, o ARRAY<STRING>, p MAP<STRING, DOUBLE>, q STRUCT<street STRING, city STRING>, r ARRAY<MAP<STRING, ARRAY<INT>>>)",
    ],
    "struct_field": ["CREATE STREAM s (address STRUCT<street STRING, \"zip code\" INT, geo STRUCT<lat DOUBLE, lon DOUBLE>>)"],
    "identifier": ["SELECT key, date, session, \"select\", `from` FROM t"],
    "plain_identifier": ["SELECT Price, _hidden, a$b, camelCase FROM MyStream"],
    "quoted_identifier": ["SELECT \"Order Id\", \"say \"\"hi\"\"\", `back``tick` FROM \"my.topic\""],
    "string": ["SELECT 'plain', 'it''s', '' FROM t"],
    "number": ["SELECT 1, 1.5, .5, 2e10 FROM t"],
    "integer": ["SELECT 0, 42, 9223372036854775807 FROM t"],
    "decimal": ["SELECT 3.14, .5, 1.5E-3, 2e10, 1e+2 FROM t"],
    "exponent": ["SELECT 1e3, 1E-3, 1.2e+3 FROM t"],
    "duration": ["SELECT 250ms, 5s, 10m, 1h, 2d FROM t"],
    "comment": ["-- a line\nSELECT /* inline /* nested */ */ 1 -- trailing"],
]

@Suite("Grammar")
struct GrammarTests {
    /// Production names defined in the EBNF (`name = …`).
    static func productions() throws -> [String] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Grammar/velo-sql.ebnf"), encoding: .utf8)
        let withoutComments = text.replacingOccurrences(of: #"\(\*[\s\S]*?\*\)"#, with: "", options: .regularExpression)
        return withoutComments.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("|") else { return nil }
            let name = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            return name.allSatisfy({ $0.isLetter || $0 == "_" }) && !name.isEmpty ? name : nil
        }
    }

    @Test("every production of velo-sql.ebnf has examples, and nothing else does")
    func everyProductionIsNamed() throws {
        let names = try Self.productions()
        #expect(names.count > 50)
        #expect(Set(names).count == names.count, "a production is defined twice")
        #expect(Set(names) == Set(productionExamples.keys), """
            missing examples: \(Set(names).subtracting(productionExamples.keys).sorted())
            examples of no production: \(Set(productionExamples.keys).subtracting(names).sorted())
            """)
    }

    @Test("each production's examples parse and print back to the same tree", arguments: productionExamples.keys.sorted())
    func production(_ name: String) {
        for example in productionExamples[name] ?? [] {
            expectRoundTrip(example)
        }
    }
}
