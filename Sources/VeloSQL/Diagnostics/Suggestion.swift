/// "Did you mean …?": the closest candidate by edit distance, when it is close enough to be a typo.
enum Suggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        let upper = Array(word.uppercased())
        guard !upper.isEmpty, upper.count <= 64 else { return nil }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(upper, Array(candidate.uppercased()))
            if distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        guard let best, best.distance > 0 else { return nil }
        let limit = upper.count <= 3 ? 1 : 2
        return best.distance <= limit ? best.candidate : nil
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions (FORM → FROM is one edit).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
