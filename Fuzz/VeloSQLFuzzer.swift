// libFuzzer entry point for the SQL front end. Built with VeloSQL's sources into one module by
// scripts/fuzz.sh (see docs/fuzzing.md); not part of the Swift package.
//
// Properties checked for every input:
// - parsing returns (statements or errors) without crashing;
// - every error has a 1-based position;
// - what parses prints back to the same tree, and formatting is stable.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let sql = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = SQL.parse(sql)
    for error in result.errors where error.line < 1 || error.column < 1 {
        preconditionFailure("error without a position: \(error)")
    }
    guard result.isValid else { return 0 }
    for statement in result.statements {
        let printed = SQLPrinter.print(statement)
        let again = SQL.parse(printed)
        if again.errors.contains(where: { $0.message.hasPrefix("nested too deeply") }) { continue }
        precondition(again.isValid && again.statements == [statement], "round trip changed:\n\(sql)\n---\n\(printed)")
    }
    let once = SQLPrinter.format(result)
    let reparsed = SQL.parse(once)
    if reparsed.errors.contains(where: { $0.message.hasPrefix("nested too deeply") }) { return 0 }
    precondition(SQLPrinter.format(reparsed) == once, "formatting is not stable:\n\(sql)")
    return 0
}
