import Synchronization

/// The names completion offers: streams and tables with their columns, and jobs. Fetched from the
/// server (or the local session) when the REPL starts and after each statement that may change them.
struct CompletionNames: Sendable, Equatable {
    /// Stream or table name → its columns (empty for a schema-less stream).
    var relations: [String: [String]] = [:]
    var jobs: [String] = []

    var relationNames: [String] { relations.keys.sorted() }

    var allColumns: [String] {
        Array(Set(relations.values.joined())).sorted()
    }

    func columns(of relation: String) -> [String]? {
        relations[relation] ?? relations.first { $0.key.lowercased() == relation.lowercased() }?.value
    }

    /// The columns of every stream or table whose name appears as a word in `text`.
    func columns(ofRelationsIn text: String) -> [String] {
        let words = Set(text.split { !Completion.isWordCharacter($0) }.map { $0.lowercased() })
        let named = relations.filter { words.contains($0.key.lowercased()) }
        return Array(Set(named.values.joined())).sorted()
    }
}

/// What the Tab callback (on the input thread) reads: the names, and the statement's earlier lines.
final class CompletionState: Sendable {
    private struct State {
        var names = CompletionNames()
        var pending = ""
    }

    private let state = Mutex(State())

    func setNames(_ names: CompletionNames) {
        state.withLock { $0.names = names }
    }

    func setPending(_ pending: String) {
        state.withLock { $0.pending = pending }
    }

    func complete(beforeCursor: String) -> Completion.Outcome {
        let (names, pending) = state.withLock { ($0.names, $0.pending) }
        return Completion.complete(beforeCursor: beforeCursor, pending: pending, names: names)
    }
}
