import Foundation
import Testing
@testable import VeloState

/// Which `StateStore` a parameterised test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, sqlite
    var testDescription: String { rawValue }
}

/// Runs `body` with a new store of `kind`. `restart` stands for stopping the job and starting it
/// again: it closes the store and returns what a new runner would get (a new `SQLiteStateStore` on the
/// same file; the same `MemoryStateStore` object, which is how tests use it).
private func withStore(
    _ kind: StoreKind, _ body: (_ store: any StateStore, _ restart: () throws -> any StateStore) throws -> Void
) throws {
    try withTemporaryDirectory { dir in
        let path = dir + "/job.db"
        var current: any StateStore
        switch kind {
        case .memory: current = MemoryStateStore()
        case .sqlite: current = try SQLiteStateStore(path: path, fingerprint: "graph-1")
        }
        defer { current.close() }
        try body(current) {
            current.close()
            if kind == .sqlite { current = try SQLiteStateStore(path: path, fingerprint: "graph-1") }
            return current
        }
    }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func put(_ key: String, _ value: String) -> StateChange { .put(key: bytes(key), value: bytes(value)) }

private func delete(_ key: String) -> StateChange { .delete(key: bytes(key)) }

/// `StateSnapshot` is not Equatable; this compares what a restore promises.
private func expectSnapshot(
    _ snapshot: StateSnapshot, id: Int64, entries: [String: [String: String]], positions: [SourcePosition] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let expected = entries.mapValues { namespace in
        Dictionary(uniqueKeysWithValues: namespace.map { (bytes($0.key), bytes($0.value)) })
    }
    #expect(snapshot.checkpointID == id, sourceLocation: sourceLocation)
    #expect(snapshot.entries == expected, sourceLocation: sourceLocation)
    #expect(snapshot.positions == positions, sourceLocation: sourceLocation)
}

@Suite struct StateStoreTests {
    // MARK: Both stores

    @Test(arguments: StoreKind.allCases)
    func newStoreRestoresNothing(_ kind: StoreKind) throws {
        try withStore(kind) { store, _ in
            expectSnapshot(try store.restore(), id: 0, entries: [:])
            if kind == .memory { #expect(store.sizeBytes == 0) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func commitThenRestore(_ kind: StoreKind) throws {
        try withStore(kind) { store, restart in
            let positions = [SourcePosition(source: 0, partition: 0, nextOffset: 42),
                             SourcePosition(source: 0, partition: 1, nextOffset: 7)]
            try store.commit(StateCheckpoint(
                id: 1, changes: ["node1": [put("a", "1"), put("b", "2")]], positions: positions))
            expectSnapshot(try store.restore(), id: 1, entries: ["node1": ["a": "1", "b": "2"]], positions: positions)
            // Restarting restores the same.
            expectSnapshot(try restart().restore(), id: 1, entries: ["node1": ["a": "1", "b": "2"]],
                           positions: positions)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func binaryAndEmptyKeysAndValuesRoundTrip(_ kind: StoreKind) throws {
        try withStore(kind) { store, restart in
            let entries: [[UInt8]: [UInt8]] = [[]: [1], [0]: [], [0, 255, 0]: [255, 0, 128], bytes("é✓"): [0]]
            try store.commit(StateCheckpoint(
                id: 3, changes: ["n": entries.map { .put(key: $0.key, value: $0.value) }], positions: []))
            #expect(try restart().restore().entries == ["n": entries])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func putsThenDeletes(_ kind: StoreKind) throws {
        try withStore(kind) { first, restart in
            var store = first
            try store.commit(StateCheckpoint(
                id: 1, changes: ["n": [put("a", "1"), put("b", "2"), put("c", "3")]], positions: []))
            // Within one checkpoint, order decides: the last change to a key wins.
            try store.commit(StateCheckpoint(id: 2, changes: ["n": [
                delete("b"), put("a", "10"), put("d", "4"), delete("d"),
                put("e", "5"), delete("e"), put("e", "6"), delete("missing"),
            ]], positions: []))
            store = try restart()
            expectSnapshot(try store.restore(), id: 2, entries: ["n": ["a": "10", "c": "3", "e": "6"]])
            // Deleting every entry leaves no namespace behind.
            try store.commit(StateCheckpoint(
                id: 3, changes: ["n": [delete("a"), delete("c"), delete("e")]], positions: []))
            expectSnapshot(try restart().restore(), id: 3, entries: [:])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func positionsAreReplacedPerSourceAndPartition(_ kind: StoreKind) throws {
        try withStore(kind) { store, restart in
            try store.commit(StateCheckpoint(id: 1, changes: [:], positions: [
                SourcePosition(source: 1, partition: 0, nextOffset: 5),
                SourcePosition(source: 0, partition: 1, nextOffset: 20),
                SourcePosition(source: 0, partition: 0, nextOffset: 10),
            ]))
            try store.commit(StateCheckpoint(id: 2, changes: [:], positions: [
                SourcePosition(source: 0, partition: 1, nextOffset: 25),
                SourcePosition(source: 1, partition: 3, nextOffset: 1),
            ]))
            // Sorted by source, then partition; untouched partitions keep their offsets.
            expectSnapshot(try restart().restore(), id: 2, entries: [:], positions: [
                SourcePosition(source: 0, partition: 0, nextOffset: 10),
                SourcePosition(source: 0, partition: 1, nextOffset: 25),
                SourcePosition(source: 1, partition: 0, nextOffset: 5),
                SourcePosition(source: 1, partition: 3, nextOffset: 1),
            ])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func namespacesAreSeparate(_ kind: StoreKind) throws {
        try withStore(kind) { store, restart in
            try store.commit(StateCheckpoint(
                id: 1, changes: ["node1": [put("k", "one")], "node2": [put("k", "two"), put("x", "y")]],
                positions: []))
            try store.commit(StateCheckpoint(id: 2, changes: ["node1": [delete("k")], "node2": []], positions: []))
            expectSnapshot(try restart().restore(), id: 2, entries: ["node2": ["k": "two", "x": "y"]])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func restartedStoreKeepsCommitting(_ kind: StoreKind) throws {
        try withStore(kind) { store, restart in
            try store.commit(StateCheckpoint(id: 1, changes: ["n": [put("a", "1")]],
                                             positions: [SourcePosition(source: 0, partition: 0, nextOffset: 1)]))
            let again = try restart()
            try again.commit(StateCheckpoint(id: 2, changes: ["n": [put("b", "2")]],
                                             positions: [SourcePosition(source: 0, partition: 0, nextOffset: 2)]))
            expectSnapshot(try restart().restore(), id: 2, entries: ["n": ["a": "1", "b": "2"]],
                           positions: [SourcePosition(source: 0, partition: 0, nextOffset: 2)])
        }
    }

    /// Many changes with repeated keys, runs of puts and deletes longer and shorter than SQLite's
    /// batches: both stores must agree with a dictionary applied change by change.
    @Test(arguments: StoreKind.allCases)
    func longMixedRunsMatchAReference(_ kind: StoreKind) throws {
        try withStore(kind) { store, restart in
            var reference: [String: [[UInt8]: [UInt8]]] = [:]
            var random = SplitMix(seed: 7)
            for id in Int64(1)...3 {
                var changes: [String: [StateChange]] = [:]
                for namespace in ["a", "b"] {
                    var list: [StateChange] = []
                    while list.count < 2_000 {
                        // Runs of 1…600 of one kind, over 700 keys so keys repeat within and across runs.
                        let isPut = random.next() % 3 != 0
                        for _ in 0..<(1 + Int(random.next() % 600)) {
                            let key = withUnsafeBytes(of: UInt16(random.next() % 700).bigEndian, Array.init)
                            if isPut {
                                let value = Array(repeating: UInt8(truncatingIfNeeded: random.next()),
                                                  count: Int(random.next() % 5))
                                list.append(.put(key: key, value: value))
                                reference[namespace, default: [:]][key] = value
                            } else {
                                list.append(.delete(key: key))
                                reference[namespace]?[key] = nil
                            }
                        }
                    }
                    changes[namespace] = list
                }
                try store.commit(StateCheckpoint(id: id, changes: changes, positions: []))
            }
            let restored = try restart().restore()
            #expect(restored.checkpointID == 3)
            #expect(restored.entries == reference.filter { !$0.value.isEmpty })
            if kind == .memory {
                let expectedBytes = reference.values.flatMap { $0 }.reduce(0) { $0 + $1.key.count + $1.value.count }
                #expect(store.sizeBytes == Int64(expectedBytes))
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func sizeGrowsWithState(_ kind: StoreKind) throws {
        try withStore(kind) { store, _ in
            let before = store.sizeBytes
            let changes = (0..<1_000).map { StateChange.put(key: bytes("key\($0)"), value: Array(repeating: 1, count: 100)) }
            try store.commit(StateCheckpoint(id: 1, changes: ["n": changes], positions: []))
            #expect(store.sizeBytes > before + 100_000)
            if kind == .memory {
                let keyBytes = (0..<1_000).reduce(0) { $0 + "key\($1)".utf8.count }
                #expect(store.sizeBytes == Int64(keyBytes + 100_000))
            }
        }
    }

    @Test func memoryStoreStartsFromASnapshot() throws {
        let position = SourcePosition(source: 0, partition: 2, nextOffset: 9)
        let store = MemoryStateStore(StateSnapshot(checkpointID: 4, entries: ["n": [[1]: [2, 3]]], positions: [position]))
        let snapshot = try store.restore()
        #expect(snapshot.checkpointID == 4)
        #expect(snapshot.entries == ["n": [[1]: [2, 3]]])
        #expect(snapshot.positions == [position])
        #expect(store.sizeBytes == 3)
    }

    // MARK: SQLite only

    @Test func metaRecordsFingerprintCheckpointAndTimes() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/job.db"
            let store = try SQLiteStateStore(path: path, fingerprint: "graph-1")
            try store.commit(StateCheckpoint(id: 12, changes: [:], positions: []))
            store.close()
            let db = try SQLiteDatabase(path: path)
            defer { db.close() }
            let meta = Dictionary(uniqueKeysWithValues: try db.query("SELECT key, value FROM meta").map {
                ($0.string("key") ?? "", $0.string("value") ?? "")
            })
            #expect(meta["fingerprint"] == "graph-1")
            #expect(meta["checkpoint_id"] == "12")
            #expect(Int64(meta["created_at"] ?? "").map { $0 > 1_700_000_000_000 } == true)
            #expect(Int64(meta["updated_at"] ?? "").map { $0 >= Int64(meta["created_at"] ?? "") ?? 0 } == true)
            #expect(try Migrator.userVersion(db) == SQLiteStateStore.formatVersion)
        }
    }

    @Test func sameFingerprintKeepsState() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/job.db"
            let store = try SQLiteStateStore(path: path, fingerprint: "graph-1")
            #expect(store.discardedReason == nil)
            try store.commit(StateCheckpoint(id: 5, changes: ["n": [put("a", "1")]],
                                             positions: [SourcePosition(source: 0, partition: 0, nextOffset: 3)]))
            store.close()

            let again = try SQLiteStateStore(path: path, fingerprint: "graph-1")
            defer { again.close() }
            #expect(again.discardedReason == nil)
            expectSnapshot(try again.restore(), id: 5, entries: ["n": ["a": "1"]],
                           positions: [SourcePosition(source: 0, partition: 0, nextOffset: 3)])
        }
    }

    @Test func changedFingerprintDiscardsStateAndPositions() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/job.db"
            let store = try SQLiteStateStore(path: path, fingerprint: "graph-1")
            try store.commit(StateCheckpoint(id: 5, changes: ["n": [put("a", "1")]],
                                             positions: [SourcePosition(source: 0, partition: 0, nextOffset: 3)]))
            store.close()

            let redeployed = try SQLiteStateStore(path: path, fingerprint: "graph-2")
            #expect(redeployed.discardedReason == "the job's query changed since the state was written")
            #expect(redeployed.discardedReason == SQLiteStateStore.queryChangedReason)
            expectSnapshot(try redeployed.restore(), id: 0, entries: [:])
            try redeployed.commit(StateCheckpoint(id: 1, changes: ["n": [put("b", "2")]], positions: []))
            redeployed.close()

            // The new fingerprint was recorded: opening with it again keeps the new state.
            let again = try SQLiteStateStore(path: path, fingerprint: "graph-2")
            defer { again.close() }
            #expect(again.discardedReason == nil)
            expectSnapshot(try again.restore(), id: 1, entries: ["n": ["b": "2"]])
        }
    }

    @Test func newerStateFormatIsRefused() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/orders.db"
            try SQLiteStateStore(path: path, fingerprint: "graph-1").close()
            let db = try SQLiteDatabase(path: path)
            let newer = SQLiteStateStore.formatVersion + 1
            try db.execute("PRAGMA user_version = \(newer)")
            db.close()

            let error = #expect(throws: StateError.self) { try SQLiteStateStore(path: path, fingerprint: "graph-1") }
            #expect(error?.path == path)
            #expect(error?.message == "state of job \"orders\" was written by a newer velo-sql "
                + "(state format \(newer); this binary reads up to \(SQLiteStateStore.formatVersion))")
            // Refused, not touched.
            let check = try SQLiteDatabase(path: path)
            defer { check.close() }
            #expect(try Migrator.userVersion(check) == newer)
        }
    }

    @Test func corruptFileIsAnErrorNamingThePath() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/orders.db"
            try Data(String(repeating: "not a database. ", count: 512).utf8).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: StateError.self) { try SQLiteStateStore(path: path, fingerprint: "graph-1") }
            #expect(error?.path == path)
            #expect(error?.description.contains(path) == true)
            #expect(error?.message.hasPrefix("cannot open the state of job \"orders\": ") == true)
            #expect(error?.primaryCode == 26) // SQLITE_NOTADB
        }
    }

    /// A trigger added behind the store's back fails the commit after several batches were written:
    /// the transaction must take all of them back, positions and checkpoint id included.
    @Test func commitFailingMidwayKeepsThePreviousCheckpoint() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/job.db"
            let store = try SQLiteStateStore(path: path, fingerprint: "graph-1")
            defer { store.close() }
            let firstPositions = [SourcePosition(source: 0, partition: 0, nextOffset: 100)]
            try store.commit(StateCheckpoint(id: 1, changes: ["n": [put("a", "1")]], positions: firstPositions))

            let saboteur = try SQLiteDatabase(path: path)
            defer { saboteur.close() }
            try saboteur.execute("""
                CREATE TRIGGER fail_on_ff BEFORE INSERT ON state WHEN NEW.key = X'FFFF'
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
                """)
            var changes = (0..<1_000).map { StateChange.put(key: bytes("k\($0)"), value: [1]) }
            changes.append(delete("a"))
            changes.append(.put(key: [0xFF, 0xFF], value: [0]))
            let failing = StateCheckpoint(id: 2, changes: ["m": [put("x", "y")], "n": changes],
                                          positions: [SourcePosition(source: 0, partition: 0, nextOffset: 200)])
            let error = #expect(throws: StateError.self) { try store.commit(failing) }
            #expect(error?.message.contains("injected failure") == true)
            expectSnapshot(try store.restore(), id: 1, entries: ["n": ["a": "1"]], positions: firstPositions)

            // The store stays usable once the cause is gone.
            try saboteur.execute("DROP TRIGGER fail_on_ff")
            try store.commit(failing)
            let restored = try store.restore()
            #expect(restored.checkpointID == 2)
            #expect(restored.entries["n"]?.count == 1_001)
            #expect(restored.entries["m"] == [bytes("x"): bytes("y")])
        }
    }

    @Test func commitOnAClosedStoreFailsAndKeepsThePreviousCheckpoint() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/job.db"
            let store = try SQLiteStateStore(path: path, fingerprint: "graph-1")
            try store.commit(StateCheckpoint(id: 1, changes: ["n": [put("a", "1")]], positions: []))
            store.close()
            let error = #expect(throws: StateError.self) {
                try store.commit(StateCheckpoint(id: 2, changes: ["n": [put("a", "2")]], positions: []))
            }
            #expect(error?.message == "database is closed")
            #expect(throws: StateError.self) { try store.restore() }

            let again = try SQLiteStateStore(path: path, fingerprint: "graph-1")
            defer { again.close() }
            expectSnapshot(try again.restore(), id: 1, entries: ["n": ["a": "1"]])
        }
    }

    @Test func createsItsDirectoryAndRemoveDeletesEveryFile() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/state/jobs/job.db"
            let store = try SQLiteStateStore(path: path, fingerprint: "graph-1")
            try store.commit(StateCheckpoint(id: 1, changes: ["n": [put("a", "1")]], positions: []))
            #expect(FileManager.default.fileExists(atPath: path))
            store.close()
            try SQLiteStateStore.remove(path: path)
            let left = try FileManager.default.contentsOfDirectory(atPath: dir + "/state/jobs")
            #expect(left.isEmpty)
            // Removing what is not there is fine.
            try SQLiteStateStore.remove(path: path)
            let fresh = try SQLiteStateStore(path: path, fingerprint: "graph-1")
            defer { fresh.close() }
            expectSnapshot(try fresh.restore(), id: 0, entries: [:])
        }
    }

    /// Printed, not asserted: CI machines vary. The brief is "well under a second".
    @Test func commitSpeed() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteStateStore(path: dir + "/job.db", fingerprint: "graph-1")
            defer { store.close() }
            let count = 100_000
            func changes(_ round: UInt8) -> [StateChange] {
                (0..<count).map { index in
                    .put(key: withUnsafeBytes(of: UInt64(index).bigEndian, Array.init),
                         value: Array(repeating: round, count: 32))
                }
            }
            let positions = (0..<8).map { SourcePosition(source: 0, partition: Int32($0), nextOffset: Int64(count)) }
            let clock = ContinuousClock()
            let first = changes(1)
            let insert = try clock.measure {
                try store.commit(StateCheckpoint(id: 1, changes: ["node1": first], positions: positions))
            }
            let second = changes(2)
            let replace = try clock.measure {
                try store.commit(StateCheckpoint(id: 2, changes: ["node1": second], positions: positions))
            }
            let deletes = (0..<count).map { StateChange.delete(key: withUnsafeBytes(of: UInt64($0).bigEndian, Array.init)) }
            var restored = StateSnapshot()
            let restore = try clock.measure { restored = try store.restore() }
            let delete = try clock.measure {
                try store.commit(StateCheckpoint(id: 3, changes: ["node1": deletes], positions: positions))
            }
            #expect(restored.entries["node1"]?.count == count)
            print("SQLiteStateStore, \(count) puts (8-byte keys, 32-byte values): insert \(insert), "
                + "replace \(replace), restore \(restore), delete all \(delete); size \(store.sizeBytes) bytes")
        }
    }
}

/// A small deterministic generator, so a failing run can be repeated.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
