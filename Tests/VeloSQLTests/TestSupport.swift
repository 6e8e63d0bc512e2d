import Foundation
import Testing
import VeloSQL

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Parses `sql`, requires no errors, and checks for each statement that printing it and parsing the
/// print gives the same tree, and that printing is stable.
@discardableResult
func expectRoundTrip(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Statement] {
    let first = SQL.parse(sql)
    #expect(first.errors.isEmpty, "\(sql)\n\(first.errors)", sourceLocation: sourceLocation)
    for statement in first.statements {
        let printed = SQLPrinter.print(statement)
        do throws(SyntaxError) {
            let second = try SQL.parseStatement(printed)
            #expect(second == statement, "printed as:\n\(printed)", sourceLocation: sourceLocation)
            #expect(SQLPrinter.print(second) == printed, sourceLocation: sourceLocation)
        } catch {
            Issue.record("the print of \(sql) does not parse: \(error)\n\(printed)", sourceLocation: sourceLocation)
        }
    }
    return first.statements
}

/// The single statement `sql` parses to.
func statement(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Statement {
    do throws(SyntaxError) {
        return try SQL.parseStatement(sql)
    } catch {
        Issue.record("\(sql): \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The query of a SELECT statement.
func query(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Query {
    guard case .query(let query) = try statement(sql, sourceLocation: sourceLocation).kind else {
        Issue.record("not a query: \(sql)", sourceLocation: sourceLocation)
        throw SyntaxError("not a query", at: .none)
    }
    return query
}

/// The single SELECT block of a query.
func select(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Select {
    guard case .select(let select) = try query(sql, sourceLocation: sourceLocation).body else {
        Issue.record("not a single SELECT: \(sql)", sourceLocation: sourceLocation)
        throw SyntaxError("not a select", at: .none)
    }
    return select
}

func expression(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Expr {
    do throws(SyntaxError) {
        return try SQL.parseExpression(sql)
    } catch {
        Issue.record("\(sql): \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The errors of a script (at least one is required).
func errors(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [SyntaxError] {
    let result = SQL.parse(sql)
    #expect(!result.errors.isEmpty, "\(sql) must not parse", sourceLocation: sourceLocation)
    return result.errors
}

// Shorthands for building expected trees.
func column(_ path: String...) -> Expr { Expr(.column(path)) }
func integer(_ text: String) -> Expr { Expr(.literal(.integer(text))) }
func string(_ text: String) -> Expr { Expr(.literal(.string(text))) }
func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr) -> Expr { Expr(.binary(op, left, right)) }
