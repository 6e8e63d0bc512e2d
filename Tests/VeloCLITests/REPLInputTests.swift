import Foundation
import Testing
@testable import VeloCLI

@Suite("REPL input: statements, commands, history")
struct REPLInputTests {
    @Test("a statement ends at a ';' outside strings, quoted identifiers and comments, however many lines it takes")
    func statementEnds() {
        var buffer = StatementBuffer()
        #expect(buffer.add("SELECT id, 'a;b' AS s") == [])
        #expect(!buffer.isEmpty)
        #expect(buffer.add("FROM t -- not here;") == [])
        #expect(buffer.add("/* nor /* nested; */ here; */ WHERE \"odd;name\" = 'it''s;'") == [])
        #expect(buffer.add(";") == ["SELECT id, 'a;b' AS s\nFROM t -- not here;\n/* nor /* nested; */ here; */ WHERE \"odd;name\" = 'it''s;'\n;"])
        #expect(buffer.isEmpty)
    }

    @Test("a string or comment left open continues on the next line")
    func openString() {
        var buffer = StatementBuffer()
        #expect(buffer.add("SELECT 'two") == [])
        #expect(buffer.add("lines;' FROM t;") == ["SELECT 'two\nlines;' FROM t;"])
        #expect(buffer.add("SELECT 1 /* open") == [])
        #expect(buffer.add("still; */ FROM t; SELECT 2") == ["SELECT 1 /* open\nstill; */ FROM t;"])
        #expect(buffer.pending == "SELECT 2")
    }

    @Test("several statements on a line each run; blank lines and trailing comments leave nothing pending")
    func severalStatements() {
        var buffer = StatementBuffer()
        #expect(buffer.add("   ") == [])
        #expect(buffer.isEmpty)
        #expect(buffer.add("SELECT 1 FROM a; SELECT 2 FROM b;;  -- done") == ["SELECT 1 FROM a;", "SELECT 2 FROM b;"])
        #expect(buffer.isEmpty)
    }

    @Test("an annotation comment on its own line stays with the statement that follows")
    func annotation() {
        var buffer = StatementBuffer()
        #expect(buffer.add("-- @name: big") == [])
        #expect(!buffer.isEmpty)
        #expect(buffer.add("CREATE STREAM big AS SELECT * FROM t;") == ["-- @name: big\nCREATE STREAM big AS SELECT * FROM t;"])
    }

    @Test("at the end of input a statement without ';' is returned; comments alone are not")
    func finish() {
        var buffer = StatementBuffer()
        _ = buffer.add("SELECT 1 FROM t")
        #expect(buffer.finish() == "SELECT 1 FROM t")
        #expect(buffer.isEmpty)
        _ = buffer.add("-- just a comment")
        #expect(buffer.finish() == nil)
    }

    @Test("backslash commands parse with their argument; wrong use is a message")
    func commands() {
        #expect(BackslashCommand.parse("\\?") == .help)
        #expect(BackslashCommand.parse("  \\q") == .quit)
        #expect(BackslashCommand.parse("\\jobs") == .jobs)
        #expect(BackslashCommand.parse("\\d") == .describe(nil))
        #expect(BackslashCommand.parse("\\d  trades ;") == .describe("trades"))
        #expect(BackslashCommand.parse("\\explain SELECT * FROM t") == .explain("SELECT * FROM t"))
        #expect(BackslashCommand.parse("\\timing") == .timing)
        #expect(BackslashCommand.parse("\\output JSON") == .output(.json))
        #expect(BackslashCommand.parse("\\output") == .output(nil))
        #expect(BackslashCommand.parse("\\output xml") == .invalid("\\output takes table or json, not 'xml'"))
        #expect(BackslashCommand.parse("\\explain") == .invalid("\\explain needs SQL: \\explain SELECT … FROM …"))
        #expect(BackslashCommand.parse("\\frobnicate now") == .invalid("unknown command \\frobnicate"))
    }

    @Test("the help table lists every command")
    func helpTable() {
        let help = BackslashCommand.helpText()
        for command in ["\\?", "\\q", "\\jobs", "\\d [NAME]", "\\explain SQL", "\\timing", "\\output table|json"] {
            #expect(help.contains(command), "\(command)")
        }
    }

    @Test("EXPLAIN is blanked, not cut, so the server's positions fit the statement typed")
    func blanking() {
        #expect(REPL.blanking("EXPLAIN\nSELECT x FROM t;", upTo: 8) == "       \nSELECT x FROM t;")
    }

    @Test("history entries are one line each: newlines and backslashes are escaped and restored")
    func historyEncoding() {
        let entry = "SELECT 'a\\nb'\nFROM t;"
        let encoded = HistoryFile.encode(entry)
        #expect(!encoded.contains("\n"))
        #expect(HistoryFile.decode(encoded) == entry)
        #expect(HistoryFile.encode("SELECT 1 FROM t;") == "SELECT 1 FROM t;")
    }

    @Test("the history file keeps entries across sessions, VELO_HISTORY names it, and it is cut back when it doubles")
    func historyFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("velo-history-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(HistoryFile.defaultPath(environment: ["VELO_HISTORY": path, "HOME": "/home/x"]) == path)
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/home/x"]) == "/home/x/.velo_history")
        var file = HistoryFile(path: path)
        file.limit = 2
        #expect(file.load() == [])
        for entry in ["a;", "b\nc;", "d;", "e;", "f;"] { #expect(file.append(entry) == nil) }
        #expect(file.load() == ["e;", "f;"])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines == ["e;", "f;"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
