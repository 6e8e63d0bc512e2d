import Testing
import VeloCore
import VeloPlanner
@testable import VeloRuntime

/// State written by one release must be read by the next (a job restarted under a newer `velo-sql`
/// keeps its windows). These bytes were written by state format 1; if a change to the codecs breaks
/// this test, the change needs a new format version and a reader for the old one, not a new fixture.
@Suite("State format compatibility")
struct StateFormatTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return result
    }

    static let calls = [
        AggregateCall(function: .countRows, arguments: [], inputType: .bigint, resultType: .bigint),
        AggregateCall(function: .sum, arguments: [.column(1)], inputType: .decimal(precision: 10, scale: 2), resultType: .decimal(precision: 38, scale: 2)),
        AggregateCall(function: .avg, arguments: [.column(1)], inputType: .decimal(precision: 10, scale: 2), resultType: .decimal(precision: 38, scale: 6)),
        AggregateCall(function: .countDistinct, arguments: [.column(0)], distinct: true, inputType: .string, resultType: .bigint),
        AggregateCall(function: .lastValue, arguments: [.column(0)], inputType: .string, resultType: .string),
    ]

    static func group() throws -> AggregateGroup {
        let factories = try calls.map { try AggregateFactory($0) }
        let group = AggregateGroup(key: [.string("AAPL"), .int(7)], accumulators: factories.map { $0.make() }, sequence: 42, start: 1_000, end: 11_000)
        for (index, price) in ["0.10", "0.20", "0.30"].enumerated() {
            let value = Value.decimal(try #require(SQLDecimal(price)))
            let venue = Value.string(["x", "y", "x"][index])
            let arguments = [Value.null, value, value, venue, venue]
            for (accumulator, argument) in zip(group.accumulators, arguments) { accumulator.add(argument, time: Int64(2_000 + index)) }
        }
        return group
    }

    /// Format 1 of an aggregate group (COUNT(*), SUM and AVG of DECIMAL, COUNT(DISTINCT), LAST_VALUE).
    static let groupV1 = "01010206044141504c0307000000000000002a00000000000000e803000000000000f82a000000000000050101030000000000000001030203000000000000000000000000000000000000000000000000000000000000000504780000000000000000000000000000000000000000000000000104020300000000000000000000000000000000000000000000000000000000000000050478000000000000000000000000000000000000000000000000010b02d007000000000000060178d107000000000000060179010601d207000000000000060178"

    @Test("aggregate state written by format 1 reads back with its exact values")
    func aggregateGroupV1() throws {
        let factories = try Self.calls.map { try AggregateFactory($0) }
        let written = AggregateStateCodec.encode([try Self.group()])
        #expect(Self.hex(written) == Self.groupV1, "the encoding changed: bump the format and keep a reader for format 1")
        let restored = try AggregateStateCodec.decode(Self.bytes(Self.groupV1), factories: factories)
        let group = try #require(restored.first)
        #expect(group.key == [.string("AAPL"), .int(7)])
        #expect(group.sequence == 42 && group.start == 1_000 && group.end == 11_000)
        #expect(group.accumulators.map(\.result) == [
            .int(3), .decimal(try #require(SQLDecimal("0.60"))), .decimal(try #require(SQLDecimal("0.200000"))), .int(2), .string("x"),
        ])
    }

    /// A job's state fingerprint must not move between releases unless its query's meaning does.
    @Test("the state fingerprint of a planned query is stable")
    func fingerprint() throws {
        var planner = ScriptPlanner()
        let plan = planner.plan(source: """
            CREATE STREAM trades (symbol STRING, price DECIMAL(10, 2), ts TIMESTAMP) WITH ('topic' = 'trades', 'timestamp' = 'ts');
            CREATE STREAM bars AS SELECT symbol, COUNT(*) AS n, SUM(price) AS volume FROM trades GROUP BY symbol WINDOW TUMBLING(INTERVAL '1' MINUTE);
            """)
        let graph = try #require(plan.jobs.last).graph
        #expect(graph.stateFingerprint == Self.fingerprintV1)
        // The sink is not part of it: writing elsewhere keeps the windows.
        var moved = graph
        moved.nodes = moved.nodes.map { node in
            guard case .sink(var spec) = node.operation else { return node }
            spec.topic = "elsewhere"
            var copy = node
            copy.operation = .sink(spec)
            return copy
        }
        #expect(moved.stateFingerprint == graph.stateFingerprint)
    }

    static let fingerprintV1 = "176e5fd1470a9419"
}
