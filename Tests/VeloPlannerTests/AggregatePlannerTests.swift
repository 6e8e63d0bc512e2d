import Testing
import VeloCore
import VeloPlanner
import VeloSQL

private func aggregate(_ graph: OperatorGraph) -> AggregateSpec? {
    graph.nodes.lazy.compactMap { if case .aggregate(let spec) = $0.operation { spec } else { nil } }.first
}

/// GROUP BY, windows, HAVING, EMIT and OVER: the graphs the planner builds and the errors it gives.
@Suite("Planner: aggregation and windows")
struct AggregatePlannerTests {
    static let trades = """
        CREATE STREAM trades (symbol STRING, venue STRING, price DECIMAL(10, 2), qty INT, ts TIMESTAMP)
            WITH ('topic' = 'trades', 'watermark.delay' = '5s', 'watermark.idle' = '30s');
        """

    @Test("a tumbling window: aggregate → having → project; keys, window columns, then aggregates; the window's column becomes the event time")
    func tumbling() throws {
        let plan = try job(Self.trades + """
            CREATE STREAM bars AS
            SELECT symbol, COUNT(*) AS n, SUM(price) AS volume, AVG(price) AS mean, _window_start AS ws
            FROM trades WHERE qty > 0
            GROUP BY symbol
            WINDOW TUMBLING(ts, INTERVAL '10' SECOND) GRACE PERIOD 2s
            HAVING COUNT(*) > 1;
            """)
        #expect(plan.explain == [
            "1 sink bars kafka topic=bars format=json",
            "2   project symbol, COUNT(*) AS n, SUM(price) AS volume, AVG(price) AS mean, _window_start AS ws",
            "3     having COUNT(*) > 1",
            "4       aggregate by symbol window tumbling 10000ms grace 2000ms emit final: COUNT(*), SUM, AVG",
            "5         filter qty > 0",
            "6           source trades kafka topic=trades format=json",
        ])
        let spec = try #require(aggregate(plan.graph))
        #expect(spec.keys == [.column(0)])
        #expect(spec.window == WindowSpec(kind: .tumbling, sizeMs: 10_000, graceMs: 2_000, time: nil))
        #expect(spec.emit == .final)
        #expect(spec.aggregates.map(\.function) == [.countRows, .sum, .avg])
        #expect(spec.aggregates[1].resultType == .decimal(precision: 38, scale: 2))
        #expect(spec.aggregates[2].resultType == .decimal(precision: 38, scale: 6))
        let aggregateNode = try #require(plan.graph.nodes.first { if case .aggregate = $0.operation { true } else { false } })
        #expect(aggregateNode.schema.names == ["symbol", "_window_start", "_window_end", "_agg0", "_agg1", "_agg2"])
        // The same COUNT(*) in SELECT and HAVING is one aggregate.
        #expect(plan.graph.nodes.contains { $0.operation == .filter(.binary(.greater, .column(3), .literal(.int(1)))) })
        guard case .source(let source) = plan.graph.nodes[0].operation else { Issue.record("no source"); return }
        #expect(source.timestampColumn == 4)
        #expect(source.watermarkDelayMs == 5_000)
        #expect(source.watermarkIdleMs == 30_000)
    }

    @Test("hopping and session windows, DISTINCT and FILTER, EMIT CHANGES; defaults: FINAL with a window, CHANGES without")
    func kinds() throws {
        let hopping = try #require(aggregate(try job(Self.trades + """
            CREATE STREAM h AS SELECT symbol, COUNT(DISTINCT venue) AS venues, SUM(qty) FILTER (WHERE price > 10) AS big
            FROM trades GROUP BY symbol WINDOW SLIDING(ts, 10s, 2s) EMIT CHANGES;
            """).graph))
        #expect(hopping.window?.kind == .hopping)
        #expect(hopping.window?.sizeMs == 10_000)
        #expect(hopping.window?.advanceMs == 2_000)
        #expect(hopping.emit == .changes)
        #expect(hopping.aggregates[0].function == .countDistinct)
        #expect(hopping.aggregates[0].distinct)
        #expect(hopping.aggregates[1].filter != nil)
        #expect(hopping.aggregates[1].resultType == .bigint)

        let session = try #require(aggregate(try job(Self.trades + """
            CREATE STREAM s AS SELECT symbol, venue, COUNT(*) AS n FROM trades GROUP BY symbol, venue WINDOW SESSION(ts, INTERVAL '1' MINUTE);
            """).graph))
        #expect(session.window?.kind == .session)
        #expect(session.window?.sizeMs == 60_000)
        #expect(session.keys.count == 2)
        #expect(session.emit == .final)

        let plain = try #require(aggregate(try job(Self.trades + "CREATE TABLE t AS SELECT venue, MAX(price) AS top FROM trades GROUP BY venue;").graph))
        #expect(plain.window == nil)
        #expect(plain.emit == .changes)
        let final = try #require(aggregate(try job(Self.trades + "CREATE TABLE t AS SELECT venue, MAX(price) AS top FROM trades GROUP BY venue EMIT FINAL;").graph))
        #expect(final.emit == .final)
        // A global aggregate: no GROUP BY, one group.
        let global = try #require(aggregate(try job(Self.trades + "CREATE STREAM g AS SELECT COUNT(*) AS n FROM trades WINDOW TUMBLING(ts, 1m);").graph))
        #expect(global.keys.isEmpty)
    }

    @Test("analytic functions: one node appending a column per OVER call")
    func analytic() throws {
        let plan = try job(Self.trades + """
            CREATE STREAM a AS
            SELECT symbol, price, LAG(price, 1) OVER (PARTITION BY symbol ORDER BY ts) AS previous,
                   AVG(price) OVER (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving,
                   ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY ts) AS n
            FROM trades;
            """)
        let node = try #require(plan.graph.nodes.first { if case .analytic = $0.operation { true } else { false } })
        guard case .analytic(let spec) = node.operation else { return }
        #expect(spec.partitionBy == [.column(0)])
        #expect(spec.functions.map(\.function) == [.lag, .avg, .rowNumber])
        #expect(spec.functions[1].preceding == 2)
        #expect(node.schema.names == ["symbol", "venue", "price", "qty", "ts", "_over0", "_over1", "_over2"])
        #expect(plan.graph.nodes.last { if case .project = $0.operation { true } else { false } }?.operation
            == .project([.column(0), .column(2), .column(5), .column(6), .column(7)]))
    }

    @Test("misuse is a plan error that says where and why")
    func errors() throws {
        let notGrouped = try planError(Self.trades + "CREATE STREAM x AS SELECT symbol, venue, COUNT(*) FROM trades GROUP BY symbol;")
        #expect(notGrouped.message == "column 'venue' is neither a GROUP BY key nor inside an aggregate")
        #expect(notGrouped.span.start.line == 2)
        #expect(try planError(Self.trades + "CREATE STREAM x AS SELECT symbol, _window_start FROM trades GROUP BY symbol;").message
            == "_window_start exists only in a windowed query")
        #expect(try planError(Self.trades + "CREATE STREAM x AS SELECT COUNT(*) FROM trades WINDOW HOPPING(ts, 2s, 10s);").message
            .hasPrefix("the advance (10000 ms) is longer than the window (2000 ms)"))
        #expect(try planError(Self.trades + "CREATE STREAM x AS SELECT COUNT(*) FROM trades WINDOW TUMBLING(ts, 'ten');").message
            == "the window size must be a duration")
        #expect(try planError(Self.trades + "CREATE STREAM x AS SELECT COUNT(*) FROM trades WINDOW TUMBLING(symbol, 10s);").message
            == "the window's time column must be a TIMESTAMP or epoch-ms BIGINT, found STRING")
        #expect(try planError(Self.trades + "CREATE STREAM x AS SELECT * FROM trades GROUP BY symbol;").message == "SELECT * in a GROUP BY query")
        #expect(try planError(Self.trades + "CREATE STREAM x AS SELECT symbol, SUM(COUNT(*)) FROM trades GROUP BY symbol;").message
            == "aggregate function COUNT is not allowed in an aggregate's argument")
        #expect(try planError(Self.trades + "CREATE STREAM x AS SELECT symbol FROM trades GROUP BY symbol HAVING symbol;").message
            == "HAVING needs a BOOLEAN condition, found STRING")
        #expect(try planError(Self.trades + "CREATE STREAM x AS SELECT PERCENTILE_CONT(price, 1.5) FROM trades GROUP BY symbol;").message
            == "PERCENTILE_CONT's fraction must be between 0 and 1")
        #expect(try planError(Self.trades + """
            CREATE STREAM x AS SELECT LAG(price) OVER (PARTITION BY symbol), LEAD(price) OVER (PARTITION BY venue) FROM trades;
            """).message == "every OVER clause of a query must use the same PARTITION BY")
        #expect(try planError(Self.trades + """
            CREATE STREAM x AS SELECT SUM(price) OVER (PARTITION BY symbol ORDER BY ts RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) FROM trades;
            """).message == "RANGE frames are not supported")
        #expect(try planError("""
            CREATE STREAM t (a INT) WITH ('topic' = 't', 'watermark.delay' = 'soon');
            CREATE STREAM x AS SELECT a FROM t;
            """).message == "'watermark.delay' must be a duration, got 'soon'")
        #expect(try planError(Self.trades + "CREATE STREAM x AS SELECT symbol FROM trades EMIT FINAL;").message.hasPrefix("EMIT FINAL needs a WINDOW or GROUP BY"))
    }
}
