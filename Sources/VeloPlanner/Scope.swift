import VeloCore
import VeloSQL

/// The columns a query block can see: those of its FROM source, under the source's name and alias.
/// A schema-less source is open: any name is a field, added to what the source reads on first use.
struct Scope {
    struct Column {
        var name: String
        var type: SQLType
        var index: Int
    }

    /// Names that qualify columns (`o` in `o.price`): the alias, or the source name without one.
    var qualifiers: Set<String>
    var columns: [Column]
    /// Set for a schema-less source: binding an unknown name adds it here.
    var openSource: OpenSource?

    final class OpenSource {
        var fields: [Schema.Column] = []
        var wholeObject: Int?
    }

    init(qualifiers: Set<String>, columns: [Column], openSource: OpenSource? = nil) {
        self.qualifiers = qualifiers
        self.columns = columns
        self.openSource = openSource
    }

    /// The column called `name`, adding it to an open source when needed.
    func resolve(_ name: String) -> Column? {
        if let column = columns.first(where: { $0.name == name }) { return column }
        guard let open = openSource else { return nil }
        if let index = open.fields.firstIndex(where: { $0.name == name }) {
            return Column(name: name, type: .any, index: index)
        }
        open.fields.append(Schema.Column(name: name, type: .any))
        return Column(name: name, type: .any, index: open.fields.count - 1)
    }

    /// For "unknown column … did you mean": the visible names closest to `name`.
    func closest(to name: String) -> [String] {
        let names = columns.map(\.name)
        let lower = name.lowercased()
        // A name differing only in case is the most likely meaning (identifiers keep their case).
        if let sameLetters = names.first(where: { $0.lowercased() == lower }) { return [sameLetters] }
        return names
            .map { ($0, EditDistance.between($0.lowercased(), lower)) }
            .filter { $0.1 <= max(2, name.count / 3) }
            .sorted { $0.1 < $1.1 }
            .prefix(3)
            .map(\.0)
    }
}

enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
