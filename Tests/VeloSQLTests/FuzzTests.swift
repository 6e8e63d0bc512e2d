import Foundation
import Testing
import VeloSQL

/// CPU time of the calling thread: the parser's own work, whatever else the machine is running
/// (wall time on 2 cores shared with three other lanes and the Kafka tests would measure the scheduler).
func threadCPUTime() -> Duration {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
}

/// A small deterministic generator (SplitMix64): the same inputs on every run and machine.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds fuzz inputs: grammar-generated statements, token- and character-level mutations of real
/// SQL, random bytes and deep nesting.
struct FuzzInputs {
    var random: SplitMix64
    let corpus: [String]
    let tokenPool: [String]

    init(seed: UInt64, corpus: [String]) {
        random = SplitMix64(state: seed)
        self.corpus = corpus
        var pool = Set<String>()
        for text in corpus {
            for token in (try? Lexer.tokenize(text))?.tokens ?? [] where !token.text.isEmpty { pool.insert(token.text) }
        }
        tokenPool = pool.sorted() + ["(", ")", "'", "\"", "/*", "*/", "--", ";", ",", "ü", "€", "\u{0}", "\\", "?"]
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    mutating func number(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }

    mutating func next() -> String {
        switch number(0..<100) {
        case 0..<25: generatedStatement()
        case 25..<60: tokenMutation()
        case 60..<85: characterMutation()
        case 85..<95: randomBytes()
        default: deepNesting()
        }
    }

    // MARK: grammar-based generation

    mutating func generatedStatement() -> String {
        switch number(0..<6) {
        case 0: "CREATE STREAM \(name()) \(chance(50) ? "WITH ('topic' = 'x') " : "")AS \(query(depth: 0))" + (chance(30) ? " WITH ('partitions' = 2)" : "")
        case 1: "CREATE TABLE \(name()) (id BIGINT PRIMARY KEY, v \(pick(["STRING", "DECIMAL(10, 2)", "ARRAY<INT>", "MAP<STRING, DOUBLE>"])))"
        case 2: "INSERT INTO \(name()) \(query(depth: 0))"
        case 3: "EXPLAIN \(query(depth: 0))"
        default: query(depth: 0)
        }
    }

    mutating func name() -> String { pick(["a", "b", "orders", "t", "\"Odd Name\"", "key", "session", "_window_start"]) }

    mutating func query(depth: Int) -> String {
        var text = chance(15) && depth < 2 ? "WITH c AS (\(query(depth: depth + 1))) " : ""
        text += "SELECT \(chance(20) ? "DISTINCT " : "")" + (0..<number(1..<4)).map { _ in selectItem(depth: depth) }.joined(separator: ", ")
        text += " FROM \(name())\(chance(30) ? " AS x" : "")"
        if chance(30) { text += " \(pick(["JOIN", "LEFT JOIN", "RIGHT OUTER JOIN", "FULL JOIN"])) \(name()) y\(chance(30) ? " WITHIN 5m" : "") ON \(expression(depth: depth + 1))" }
        if chance(50) { text += " WHERE \(expression(depth: depth + 1))" }
        if chance(40) { text += " GROUP BY \(expression(depth: depth + 1))" }
        if chance(30) { text += " WINDOW \(pick(["TUMBLING(1m)", "TUMBLING(ts, INTERVAL '5' SECOND)", "HOPPING(ts, 10s, 5s)", "SLIDING(1m, 10s)", "SESSION(ts, 30s)", "TUMBLING(ts, 1m, GRACE PERIOD 5s)"]))\(chance(20) ? " GRACE PERIOD 1s" : "")" }
        if chance(20) { text += " HAVING \(expression(depth: depth + 1))" }
        if chance(30) { text += " EMIT \(pick(["CHANGES", "FINAL"]))" }
        if chance(15) && depth < 2 { text += " UNION ALL \(query(depth: depth + 1))" }
        if chance(15) { text += " ORDER BY \(expression(depth: depth + 1))\(chance(50) ? " DESC" : "")" }
        if chance(15) { text += " LIMIT \(number(0..<100))" }
        return text
    }

    mutating func selectItem(depth: Int) -> String {
        switch number(0..<10) {
        case 0: "*"
        case 1: "x.*"
        default: expression(depth: depth + 1) + (chance(30) ? " AS \(name())" : "")
        }
    }

    mutating func expression(depth: Int) -> String {
        if depth > 4 || chance(30) { return atom() }
        switch number(0..<16) {
        case 0: return "\(expression(depth: depth + 1)) \(pick(["+", "-", "*", "/", "%", "||", "=", "<>", "!=", "<", "<=", ">", ">=", "AND", "OR"])) \(expression(depth: depth + 1))"
        case 1: return "\(pick(["NOT ", "-", "+", "- "]))\(expression(depth: depth + 1))"
        case 2: return "(\(expression(depth: depth + 1)))"
        case 3: return "\(expression(depth: depth + 1)) \(chance(50) ? "NOT " : "")BETWEEN \(atom()) AND \(atom())"
        case 4: return "\(expression(depth: depth + 1)) \(chance(50) ? "NOT " : "")IN (\(atom()), \(atom()))"
        case 5: return "\(expression(depth: depth + 1)) \(chance(50) ? "NOT " : "")LIKE \(atom())"
        case 6: return "\(expression(depth: depth + 1)) IS \(chance(50) ? "NOT " : "")NULL"
        case 7: return "CASE \(chance(50) ? atom() + " " : "")WHEN \(expression(depth: depth + 1)) THEN \(atom())\(chance(50) ? " ELSE \(atom())" : "") END"
        case 8: return "CAST(\(expression(depth: depth + 1)) AS \(pick(["INT", "DECIMAL(10, 2)", "STRING", "TIMESTAMP", "ARRAY<STRING>"])))"
        case 9: return "\(pick(["COUNT", "sum", "AVG", "UPPER", "COALESCE", "POSITION"]))(\(chance(20) ? "DISTINCT " : "")\(expression(depth: depth + 1))\(chance(30) ? ", \(atom())" : ""))\(chance(15) ? " FILTER (WHERE \(atom()))" : "")"
        case 10: return "\(pick(["AVG", "LAG", "ROW_NUMBER"]))(\(atom())) OVER (PARTITION BY \(atom()) ORDER BY \(atom()) \(pick(["ROWS BETWEEN 4 PRECEDING AND CURRENT ROW", "RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW", "ROWS UNBOUNDED PRECEDING", ""])))"
        case 11: return "EXISTS (\(query(depth: depth + 2)))"
        case 12: return "(\(query(depth: depth + 2)))"
        case 13: return "\(atom()) IN (\(query(depth: depth + 2)))"
        case 14: return "POSITION(\(atom()) IN \(atom()))"
        default: return "\(atom())[\(atom())]"
        }
    }

    mutating func atom() -> String {
        pick(["1", "0.1", "2e10", "'s'", "'it''s'", "NULL", "TRUE", "price", "o.price", "\"Order Id\"", "5s", "250ms",
              "INTERVAL '5' SECOND", "TIMESTAMP '2024-01-01 00:00:00'", "DATE '2024-01-01'", "_timestamp", "ARRAY[1, 2]",
              "EXTRACT(HOUR FROM ts)", "COUNT(*)", "key", "date"])
    }

    // MARK: mutations

    mutating func tokenMutation() -> String {
        let base = pick(corpus)
        var tokens = ((try? Lexer.tokenize(base))?.tokens ?? []).map(\.text).filter { !$0.isEmpty }
        guard !tokens.isEmpty else { return base }
        for _ in 0..<number(1..<4) {
            let index = number(0..<tokens.count)
            switch number(0..<4) {
            case 0: tokens.remove(at: index)
            case 1: tokens.insert(pick(tokenPool), at: index)
            case 2: tokens[index] = pick(tokenPool)
            default: tokens.swapAt(index, number(0..<tokens.count))
            }
            if tokens.isEmpty { break }
        }
        return tokens.joined(separator: " ")
    }

    mutating func characterMutation() -> String {
        var characters = Array(pick(corpus))
        let alphabet = Array("()'\"`;,.*-/+<>=!|%[]:_$0123456789aeEsmhdSELECTFROMWHERE \n\tü€\u{0}\\?")
        for _ in 0..<number(1..<6) {
            let index = characters.isEmpty ? 0 : number(0..<characters.count)
            switch number(0..<3) {
            case 0 where !characters.isEmpty: characters.remove(at: index)
            case 1: characters.insert(pick(alphabet), at: index)
            default: if !characters.isEmpty { characters[index] = pick(alphabet) }
            }
        }
        return String(characters)
    }

    mutating func randomBytes() -> String {
        let bytes = (0..<number(0..<200)).map { _ in UInt8.random(in: 0...255, using: &random) }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func deepNesting() -> String {
        let depth = number(50..<3_000)
        return switch number(0..<6) {
        case 0: "SELECT " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        case 1: "SELECT " + String(repeating: "(", count: depth) + "1"
        case 2: "SELECT " + String(repeating: "NOT -", count: depth) + "a FROM t"
        case 3: String(repeating: "SELECT * FROM (", count: depth / 10) + "SELECT 1" + String(repeating: ")", count: depth / 10)
        case 4: "SELECT " + String(repeating: "CASE WHEN a THEN ", count: depth / 5) + "1" + String(repeating: " END", count: depth / 5)
        default: "SELECT " + String(repeating: "f(", count: depth) + String(repeating: ")", count: depth)
        }
    }
}

@Suite("Fuzz")
struct FuzzTests {
    static let inputCount = Int(ProcessInfo.processInfo.environment["VELO_FUZZ_INPUTS"] ?? "") ?? 100_000
    static let limit = Duration.milliseconds(50)

    static func corpus() throws -> [String] {
        var corpus = productionExamples.values.flatMap { $0 }
        for file in try QueriesTests.files() {
            let text = try String(contentsOf: file, encoding: .utf8)
            corpus += text.components(separatedBy: ";\n").filter { !$0.isEmpty }
        }
        return corpus
    }

    /// Four lanes of a quarter each, so the 100,000 inputs run in parallel.
    static let seeds: [UInt64] = [0x5EED_0001, 0x5EED_0002, 0x5EED_0003, 0x5EED_0004]

    @Test("100,000 generated and mutated inputs (4 lanes): each gives a result or errors within 50 ms of CPU; what parses prints back to the same tree", arguments: seeds)
    func fuzz(seed: UInt64) async throws {
        let corpus = try Self.corpus()
        // CPU-bound for many seconds: run on a thread of its own, not on the cooperative pool that
        // the async (Kafka) tests running beside it need.
        let lane = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Self.lane(seed: seed, corpus: corpus)) }
            thread.stackSize = 16 << 20
            thread.start()
        }
        #expect(lane.failures.isEmpty, "\(lane.failures.joined(separator: "\n"))")
        #expect(lane.slowest.0 < Self.limit, "slowest input took \(lane.slowest.0): \(lane.slowest.1.prefix(200))")
        // The generator must reach the parser's success paths too, not only its error paths.
        #expect(lane.parsed > lane.count / 10, "only \(lane.parsed) of \(lane.count) inputs parsed")
    }

    struct Lane: Sendable {
        var count: Int
        var parsed: Int
        var slowest: (Duration, String)
        var failures: [String]
    }

    static func lane(seed: UInt64, corpus: [String]) -> Lane {
        let count = Self.inputCount / Self.seeds.count
        var inputs = FuzzInputs(seed: seed, corpus: corpus)
        var slowest: (Duration, String) = (.zero, "")
        var parsed = 0
        var failures: [String] = []
        for _ in 0..<count {
            let sql = inputs.next()
            let started = threadCPUTime()
            let result = SQL.parse(sql)
            let elapsed = threadCPUTime() - started
            if elapsed > slowest.0 { slowest = (elapsed, sql) }
            if elapsed > Self.limit, failures.count < 5 { failures.append("took \(elapsed): \(sql.prefix(200))") }
            for error in result.errors where error.span.start.line < 1 || error.span.start.column < 1 {
                if failures.count < 5 { failures.append("error without a position (\(error)): \(sql.prefix(200))") }
            }
            guard result.isValid else { continue }
            parsed += 1
            // Formatting keeps every comment and is stable.
            if parsed % 10 == 0 || !result.comments.isEmpty {
                let once = SQLPrinter.format(result)
                let reparsed = SQL.parse(once)
                if reparsed.errors.contains(where: { $0.message.hasPrefix("nested too deeply") }) { continue }
                let twice = SQLPrinter.format(reparsed)
                if (once != twice || reparsed.comments.count != result.comments.count), failures.count < 5 {
                    failures.append("formatting is not stable\n  input: \(sql.prefix(2000))\n  once:  \(once.prefix(3000))\n  twice: \(twice.prefix(3000))")
                }
            }
            for statement in result.statements {
                let printed = SQLPrinter.print(statement)
                let again = SQL.parse(printed)
                // Printing may add parentheses, each a level of nesting: a tree built right at the
                // depth limit can print deeper than the limit. That is the limit working, not a bug.
                if again.errors.contains(where: { $0.message.hasPrefix("nested too deeply") }) { continue }
                if again.statements != [statement] || !again.isValid, failures.count < 5 {
                    failures.append("round trip changed\n  input:   \(sql.prefix(2000))\n  printed: \(printed.prefix(3000))\n  errors:  \(again.errors)")
                }
            }
        }
        return Lane(count: count, parsed: parsed, slowest: slowest, failures: failures)
    }
}
