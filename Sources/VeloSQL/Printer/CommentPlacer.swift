/// Puts a script's comments back into its canonical text.
///
/// Between statements: each comment on its own line, a blank line kept where the source had one.
/// Inside a statement, against the printed lines' source anchors: a comment after code on the same
/// source line trails that code's line; a comment inside an element goes on its own line before the
/// line printing that element; any other before the first line printed from later source. A comment
/// is never dropped, and formatting formatted text changes nothing.
struct CommentPlacer {
    let result: ParseResult

    private enum Placement {
        case before(Int)
        case trailing(Int)
        /// On lines of their own after this line (a comment after the last element of a list,
        /// before its closing parenthesis).
        case after(Int)
        case end
    }

    func format() -> String {
        let comments = result.comments.sorted { $0.span.start < $1.span.start }
        let statements = result.statements
        var output: [String] = []
        var next = 0
        var lastSourceLine: Int?

        for (index, statement) in statements.enumerated() {
            var leading: [Comment] = []
            while next < comments.count, comments[next].span.start.offset < statement.span.start.offset {
                leading.append(comments[next])
                next += 1
            }
            if index > 0 || !leading.isEmpty, !output.isEmpty { output.append("") }
            var previousLine = lastSourceLine
            for comment in leading {
                if let previousLine, !output.isEmpty, output.last != "", comment.span.start.line - previousLine > 1 { output.append("") }
                output.append(comment.text)
                previousLine = comment.span.end.line
            }
            if let last = leading.last, statement.span.start.line - last.span.end.line > 1 { output.append("") }

            let followingStart = index + 1 < statements.count ? statements[index + 1].span.start.offset : Int.max
            var inner: [Comment] = []
            while next < comments.count, comments[next].span.start.offset < statement.span.end.offset
                || (comments[next].span.start.line == statement.span.end.line && comments[next].span.start.offset < followingStart) {
                inner.append(comments[next])
                next += 1
            }
            output += render(statement, comments: inner)
            lastSourceLine = max(statement.span.end.line, inner.last?.span.end.line ?? 0)
        }

        var previousLine = lastSourceLine
        for comment in comments[next...] {
            if let previousLine, comment.span.start.line - previousLine > 1, output.last != "" {
                output.append("")
            }
            output.append(comment.text)
            previousLine = comment.span.end.line
        }
        while output.last == "" { output.removeLast() }
        return output.isEmpty ? "" : output.joined(separator: "\n") + "\n"
    }

    private func render(_ statement: Statement, comments: [Comment]) -> [String] {
        var layout = Layout()
        layout.commentOffsets = comments.map(\.span.start.offset)
        StatementPrinter.print(statement, into: &layout)
        layout.append(";")
        let lines = layout.lines

        var before: [Int: [Comment]] = [:]
        var trailing: [Int: [Comment]] = [:]
        var after: [Int: [Comment]] = [:]
        var atEnd: [Comment] = []
        for comment in comments {
            switch placement(of: comment, among: lines) {
            case .before(let line): before[line, default: []].append(comment)
            case .trailing(let line): trailing[line, default: []].append(comment)
            case .after(let line): after[line, default: []].append(comment)
            case .end: atEnd.append(comment)
            }
        }

        var output: [String] = []
        for (index, line) in lines.enumerated() {
            let indent = String(repeating: Layout.indentUnit, count: line.indent)
            for comment in before[index] ?? [] { output.append(indent + comment.text) }
            var text = indent + line.text
            for comment in trailing[index] ?? [] { text += "  " + comment.text }
            output.append(text)
            for comment in after[index] ?? [] { output.append(indent + comment.text) }
        }
        output += atEnd.map(\.text)
        return output
    }

    private func placement(of comment: Comment, among lines: [Layout.Line]) -> Placement {
        let start = comment.span.start
        let codeFollowsOnLine = lines.contains { line in
            guard let anchor = line.anchor else { return false }
            return anchor.start.line == start.line && anchor.start.offset >= comment.span.end.offset
        }
        if !codeFollowsOnLine {
            let candidates = lines.indices.filter { index in
                guard let anchor = lines[index].anchor else { return false }
                return anchor.end.line == start.line && anchor.end.offset <= start.offset
            }
            if let best = candidates.max(by: { (lines[$0].anchor?.end.offset ?? 0) < (lines[$1].anchor?.end.offset ?? 0) }) {
                return .trailing(best)
            }
        }
        let containing = lines.indices.filter { index in
            guard let anchor = lines[index].anchor else { return false }
            return anchor.start.offset <= start.offset && anchor.end.offset > start.offset
        }
        if let inside = containing.max(by: { (lines[$0].anchor?.start.offset ?? 0) < (lines[$1].anchor?.start.offset ?? 0) }) {
            return .before(inside)
        }
        if let following = lines.indices.first(where: { (lines[$0].anchor?.start.offset ?? -1) > start.offset }) {
            return .before(following)
        }
        if let last = lines.indices.last(where: { (lines[$0].anchor?.start.offset ?? .max) <= start.offset }), last < lines.count - 1 {
            return .after(last)
        }
        return .end
    }
}
