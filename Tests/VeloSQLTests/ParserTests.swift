import Testing
import VeloSQL

@Suite("Parser")
struct ParserTests {
    @Test("operators bind by the precedence table")
    func precedence() throws {
        #expect(try expression("a OR b AND c") == binary(.or, column("a"), binary(.and, column("b"), column("c"))))
        #expect(try expression("a + b * c") == binary(.add, column("a"), binary(.multiply, column("b"), column("c"))))
        #expect(try expression("a - b - c") == binary(.subtract, binary(.subtract, column("a"), column("b")), column("c")))
        #expect(try expression("-a * b") == binary(.multiply, Expr(.unary(.minus, column("a"))), column("b")))
        #expect(try expression("NOT a = b") == Expr(.unary(.not, binary(.equal, column("a"), column("b")))))
        #expect(try expression("a || b + c") == binary(.concat, column("a"), binary(.add, column("b"), column("c"))))
        #expect(try expression("a BETWEEN 1 AND 2 AND c") == binary(
            .and, Expr(.between(column("a"), low: integer("1"), high: integer("2"), negated: false)), column("c")))
        #expect(try expression("a = 1 IS NOT NULL") == Expr(.isNull(binary(.equal, column("a"), integer("1")), negated: true)))
        #expect(try expression("x NOT LIKE 'a%' OR y NOT IN (1, 2)") == binary(
            .or, Expr(.like(column("x"), pattern: string("a%"), negated: true)),
            Expr(.inList(column("y"), [integer("1"), integer("2")], negated: true))))
        #expect(try expression("(a + b) * c") == binary(.multiply, binary(.add, column("a"), column("b")), column("c")))
        #expect(try expression("a != b") == binary(.notEqual, column("a"), column("b")))
        #expect(try expression("tags[1] % 2") == binary(.modulo, Expr(.subscript(column("tags"), index: integer("1"))), integer("2")))
    }

    @Test("identifiers keep their case; quoted and backticked names may hold anything; keywords are case-insensitive")
    func identifiers() throws {
        let parsed = try select(#"select Price, "Order Id", `my col`, o.CustomerId from Orders o"#)
        #expect(parsed.items == [
            .expression(column("Price"), alias: nil),
            .expression(column("Order Id"), alias: nil),
            .expression(column("my col"), alias: nil),
            .expression(column("o", "CustomerId"), alias: nil),
        ])
        #expect(parsed.from == .named(name: "Orders", alias: "o", span: NotCompared(wrappedValue: .none)))
        // Non-reserved keywords are ordinary names where the grammar does not want them.
        #expect(try select("SELECT key, session, date, timestamp, emit FROM t").items.count == 5)
    }

    @Test("literals: exact numbers as written, strings with '' escapes, both interval forms, typed literals")
    func literals() throws {
        let items = try select("SELECT 0.1, 1e3, 'it''s', INTERVAL '5' SECOND, 5s, INTERVAL 10 MINUTES, TIMESTAMP '2024-01-01 00:00:00', DATE '2024-01-02', NULL, TRUE").items
        let values: [Literal] = [
            .decimal("0.1"), .decimal("1e3"), .string("it's"), .interval(value: "5", unit: .second, shorthand: false),
            .interval(value: "5", unit: .second, shorthand: true), .interval(value: "10", unit: .minute, shorthand: false),
            .timestamp("2024-01-01 00:00:00"), .date("2024-01-02"), .null, .boolean(true),
        ]
        #expect(items == values.map { .expression(Expr(.literal($0)), alias: nil) })
    }

    @Test("CREATE STREAM with columns, CREATE TABLE with a primary key, and WITH properties as written")
    func declarations() throws {
        let stream = try statement("CREATE STREAM orders (id BIGINT KEY, amount DECIMAL(10,2), tags ARRAY<STRING>) WITH ('topic'='orders', 'watermark.delay' = '5s', 'orders.type' = 'kafka_source')")
        guard case .createStream(let create) = stream.kind else { throw SyntaxError("not a stream", at: .none) }
        #expect(create.name == "orders")
        #expect(create.columns.map(\.name) == ["id", "amount", "tags"])
        #expect(create.columns[0].isKey)
        #expect(create.columns[1].type == .decimal(precision: 10, scale: 2))
        #expect(create.columns[2].type == .array(.string(varchar: false, length: nil)))
        #expect(create.properties.map(\.key) == ["topic", "watermark.delay", "orders.type"])
        #expect(create.query == nil)

        let table = try statement("CREATE TABLE customers (id BIGINT PRIMARY KEY, name STRING) WITH ('topic' = 'customers')")
        guard case .createTable(let createTable) = table.kind else { throw SyntaxError("not a table", at: .none) }
        #expect(createTable.primaryKey == ["id"])
        let composite = try statement("CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b))")
        guard case .createTable(let compositeTable) = composite.kind else { throw SyntaxError("not a table", at: .none) }
        #expect(compositeTable.primaryKey == ["a", "b"])
    }

    @Test("CREATE … AS SELECT takes WITH before or after the query: the same statement")
    func withPlacement() throws {
        let before = try statement("CREATE STREAM big WITH ('topic' = 'big') AS SELECT * FROM orders EMIT CHANGES")
        let after = try statement("CREATE STREAM big AS SELECT * FROM orders EMIT CHANGES WITH ('topic' = 'big')")
        #expect(before == after)
        guard case .createStream(let create) = before.kind else { throw SyntaxError("not a stream", at: .none) }
        #expect(create.query?.emit == .changes)
        #expect(create.properties.count == 1)
    }

    @Test("placement variants of PRODUCT.md 3.6 give the same tree")
    func placements() throws {
        let pairs: [(String, String)] = [
            ("SELECT COUNT(*) FROM t WINDOW TUMBLING(ts, 1m, GRACE PERIOD 10s)", "SELECT COUNT(*) FROM t WINDOW TUMBLING(ts, 1m) GRACE PERIOD 10s"),
            ("SELECT * FROM a JOIN b WITHIN 5m ON a.k = b.k", "SELECT * FROM a JOIN b ON a.k = b.k WITHIN 5m"),
            ("SELECT a FROM t EMIT CHANGES ORDER BY a LIMIT 1", "SELECT a FROM t ORDER BY a LIMIT 1 EMIT CHANGES"),
            ("SELECT k, COUNT(*) FROM t GROUP BY k HAVING COUNT(*) > 1 WINDOW TUMBLING(1m)", "SELECT k, COUNT(*) FROM t GROUP BY k WINDOW TUMBLING(1m) HAVING COUNT(*) > 1"),
            ("SELECT k, COUNT(*) FROM t GROUP BY k WINDOW TUMBLING(1m) EMIT FINAL HAVING COUNT(*) > 1", "SELECT k, COUNT(*) FROM t GROUP BY k WINDOW TUMBLING(1m) HAVING COUNT(*) > 1 EMIT FINAL"),
            ("SELECT POSITION('x' IN s) FROM t", "SELECT POSITION('x', s) FROM t"),
            ("SELECT a FROM t ORDER BY a ASC", "SELECT a FROM t ORDER BY a"),
            ("select count(*) from t", "SELECT COUNT(*) FROM t"),
        ]
        for (left, right) in pairs {
            #expect(try statement(left) == statement(right), "\(left)")
        }
    }

    @Test("Rust-Velostream spellings parse: TUMBLING(ts, INTERVAL), SLIDING(ts, a, b), TUMBLING(1m), EMIT after HAVING")
    func rustSpellings() throws {
        let tumbling = try #require(try select("SELECT COUNT(*) FROM t GROUP BY k WINDOW TUMBLING(event_time, INTERVAL '5' SECOND)").window)
        #expect(tumbling.kind == .tumbling)
        #expect(tumbling.timeColumn == column("event_time"))
        #expect(tumbling.size == Expr(.literal(.interval(value: "5", unit: .second, shorthand: false))))

        let sliding = try #require(try select("SELECT COUNT(*) FROM t WINDOW SLIDING(ts, INTERVAL '10' SECOND, INTERVAL '5' SECOND)").window)
        #expect(sliding.kind == .sliding)
        #expect(sliding.advance == Expr(.literal(.interval(value: "5", unit: .second, shorthand: false))))

        let short = try #require(try select("SELECT COUNT(*) FROM t WINDOW TUMBLING(1m)").window)
        #expect(short.timeColumn == nil)
        #expect(short.size == Expr(.literal(.interval(value: "1", unit: .minute, shorthand: true))))

        #expect(try query("SELECT k, COUNT(*) FROM t GROUP BY k HAVING COUNT(*) > 2 EMIT CHANGES").emit == .changes)
        #expect(try query("SELECT k, COUNT(*) FROM t GROUP BY k WINDOW SESSION(ts, 30s) EMIT FINAL").emit == .final)
        let properties = try statement("CREATE STREAM s AS SELECT * FROM orders WITH ('orders.type' = 'kafka_source', 'orders.topic' = 'orders', 's.type' = 'kafka_sink', 's.config_file' = 'sink.yaml')")
        guard case .createStream(let create) = properties.kind else { throw SyntaxError("not a stream", at: .none) }
        #expect(create.properties.map(\.key) == ["orders.type", "orders.topic", "s.type", "s.config_file"])
    }

    @Test("joins: kinds, ON, WITHIN and BETWEEN time bounds")
    func joins() throws {
        let from = try #require(try select("SELECT * FROM orders o LEFT OUTER JOIN shipments s WITHIN INTERVAL '1' HOUR ON o.id = s.order_id FULL JOIN c ON c.k = o.k").from)
        guard case .join(let outer) = from, case .join(let inner) = outer.left else { throw SyntaxError("not a join", at: .none) }
        #expect(outer.kind == .full)
        #expect(inner.kind == .left)
        #expect(inner.within == Expr(.literal(.interval(value: "1", unit: .hour, shorthand: false))))
        #expect(inner.on == binary(.equal, column("o", "id"), column("s", "order_id")))
        #expect(inner.right == .named(name: "shipments", alias: "s", span: NotCompared(wrappedValue: .none)))
    }

    @Test("aggregates: COUNT(*), COUNT(DISTINCT x), FILTER (WHERE …), OVER (PARTITION BY … ORDER BY … ROWS BETWEEN …)")
    func aggregates() throws {
        let items = try select("SELECT COUNT(*), count(DISTINCT user_id), SUM(amount) FILTER (WHERE paid), AVG(price) OVER (PARTITION BY symbol ORDER BY ts DESC ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) FROM t").items
        guard case .expression(let countStar, _) = items[0], case .function(let star) = countStar.kind,
              case .expression(let countDistinct, _) = items[1], case .function(let distinct) = countDistinct.kind,
              case .expression(let sumFilter, _) = items[2], case .function(let filtered) = sumFilter.kind,
              case .expression(let average, _) = items[3], case .function(let over) = average.kind else {
            throw SyntaxError("not calls", at: .none)
        }
        #expect(star.star && star.name == "COUNT")
        #expect(distinct.distinct && distinct.name == "COUNT" && distinct.arguments == [column("user_id")])
        #expect(filtered.filter == column("paid"))
        #expect(over.over == WindowSpecification(
            partitionBy: [column("symbol")], orderBy: [OrderItem(expression: column("ts"), descending: true)],
            frame: .init(unit: .rows, start: .preceding(integer("4")), end: .currentRow)))
    }

    @Test("subqueries: IN, EXISTS, scalar, FROM; UNION ALL; WITH")
    func subqueries() throws {
        let condition = try #require(try select("SELECT * FROM t WHERE k IN (SELECT k FROM u) AND EXISTS (SELECT 1 FROM v) AND x > (SELECT MAX(x) FROM w)").where)
        guard case .binary(.and, let left, let scalar) = condition.kind, case .binary(.and, let inSubquery, let exists) = left.kind else {
            throw SyntaxError("shape", at: .none)
        }
        guard case .inSubquery = inSubquery.kind, case .exists = exists.kind, case .binary(.greater, _, let sub) = scalar.kind, case .subquery = sub.kind else {
            throw SyntaxError("shape", at: .none)
        }
        let union = try query("WITH a AS (SELECT 1 AS x) SELECT x FROM a UNION ALL SELECT x FROM b")
        #expect(union.with.map(\.name) == ["a"])
        guard case .unionAll(.select, .select) = union.body else { throw SyntaxError("not a union", at: .none) }
    }

    @Test("SHOW, DESCRIBE, EXPLAIN, DROP and job control")
    func commands() throws {
        #expect(try statement("show streams").kind == .show(.streams))
        #expect(try statement("DESCRIBE orders").kind == .describe(name: "orders"))
        #expect(try statement("DROP TABLE t").kind == .drop(.table, name: "t"))
        #expect(try statement("pause job j1").kind == .job(.pause, name: "j1"))
        guard case .explain(let inner) = try statement("EXPLAIN SELECT 1").kind, case .query = inner.kind else {
            throw SyntaxError("not explain", at: .none)
        }
    }

    @Test("annotations belong to the statement after them")
    func annotations() {
        let result = SQL.parse("""
            -- file header
            -- @name: first_job
            -- @description: keeps big orders
            CREATE STREAM a AS SELECT * FROM o;
            -- @name: second_job
            SELECT 1;
            SELECT 2
            """)
        #expect(result.errors.isEmpty)
        #expect(result.statements.count == 3)
        #expect(result.statements[0].annotation("name") == "first_job")
        #expect(result.statements[0].annotation("description") == "keeps big orders")
        #expect(result.statements[1].annotation("name") == "second_job")
        #expect(result.statements[2].annotations.isEmpty)
    }

    @Test("the tree keeps source spans")
    func spans() throws {
        let result = SQL.parse("SELECT 1;\n  SELECT price * 2\n  FROM t")
        let second = try #require(result.statements.last)
        #expect(second.span.start.line == 2 && second.span.start.column == 3)
        #expect(second.span.end.line == 3 && second.span.end.column == 9)
        guard case .query(let query) = second.kind, case .select(let select) = query.body, case .expression(let product, _) = select.items[0] else {
            throw SyntaxError("shape", at: .none)
        }
        #expect(product.span.start.column == 10 && product.span.end.column == 19)
    }
}
