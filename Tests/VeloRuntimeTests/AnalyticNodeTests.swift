import Testing
import VeloCore
import VeloState
@testable import VeloRuntime

// Inputs are rows `[partition, x]`: column 0 partitions, column 1 is every call's argument.

/// Collects what an operator sends on, in order.
private final class Collector: OperatorNode {
    enum Event: Equatable {
        case rows([[Value]])
        case control(ControlElement)
    }

    var records: [Record] = []
    var events: [Event] = []

    func push(_ batch: [Record]) async throws {
        records.append(contentsOf: batch)
        events.append(.rows(batch.map(\.values)))
    }

    func control(_ element: ControlElement) async throws {
        events.append(.control(element))
    }

    /// The analytic columns of every row so far (the values after the input's two).
    var results: [[Value]] { records.map { Array($0.values.dropFirst(2)) } }
}

private func row(_ partition: String, _ x: Value, time: Int64 = 0) -> Record {
    Record(values: [.string(partition), x], timestamp: time)
}

private func dec(_ text: String) -> Value {
    guard let decimal = SQLDecimal(text) else {
        Issue.record("bad decimal literal \(text)")
        return .null
    }
    return .decimal(decimal)
}

private func call(_ function: AnalyticCall.Function, offset: Int = 1, defaultValue: Value? = nil,
                  preceding: Int? = nil, type: SQLType = .bigint) -> AnalyticCall {
    let hasArgument = function != .rowNumber && function != .countRows
    return AnalyticCall(function: function, argument: hasArgument ? .column(1) : nil, offset: offset,
                        defaultValue: defaultValue.map(ScalarExpr.literal), preceding: preceding, resultType: type)
}

/// The node for `calls` partitioned by column 0, with hand-written evaluators for the arguments
/// (column 1) and literal defaults.
private func makeNode(_ calls: [AnalyticCall], id: Int = 3, context: FunctionContext = FunctionContext())
    -> (AnalyticNode, Collector) {
    let collector = Collector()
    let argument: Evaluator = { record in record.values[1] }
    let arguments: [Evaluator?] = calls.map { call -> Evaluator? in call.argument == nil ? nil : argument }
    let defaults: [Evaluator?] = calls.map { call -> Evaluator? in
        guard case .literal(let value)? = call.defaultValue else { return nil }
        return { _ in value }
    }
    let spec = AnalyticSpec(partitionBy: [.column(0)], functions: calls)
    let node = AnalyticNode(id: id, next: collector, spec: spec, partitionBy: [{ $0.values[0] }],
                            arguments: arguments, defaults: defaults, context: context)
    return (node, collector)
}

/// Pushes the rows one batch each.
private func feed(_ node: AnalyticNode, _ rows: [Record]) async throws {
    for record in rows { try await node.push([record]) }
}

/// Rows of two interleaved partitions: a gets 1, 2, NULL, 4, 5; b gets 10, 20, 30.
private let interleaved: [Record] = [
    row("a", .int(1)), row("b", .int(10)), row("a", .int(2)), row("a", .null),
    row("b", .int(20)), row("a", .int(4)), row("b", .int(30)), row("a", .int(5)),
]

@Suite struct AnalyticNodeTests {
    @Test func rowNumberCountsPerPartitionAndPassesRecordsThrough() async throws {
        let (node, out) = makeNode([call(.rowNumber)])
        let header = Record.Header(name: "h", value: [1, 2])
        let origin = Record.Origin(source: 0, topic: "t", partition: 2, offset: 41)
        try await node.push([Record(values: [.string("a"), .int(7)], key: [9], timestamp: 1234, headers: [header], origin: origin)])
        try await feed(node, Array(interleaved.dropFirst()))
        #expect(out.results == [[.int(1)], [.int(1)], [.int(2)], [.int(3)], [.int(2)], [.int(4)], [.int(3)], [.int(5)]])
        let first = out.records[0]
        #expect(first.values == [.string("a"), .int(7), .int(1)])
        #expect(first.key == [9])
        #expect(first.timestamp == 1234)
        #expect(first.headers == [header])
        #expect(first.origin == origin)
        #expect(node.stateNamespace == "node3")
    }

    @Test func lagReadsEarlierRowsOfItsPartitionElseTheDefault() async throws {
        let (node, out) = makeNode([
            call(.lag),
            call(.lag, offset: 2, defaultValue: .int(-1)),
            call(.lag, offset: 0),
        ])
        try await feed(node, interleaved)
        // A NULL x of an existing earlier row is NULL, not the default.
        #expect(out.results == [
            [.null, .int(-1), .int(1)],
            [.null, .int(-1), .int(10)],
            [.int(1), .int(-1), .int(2)],
            [.int(2), .int(1), .null],
            [.int(10), .int(-1), .int(20)],
            [.null, .int(2), .int(4)],
            [.int(20), .int(10), .int(30)],
            [.int(4), .null, .int(5)],
        ])
    }

    @Test func lagDefaultTakesTheResultType() async throws {
        let type = SQLType.decimal(precision: 10, scale: 2)
        let (node, out) = makeNode([call(.lag, defaultValue: .int(0), type: type)])
        try await feed(node, [row("a", dec("1.25")), row("a", dec("2.50"))])
        #expect(out.results == [[dec("0.00")], [dec("1.25")]])
        guard case .decimal(let first) = out.results[0][0] else {
            Issue.record("not a decimal: \(out.results[0][0])")
            return
        }
        #expect(first.scale == 2)
    }

    @Test func sumOverBoundedAndUnboundedFrames() async throws {
        let (node, out) = makeNode([
            call(.sum, preceding: 0),
            call(.sum, preceding: 1),
            call(.sum, preceding: 2),
            call(.sum),
        ])
        try await feed(node, interleaved)
        #expect(out.results == [
            [.int(1), .int(1), .int(1), .int(1)],
            [.int(10), .int(10), .int(10), .int(10)],
            [.int(2), .int(3), .int(3), .int(3)],
            // a: NULL alone is NULL; beside values it is ignored.
            [.null, .int(2), .int(3), .int(3)],
            [.int(20), .int(30), .int(30), .int(30)],
            [.int(4), .int(4), .int(6), .int(7)],
            [.int(30), .int(50), .int(60), .int(60)],
            [.int(5), .int(9), .int(9), .int(12)],
        ])
    }

    @Test func countsOverFrames() async throws {
        let (node, out) = makeNode([
            call(.count, preceding: 0),
            call(.count, preceding: 1),
            call(.count),
            call(.countRows, preceding: 0),
            call(.countRows, preceding: 2),
            call(.countRows),
        ])
        try await feed(node, [row("a", .null), row("b", .int(1)), row("a", .null), row("a", .int(3)), row("a", .int(4))])
        #expect(out.results == [
            [.int(0), .int(0), .int(0), .int(1), .int(1), .int(1)],
            [.int(1), .int(1), .int(1), .int(1), .int(1), .int(1)],
            [.int(0), .int(0), .int(0), .int(1), .int(2), .int(2)],
            [.int(1), .int(1), .int(1), .int(1), .int(3), .int(3)],
            [.int(1), .int(2), .int(2), .int(1), .int(3), .int(4)],
        ])
    }

    @Test func minAndMaxOverFrames() async throws {
        let (node, out) = makeNode([
            // ANY: the argument's own type, whichever kind it holds (ints in a, strings in b).
            call(.min, preceding: 1, type: .any),
            call(.max, preceding: 2, type: .any),
            call(.min, type: .any),
            call(.max, type: .any),
        ])
        let xs: [Value] = [.int(5), .null, .int(3), .int(8), .int(1), .int(9)]
        var rows: [Record] = []
        for (i, x) in xs.enumerated() {
            rows.append(row("a", x))
            rows.append(row("b", .string("s\(i)")))
        }
        try await feed(node, rows)
        let a = out.results.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        #expect(a == [
            [.int(5), .int(5), .int(5), .int(5)],
            [.int(5), .int(5), .int(5), .int(5)],
            [.int(3), .int(5), .int(3), .int(5)],
            [.int(3), .int(8), .int(3), .int(8)],
            [.int(1), .int(8), .int(1), .int(8)],
            [.int(1), .int(9), .int(1), .int(9)],
        ])
        // Strings order too (the b partition); MIN over 1 preceding forgets s0.
        #expect(out.results[5] == [.string("s1"), .string("s2"), .string("s0"), .string("s2")])
    }

    @Test func allNullFramesAreNull() async throws {
        let (node, out) = makeNode([
            call(.sum, preceding: 1), call(.avg, preceding: 1, type: .double), call(.min), call(.max, preceding: 0), call(.count),
        ])
        try await feed(node, [row("a", .null), row("a", .null)])
        #expect(out.results == [[.null, .null, .null, .null, .int(0)], [.null, .null, .null, .null, .int(0)]])
    }

    @Test func decimalSumsAreExact() async throws {
        let type = SQLType.decimal(precision: 38, scale: 2)
        let (node, out) = makeNode([call(.sum, preceding: 1, type: type), call(.sum, type: type)])
        try await feed(node, [row("a", dec("0.10")), row("b", dec("1.00")), row("a", dec("0.20")), row("a", dec("0.30"))])
        #expect(out.results == [
            [dec("0.10"), dec("0.10")],
            [dec("1.00"), dec("1.00")],
            [dec("0.30"), dec("0.30")],
            [dec("0.50"), dec("0.60")],
        ])
        for value in out.results.joined() {
            guard case .decimal(let x) = value else {
                Issue.record("not a decimal: \(value)")
                continue
            }
            #expect(x.scale == 2)
        }
    }

    @Test func averages() async throws {
        let (node, out) = makeNode([call(.avg, preceding: 1, type: .double), call(.avg, type: .double)])
        try await feed(node, [row("a", .int(1)), row("a", .int(2)), row("a", .null), row("a", .int(6))])
        #expect(out.results == [
            [.double(1), .double(1)], [.double(1.5), .double(1.5)], [.double(2), .double(1.5)], [.double(6), .double(3)],
        ])

        // DECIMAL: exact, at scale max(s, 6).
        let type = SQLType.decimal(precision: 38, scale: 6)
        let (decimalNode, decimals) = makeNode([call(.avg, type: type)])
        try await feed(decimalNode, [row("a", dec("1.00")), row("a", dec("1.00")), row("a", dec("2.00"))])
        #expect(decimals.results == [[dec("1")], [dec("1")], [dec("1.333333")]])
        guard case .decimal(let last) = decimals.results[2][0] else {
            Issue.record("not a decimal: \(decimals.results[2][0])")
            return
        }
        #expect(last.scale == 6)
        #expect(last.significand == 1_333_333)
    }

    @Test func bigintSumsCarryPastOverflowExactly() async throws {
        let context = FunctionContext()
        let (node, out) = makeNode([call(.sum), call(.avg, type: .double)], context: context)
        try await feed(node, [row("a", .int(.max)), row("a", .int(2)), row("a", .int(-4))])
        // The middle sum does not fit BIGINT: NULL and one error; the next one fits again.
        #expect(out.results.map { $0[0] } == [.int(.max), .null, .int(.max - 2)])
        #expect(context.evaluation.errorCount == 1)
        #expect(out.results[1][1] == .double((Double(Int64.max) + 2) / 2))
    }

    @Test func leadWaitsForLaterRowsThenFlushesAtEnd() async throws {
        let (node, out) = makeNode([call(.rowNumber), call(.lead), call(.lead, offset: 2, defaultValue: .int(-1)), call(.sum, preceding: 1)])
        try await node.push([row("a", .int(1)), row("b", .int(10)), row("a", .int(2))])
        #expect(out.records.isEmpty)
        try await node.push([row("a", .int(3))])
        // a's first row has both later rows now.
        #expect(out.results == [[.int(1), .int(2), .int(3), .int(1)]])
        try await node.control(.barrier(1))
        try await node.control(.watermark(99))
        #expect(out.records.count == 1)
        try await node.push([row("b", .int(20)), row("a", .int(4))])
        #expect(out.results.count == 2)
        #expect(out.results[1] == [.int(2), .int(3), .int(4), .int(3)])
        try await node.control(.end)
        // The rest in arrival order: b1, a3, b2, a4; missing LEAD values are the default.
        #expect(out.results == [
            [.int(1), .int(2), .int(3), .int(1)],
            [.int(2), .int(3), .int(4), .int(3)],
            [.int(1), .int(20), .int(-1), .int(10)],
            [.int(3), .int(4), .int(-1), .int(5)],
            [.int(2), .null, .int(-1), .int(30)],
            [.int(4), .null, .int(-1), .int(7)],
        ])
        #expect(out.records.map { $0.values[0] } == [.string("a"), .string("a"), .string("b"), .string("a"), .string("b"), .string("a")])
        #expect(out.events.suffix(2) == [
            .rows(Array(out.records.suffix(4)).map(\.values)),
            .control(.end),
        ])
        #expect(out.events.contains(.control(.barrier(1))))
        #expect(out.events.contains(.control(.watermark(99))))
        #expect(node.stateBytes > 0)
    }

    @Test func leadOfZeroIsTheCurrentRow() async throws {
        let (node, out) = makeNode([call(.lead, offset: 0)])
        try await feed(node, [row("a", .int(1)), row("a", .int(2))])
        #expect(out.results == [[.int(1)], [.int(2)]])
    }

    @Test func controlElementsPassThroughInOrder() async throws {
        let (node, out) = makeNode([call(.rowNumber), call(.lag)])
        try await node.push([row("a", .int(1))])
        try await node.control(.watermark(5))
        try await node.control(.barrier(7))
        try await node.push([row("a", .int(2))])
        try await node.control(.end)
        #expect(out.events == [
            .rows([[.string("a"), .int(1), .int(1), .null]]),
            .control(.watermark(5)),
            .control(.barrier(7)),
            .rows([[.string("a"), .int(2), .int(2), .int(1)]]),
            .control(.end),
        ])
    }

    @Test func stateStaysBoundedForBoundedFrames() async throws {
        let (node, _) = makeNode([call(.sum, preceding: 2), call(.lag, offset: 3), call(.max)])
        try await feed(node, (0..<50).map { row("a", .int(Int64($0))) })
        let early = node.stateBytes
        try await feed(node, (50..<500).map { row("a", .int(Int64($0))) })
        #expect(node.stateBytes == early)
        #expect(early > 0)
    }

    // MARK: - State

    /// Every call, with waiting LEAD rows; rows with keys and headers.
    private static let stateCalls: [AnalyticCall] = [
        call(.rowNumber), call(.lag, offset: 2, defaultValue: .int(0)), call(.lead, offset: 2, defaultValue: .int(-1)),
        call(.sum, preceding: 1), call(.sum), call(.avg, type: .double), call(.avg, preceding: 2, type: .double),
        call(.min, preceding: 1), call(.max), call(.count, preceding: 2), call(.countRows), call(.countRows, preceding: 1),
    ]

    private static let stateInput: [Record] = (0..<20).map { i in
        let x: Value = i % 7 == 3 ? .null : .int(Int64(i * 3 % 11))
        return Record(values: [.string(["a", "b", "c"][i % 3 == 2 ? 2 : i % 2]), x],
                      key: i % 4 == 0 ? nil : [UInt8(i)], timestamp: Int64(1_000 + i),
                      headers: i % 5 == 0 ? [Record.Header(name: "n\(i)", value: i % 2 == 0 ? nil : [1, 2, 3])] : [])
    }

    private struct Row: Equatable {
        var values: [Value]
        var key: [UInt8]?
        var timestamp: Int64
        var headers: [Record.Header]

        init(_ record: Record) {
            values = record.values
            key = record.key
            timestamp = record.timestamp
            headers = record.headers
        }
    }

    @Test(arguments: [0, 1, 5, 9, 14, 20])
    func restoredNodeContinuesLikeAnUninterruptedOne(split: Int) async throws {
        let (whole, wholeOut) = makeNode(Self.stateCalls)
        try await feed(whole, Self.stateInput)
        try await whole.control(.end)

        // The first part, with a checkpoint in the middle so later drains are incremental.
        let (first, firstOut) = makeNode(Self.stateCalls)
        var store: [[UInt8]: [UInt8]] = [:]
        func apply(_ changes: [StateChange]) {
            for change in changes {
                switch change {
                case .put(let key, let value): store[key] = value
                case .delete(let key): store[key] = nil
                }
            }
        }
        try await feed(first, Array(Self.stateInput.prefix(split / 2)))
        apply(first.drainChanges())
        try await feed(first, Array(Self.stateInput[(split / 2)..<split]))
        apply(first.drainChanges())
        #expect(first.drainChanges().isEmpty)

        let (second, secondOut) = makeNode(Self.stateCalls)
        try second.restore(store)
        #expect(second.stateBytes == first.stateBytes)
        try await feed(second, Array(Self.stateInput.dropFirst(split)))
        try await second.control(.end)

        #expect((firstOut.records + secondOut.records).map(Row.init) == wholeOut.records.map(Row.init))
    }

    @Test func drainReturnsOnlyChangedPartitions() async throws {
        let (node, _) = makeNode([call(.rowNumber)])
        try await feed(node, [row("a", .int(1)), row("b", .int(2)), row("a", .int(3))])
        #expect(node.drainChanges().count == 2)
        try await node.push([row("b", .int(4))])
        let changes = node.drainChanges()
        var writer = StateWriter()
        writer.write(Value.string("b"))
        guard changes.count == 1, case .put(let key, let value) = changes[0] else {
            Issue.record("expected one put, got \(changes)")
            return
        }
        #expect(key == writer.bytes)
        #expect(value.first == 1)
    }

    @Test func restoreRejectsStateItCannotRead() async throws {
        let (node, _) = makeNode([call(.rowNumber), call(.lag)])
        try await feed(node, [row("a", .int(1))])
        let changes = node.drainChanges()
        guard case .put(let key, let value)? = changes.first else {
            Issue.record("no state")
            return
        }
        let (fresh, _) = makeNode([call(.rowNumber), call(.lag)])
        var newer = value
        newer[0] = 2
        #expect(throws: StateFormatError.self) { try fresh.restore([key: newer]) }
        #expect(throws: StateFormatError.self) { try fresh.restore([key: Array(value.dropLast())]) }
        // State of other calls (the query changed) is not guessed at.
        let (other, _) = makeNode([call(.sum)])
        #expect(throws: StateFormatError.self) { try other.restore([key: value]) }
        let (swapped, _) = makeNode([call(.lag), call(.rowNumber)])
        #expect(throws: StateFormatError.self) { try swapped.restore([key: value]) }
    }
}
