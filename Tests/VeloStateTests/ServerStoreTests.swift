import Foundation
import Testing
@testable import VeloState

private func job(_ name: String, state: String = "running", createdAt: Int64 = 1_000) -> JobRecord {
    JobRecord(
        name: name, sql: "SELECT * FROM trades EMIT CHANGES", description: nil, graph: #"{"nodes":[]}"#,
        explain: ["1 Source trades", "2 Sink out"], state: state, failure: nil,
        createdAt: createdAt, updatedAt: createdAt, sources: ["trades"], sinkTopic: "out")
}

private func declaration(_ name: String, kind: String = "stream", at createdAt: Int64) -> DeclarationRecord {
    DeclarationRecord(name: name, kind: kind, sql: "CREATE STREAM \(name) (id INT) WITH (topic = '\(name)')",
                      createdAt: createdAt)
}

@Suite struct ServerStoreTests {
    @Test func createsDirectoryAndFile() throws {
        try withTemporaryDirectory { dir in
            let stateDir = dir + "/nested/velo-data"
            let store = try ServerStore(directory: stateDir)
            #expect(store.path == stateDir + "/velo.db")
            #expect(FileManager.default.fileExists(atPath: store.path))
            #expect(store.check() == nil)
            #expect(try Migrator.userVersion(store.database) == ServerStore.migrations.last?.version)
            #expect(try ServerStore(directory: stateDir + "/").path == stateDir + "/velo.db")
        }
    }

    @Test func jobCrudAndStateUpdates() throws {
        try withTemporaryDirectory { dir in
            let store = try ServerStore(directory: dir)
            var full = job("b_job")
            full.description = "all the fields"
            full.failure = "earlier failure"
            full.sinkTopic = nil
            full.sources = ["trades", "quotes"]
            try store.insertJobs([full, job("a_job")])

            #expect(try store.job(named: "b_job") == full)
            #expect(try store.job(named: "nope") == nil)
            #expect(try store.jobs().map(\.name) == ["a_job", "b_job"])

            #expect(try store.updateJobState("a_job", state: "failed", failure: "broker down", at: 5_000))
            var expected = job("a_job")
            expected.state = "failed"
            expected.failure = "broker down"
            expected.updatedAt = 5_000
            #expect(try store.job(named: "a_job") == expected)

            #expect(try store.updateJobState("a_job", state: "running", failure: nil, at: 6_000))
            #expect(try store.job(named: "a_job")?.failure == nil)
            #expect(try store.updateJobState("ghost", state: "running", failure: nil, at: 6_000) == false)

            #expect(try store.deleteJob("a_job"))
            #expect(try store.deleteJob("a_job") == false)
            #expect(try store.jobs() == [full])
        }
    }

    @Test func reopenKeepsJobsAndDeclarations() throws {
        try withTemporaryDirectory { dir in
            do {
                let store = try ServerStore(directory: dir)
                try store.insert(declarations: [declaration("trades", at: 1)], jobs: [job("j")])
                store.close()
            }
            let store = try ServerStore(directory: dir)
            #expect(try store.jobs() == [job("j")])
            #expect(try store.declarations() == [declaration("trades", at: 1)])
        }
    }

    @Test func duplicateJobFailsTheWholeBatch() throws {
        try withTemporaryDirectory { dir in
            let store = try ServerStore(directory: dir)
            try store.insertJobs([job("existing")])
            let error = #expect(throws: StateError.self) {
                try store.insertJobs([job("new1"), job("existing"), job("new2")])
            }
            #expect(error?.message.contains(#"job "existing" already exists"#) == true)
            #expect(error?.description.contains(store.path) == true)
            #expect(try store.jobs().map(\.name) == ["existing"])

            // A name twice within one batch is the same failure.
            let twice = #expect(throws: StateError.self) { try store.insertJobs([job("x"), job("x")]) }
            #expect(twice?.message.contains(#"job "x" already exists"#) == true)
            #expect(try store.jobs().map(\.name) == ["existing"])
        }
    }

    @Test func declarationsKeepReplayOrder() throws {
        try withTemporaryDirectory { dir in
            let store = try ServerStore(directory: dir)
            try store.insertDeclarations([declaration("c", at: 20), declaration("a", kind: "table", at: 10)])
            // Same timestamp as "c": insertion order breaks the tie.
            try store.insertDeclarations([declaration("b", at: 20)])
            #expect(try store.declarations().map(\.name) == ["a", "c", "b"])
            #expect(try store.declarations().first?.kind == "table")

            let error = #expect(throws: StateError.self) { try store.insertDeclarations([declaration("a", at: 30)]) }
            #expect(error?.message.contains(#"stream "a" already exists"#) == true)

            #expect(try store.deleteDeclaration("c"))
            #expect(try store.deleteDeclaration("c") == false)
            #expect(try store.declarations().map(\.name) == ["a", "b"])
        }
    }

    @Test func deployIsAllOrNothing() throws {
        try withTemporaryDirectory { dir in
            let store = try ServerStore(directory: dir)
            try store.insertJobs([job("taken")])
            let error = #expect(throws: StateError.self) {
                try store.insert(declarations: [declaration("s1", at: 1), declaration("s2", at: 2)],
                                 jobs: [job("fresh"), job("taken")])
            }
            #expect(error?.message.contains(#"job "taken" already exists"#) == true)
            #expect(try store.declarations().isEmpty)
            #expect(try store.jobs().map(\.name) == ["taken"])

            try store.insert(declarations: [declaration("s1", at: 1)], jobs: [job("fresh")])
            #expect(try store.declarations().map(\.name) == ["s1"])
            #expect(try store.jobs().map(\.name) == ["fresh", "taken"])
        }
    }

    @Test func concurrentInserts() async throws {
        try await withTemporaryDirectory { dir in
            let store = try ServerStore(directory: dir)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try store.insertJobs([job("job_\(index)")])
                        _ = try store.jobs()
                        try store.updateJobState("job_\(index)", state: "stopped", failure: nil, at: Int64(index))
                    }
                }
                try await group.waitForAll()
            }
            let jobs = try store.jobs()
            #expect(jobs.count == 20)
            #expect(Set(jobs.map(\.name)) == Set((0..<20).map { "job_\($0)" }))
            #expect(jobs.allSatisfy { $0.state == "stopped" })
        }
    }

    @Test func oddTextRoundTrips() throws {
        try withTemporaryDirectory { dir in
            let store = try ServerStore(directory: dir)
            let odd = JobRecord(
                name: "o'brien \"quoted\" 名前 🦀",
                sql: "SELECT 'it''s', \"col\" FROM t -- comment\n/* block */ WHERE x = '\\'",
                description: "line1\nline2\ttab ü ✓ \u{1F600} \\ / \"",
                graph: #"{"a":"b\"c","d":["é",1.5,null]}"#,
                explain: ["1 Source \"t\"", "  2 Filter x = '\\'", "", "🦀 ünïcode"],
                state: "running", failure: "'); DROP TABLE jobs; --",
                createdAt: Int64.min, updatedAt: Int64.max,
                sources: ["topic.with.dots", "topic-ü", "\"q\""], sinkTopic: "sink'topic")
            let decl = DeclarationRecord(name: "strömung \"x\"", kind: "stream",
                                         sql: "CREATE STREAM \"strömung\" (s STRING) WITH (topic = 'it''s')",
                                         createdAt: -1)
            try store.insert(declarations: [decl], jobs: [odd])
            #expect(try store.job(named: odd.name) == odd)
            #expect(try store.declarations() == [decl])
            #expect(try store.jobs().count == 1)
        }
    }

    @Test func garbageDatabaseIsAClearError() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/velo.db"
            try Data(repeating: 0xAB, count: 8192).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: StateError.self) { try ServerStore(directory: dir) }
            #expect(error?.description.hasPrefix("state store \(path): file is not a database") == true)
        }
    }

    @Test func directoryUnderAFileIsAnError() throws {
        try withTemporaryDirectory { dir in
            let file = dir + "/plain-file"
            try Data("not a directory".utf8).write(to: URL(fileURLWithPath: file))

            let nested = file + "/state"
            let error = #expect(throws: StateError.self) { try ServerStore(directory: nested) }
            #expect(error?.description.contains("cannot create state directory \(nested)") == true)

            let itself = #expect(throws: StateError.self) { try ServerStore(directory: file) }
            #expect(itself?.description.contains("cannot use state directory \(file): it is a file") == true)
        }
    }

    @Test func corruptRowsAreErrorsNotCrashes() throws {
        try withTemporaryDirectory { dir in
            let store = try ServerStore(directory: dir)
            try store.insertJobs([job("j")])
            try store.database.run("UPDATE jobs SET explain = 'not json' WHERE name = 'j'")
            let error = #expect(throws: StateError.self) { try store.jobs() }
            #expect(error?.message.contains(#"job "j": explain is not a JSON list of strings"#) == true)
        }
    }
}
