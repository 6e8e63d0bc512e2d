import Testing
@testable import VeloCLI

@Suite("REPL tab completion")
struct REPLCompletionTests {
    static let names = CompletionNames(
        relations: ["trades": ["symbol", "price", "quantity"], "trade_audit": ["id", "note"], "orders": ["id", "amount"]],
        jobs: ["big_trades", "audit_job"])

    static func complete(_ line: String, pending: String = "") -> Completion.Outcome {
        Completion.complete(beforeCursor: line, pending: pending, names: names)
    }

    @Test("keywords complete in the case they were started in")
    func keywords() {
        #expect(Self.complete("SEL") == .insert(delete: 0, text: "ECT "))
        #expect(Self.complete("sel") == .insert(delete: 0, text: "ect "))
        #expect(Self.complete("SELECT * FR") == .insert(delete: 0, text: "OM "))
        #expect(Self.complete("") == .none)
    }

    @Test("after FROM: streams and tables, their common start first, then the list")
    func relations() {
        #expect(Self.complete("SELECT * FROM ord") == .insert(delete: 0, text: "ers "))
        #expect(Self.complete("SELECT * FROM tr") == .insert(delete: 0, text: "ade"))
        #expect(Self.complete("SELECT * FROM trade") == .list(["trade_audit", "trades"]))
        #expect(Self.complete("SELECT * FROM ") == .list(["orders", "trade_audit", "trades"]))
        #expect(Self.complete("SELECT * FROM TRADES") == .insert(delete: 6, text: "trades "))
    }

    @Test("columns: of the streams the statement names, and after name.")
    func columns() {
        #expect(Self.complete("SELECT sym", pending: "") == .insert(delete: 0, text: "bol "))
        #expect(Self.complete("WHERE am", pending: "SELECT * FROM orders") == .insert(delete: 0, text: "ount "))
        #expect(Self.complete("SELECT trades.pr") == .insert(delete: 0, text: "ice "))
        #expect(Self.complete("SELECT orders.") == .list(["amount", "id"]))
    }

    @Test("backslash commands, job and relation names after \\d, formats after \\output")
    func commands() {
        #expect(Self.complete("\\ti") == .insert(delete: 0, text: "ming "))
        #expect(Self.complete("\\d big") == .insert(delete: 0, text: "_trades "))
        #expect(Self.complete("\\d a") == .insert(delete: 0, text: "udit_job "))
        #expect(Self.complete("\\output j") == .insert(delete: 0, text: "son "))
        #expect(Self.complete("STOP JOB au") == .insert(delete: 0, text: "dit_job "))
        #expect(Self.complete("DESCRIBE big") == .insert(delete: 0, text: "_trades "))
        #expect(Self.complete("\\explain SELECT * FROM or") == .insert(delete: 0, text: "ders "))
    }

    @Test("candidates list in columns across the width")
    func listing() {
        #expect(LineEditor.columns(["a", "bb", "ccc"], width: 10) == "a    bb\nccc\n")
    }
}
