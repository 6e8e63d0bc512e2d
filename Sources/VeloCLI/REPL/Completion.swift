import VeloSQL

/// Tab completion: what the word before the cursor may become. Pure: the names come from
/// `CompletionNames`, the editor applies the outcome (`LineEditor`).
///
/// - after `\`: the REPL's commands; after `\d `: jobs, streams and tables; after `\output `: the formats
/// - after FROM, JOIN, INTO: streams and tables; after DESCRIBE: those and jobs; after JOB: jobs
/// - after `name.`: that stream's or table's columns
/// - elsewhere: SQL keywords, streams, tables, and the columns of the streams and tables the
///   statement names (of all of them when it names none yet)
enum Completion {
    /// What completing does to the line.
    enum Outcome: Equatable, Sendable {
        /// Delete `delete` characters before the cursor, then insert `text`.
        case insert(delete: Int, text: String)
        /// Several candidates share nothing more: show them.
        case list([String])
        case none
    }

    static let keywords: [String] = (Keyword.reserved.union(Keyword.nonReserved)).sorted()

    /// `line` up to the cursor is `beforeCursor`; `pending` is the statement's earlier lines.
    static func complete(beforeCursor: String, pending: String, names: CompletionNames) -> Outcome {
        let word = currentWord(beforeCursor)
        let head = String(beforeCursor.dropLast(word.count))
        if pending.isEmpty, beforeCursor.drop(while: \.isWhitespace).hasPrefix("\\") {
            return completeCommand(word: word, head: head, names: names)
        }
        return completeSQL(word: word, context: pending + "\n" + head, names: names)
    }

    // MARK: Backslash commands

    private static func completeCommand(word: String, head: String, names: CompletionNames) -> Outcome {
        let headWords = head.split(whereSeparator: \.isWhitespace)
        guard let command = headWords.first.map(String.init) else {
            // Completing the command's own name.
            return choose(word: word, candidates: BackslashCommand.names, caseInsensitive: false)
        }
        switch command {
        case "\\d", "\\describe":
            guard headWords.count == 1 else { return .none }
            return choose(word: word, candidates: names.jobs + names.relationNames, caseInsensitive: true, listWhenEmpty: true)
        case "\\output", "\\o":
            guard headWords.count == 1 else { return .none }
            return choose(word: word, candidates: OutputFormat.allCases.map(\.rawValue), caseInsensitive: true, listWhenEmpty: true)
        case "\\explain":
            return completeSQL(word: word, context: String(head.drop(while: \.isWhitespace).dropFirst(command.count)), names: names)
        default:
            return .none
        }
    }

    // MARK: SQL

    private static func completeSQL(word: String, context: String, names: CompletionNames) -> Outcome {
        if let dot = word.lastIndex(of: ".") {
            // `trades.sy` → the columns of trades.
            let qualifier = String(word[..<dot])
            let partial = String(word[word.index(after: dot)...])
            let columns = names.columns(of: qualifier) ?? names.columns(ofRelationsIn: context)
            return choose(word: partial, candidates: columns, caseInsensitive: true, listWhenEmpty: true)
        }
        switch previousWord(context)?.uppercased() {
        case "FROM", "JOIN", "INTO":
            return choose(word: word, candidates: names.relationNames, caseInsensitive: true, listWhenEmpty: true)
        case "DESCRIBE":
            return choose(word: word, candidates: names.jobs + names.relationNames, caseInsensitive: true, listWhenEmpty: true)
        case "JOB":
            return choose(word: word, candidates: names.jobs, caseInsensitive: true, listWhenEmpty: true)
        default:
            break
        }
        guard !word.isEmpty else { return .none }
        let lowercase = word.contains(where: \.isLetter) && !word.contains(where: \.isUppercase)
        let keywordCandidates = keywords.map { lowercase ? $0.lowercased() : $0 }
        let mentioned = names.columns(ofRelationsIn: context)
        let columns = mentioned.isEmpty ? names.allColumns : mentioned
        return choose(word: word, candidates: names.relationNames + columns + keywordCandidates, caseInsensitive: true)
    }

    /// The candidates that start with `word`: one → it, with a space after; several → their longest
    /// common start when it is longer than `word`, else the list.
    static func choose(word: String, candidates: [String], caseInsensitive: Bool, listWhenEmpty: Bool = false) -> Outcome {
        if word.isEmpty && !listWhenEmpty { return .none }
        var seen: Set<String> = []
        let matches = candidates.filter { candidate in
            guard candidate.count > 0, seen.insert(caseInsensitive ? candidate.lowercased() : candidate).inserted else { return false }
            return caseInsensitive ? candidate.lowercased().hasPrefix(word.lowercased()) : candidate.hasPrefix(word)
        }
        guard let first = matches.first else { return .none }
        if matches.count == 1 {
            return replacement(word: word, with: first + " ")
        }
        let common = matches.dropFirst().reduce(first) { commonPrefix($0, $1, caseInsensitive: caseInsensitive) }
        if common.count > word.count {
            return replacement(word: word, with: common)
        }
        return .list(matches.sorted { $0.lowercased() < $1.lowercased() })
    }

    /// Keeps what was typed when the candidate starts with it exactly; otherwise retypes the word in
    /// the candidate's case.
    private static func replacement(word: String, with text: String) -> Outcome {
        if text.hasPrefix(word) { return .insert(delete: 0, text: String(text.dropFirst(word.count))) }
        return .insert(delete: word.count, text: text)
    }

    private static func commonPrefix(_ a: String, _ b: String, caseInsensitive: Bool) -> String {
        var result = ""
        for (x, y) in zip(a, b) {
            guard caseInsensitive ? x.lowercased() == y.lowercased() : x == y else { break }
            result.append(x)
        }
        return result
    }

    /// The identifier (or `\command`, or `name.partial`) that ends at the cursor.
    static func currentWord(_ text: String) -> String {
        String(text.reversed().prefix { isWordCharacter($0) || $0 == "." || $0 == "\\" || $0 == "?" }.reversed())
    }

    /// The last whole word before the current one (skipping spaces, not punctuation).
    static func previousWord(_ text: String) -> String? {
        let trimmed = text.reversed().drop { $0.isWhitespace }
        let word = String(trimmed.prefix(while: isWordCharacter).reversed())
        return word.isEmpty ? nil : word
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "$"
    }
}
