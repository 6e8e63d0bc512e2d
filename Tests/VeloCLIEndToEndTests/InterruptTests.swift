import Foundation
import Testing

/// Ctrl-C (SIGINT) ends the long-running commands cleanly: `query` keeps the rows printed so far and
/// prints their count, `status --refresh` stops redrawing; both exit 0.
extension LiveServerTests {
    @Test("Ctrl-C ends a query without --limit: the rows so far, then 'N rows' without a reason; exit 0", .timeLimit(.minutes(2)))
    func interruptQuery() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("interrupt-in")
            try await kafka.produce(input, ids: 0..<5)
            // Interrupted once the 5 rows are on the screen: header, rule, 5 rows.
            let result = try await CLI.run(["query", "SELECT id FROM `\(input)`"], against: server) { stdout in
                stdout.split(separator: "\n").count >= 7
            }
            #expect(result.status == 0, "\(result)")
            #expect(!result.signalled, "\(result)")
            let lines = result.stdoutLines
            #expect(lines.first.map(CLI.cells) == ["id"], "\(result)")
            #expect(lines.dropFirst(2).prefix(5).map(CLI.cells) == [["0"], ["1"], ["2"], ["3"], ["4"]], "\(result)")
            // No reason after the count: the user ended the query, not the server.
            #expect(lines.last == "5 rows", "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            // The server notices the client went away (at its next keep-alive line) and stops the
            // query; only then is its topic deleted.
            #expect(try await server.waitForNoQueries(), "the query still runs on the server")
        }
    }

    @Test("Ctrl-C ends status --refresh: one snapshot per interval until then, exit 0", .timeLimit(.minutes(2)))
    func interruptStatusRefresh() async throws {
        let server = try LiveServer.server()
        let snapshotLine = "\(server.baseURL): "
        let result = try await CLI.run(["status", "--refresh", "0.5"], against: server) { stdout in
            stdout.components(separatedBy: "\n" + snapshotLine).count >= 3
        }
        #expect(result.status == 0, "\(result)")
        #expect(!result.signalled, "\(result)")
        let snapshots = result.stdoutLines.filter { $0.hasPrefix(snapshotLine) }
        #expect(snapshots.count >= 3, "\(result)")
        #expect(snapshots.allSatisfy { $0.contains(" (every 0.5 s, ") }, "the interval and the time on each first line: \(result)")
        // Not a terminal: snapshots one after the other, separated by a blank line, no escape codes.
        #expect(!result.stdout.contains("\u{1B}["), "\(result)")
        #expect(result.stdout.contains("\n\n" + snapshotLine), "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
    }
}
