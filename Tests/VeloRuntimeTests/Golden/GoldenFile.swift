import Foundation

/// A golden test (`Tests/golden/**/*.vslt`, format in docs/testing.md): topics and files to set up,
/// records to produce, the SQL to run, and what must come out.
struct GoldenFile {
    struct Message: Equatable {
        var key: String?
        var headers: [(String, String)] = []
        var value: String?
        /// `base64:` values are raw bytes (binary garbage for the DLQ tests).
        var bytes: [UInt8]? {
            guard let value else { return nil }
            if value.hasPrefix("base64:") { return Data(base64Encoded: String(value.dropFirst(7))).map { Array($0) } }
            return Array(value.utf8)
        }

        static func == (lhs: Message, rhs: Message) -> Bool {
            lhs.key == rhs.key && lhs.value == rhs.value && lhs.headers.map { "\($0.0)=\($0.1)" } == rhs.headers.map { "\($0.0)=\($0.1)" }
        }
    }

    struct Topic {
        var name: String
        var partitions: Int
    }

    struct Expectation {
        enum Target: Equatable {
            case topic(String)
            case file(String)
        }

        var target: Target
        /// Compare as a multiset (several partitions interleave); else in order.
        var sorted: Bool
        /// Only the headers named here are compared.
        var messages: [Message]
        /// Line range of the block's records in the file (for update mode).
        var lines: Range<Int>
    }

    var path: String
    var lines: [String]
    var topics: [Topic] = []
    var produced: [(topic: String, partition: Int32?, message: Message)] = []
    var files: [(path: String, content: String)] = []
    var sql = ""
    var sqlLine = 0
    var expectations: [Expectation] = []
    /// `expect-error <text>`: planning or running must fail with this text.
    var expectedError: String?
    /// `options until-end=false` etc. are not needed yet; every Kafka source reads to its end.

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String) throws {
        self.path = path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        lines = text.components(separatedBy: "\n")
        try parse()
    }

    private mutating func parse() throws {
        var index = 0
        func fail(_ message: String) -> ParseError { ParseError(description: "\(path):\(index + 1): \(message)") }
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") {
                index += 1
                continue
            }
            let words = line.split(separator: " ").map(String.init)
            switch words[0] {
            case "topic":
                guard words.count >= 2 else { throw fail("topic NAME [partitions=N]") }
                let partitions = words.dropFirst(2).first { $0.hasPrefix("partitions=") }.flatMap { Int($0.dropFirst(11)) } ?? 1
                topics.append(Topic(name: words[1], partitions: partitions))
                index += 1
            case "produce":
                guard words.count >= 2 else { throw fail("produce TOPIC [partition=N]") }
                let partition = words.dropFirst(2).first { $0.hasPrefix("partition=") }.flatMap { Int32($0.dropFirst(10)) }
                index += 1
                while index < lines.count, !Self.endsBlock(lines[index]) {
                    if !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
                        produced.append((words[1], partition, try Self.message(lines[index], at: index + 1, in: path)))
                    }
                    index += 1
                }
            case "file":
                guard words.count >= 2 else { throw fail("file PATH, then its lines, then end") }
                index += 1
                var content: [String] = []
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "end" {
                    content.append(lines[index])
                    index += 1
                }
                index += 1
                files.append((words[1], content.joined(separator: "\n") + "\n"))
            case "sql":
                index += 1
                sqlLine = index + 1
                var body: [String] = []
                while index < lines.count, !Self.endsBlock(lines[index]) || lines[index].hasPrefix("--") {
                    body.append(lines[index])
                    index += 1
                }
                sql = body.joined(separator: "\n")
            case "expect":
                guard words.count >= 2 else { throw fail("expect TOPIC [sorted] | expect file PATH [sorted]") }
                let target: Expectation.Target = words[1] == "file" && words.count >= 3 ? .file(words[2]) : .topic(words[1])
                let sorted = words.contains("sorted")
                index += 1
                let start = index
                var messages: [Message] = []
                while index < lines.count, !Self.endsBlock(lines[index]) {
                    if !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
                        messages.append(try Self.message(lines[index], at: index + 1, in: path))
                    }
                    index += 1
                }
                expectations.append(Expectation(target: target, sorted: sorted, messages: messages, lines: start..<index))
            case "expect-error":
                expectedError = words.dropFirst().joined(separator: " ")
                index += 1
            default:
                throw fail("unknown directive '\(words[0])' (topic, produce, file, sql, expect, expect-error)")
            }
        }
        if sql.isEmpty { throw ParseError(description: "\(path): no sql block") }
    }

    /// A directive line ends the block before it.
    static func endsBlock(_ line: String) -> Bool {
        let first = line.split(separator: " ").first.map(String.init) ?? ""
        return ["topic", "produce", "file", "sql", "expect", "expect-error"].contains(first)
    }

    /// `[k=KEY] [h.NAME=VALUE]… :: VALUE`, or just `VALUE`. A value of `null` alone is a tombstone.
    static func message(_ line: String, at number: Int, in path: String) throws -> Message {
        var message = Message()
        var value = line.trimmingCharacters(in: .whitespaces)
        if let separator = value.range(of: " :: ") {
            let attributes = value[..<separator.lowerBound].split(separator: " ")
            value = String(value[separator.upperBound...])
            for attribute in attributes {
                if attribute.hasPrefix("k=") {
                    message.key = String(attribute.dropFirst(2))
                } else if attribute.hasPrefix("h."), let equals = attribute.firstIndex(of: "=") {
                    message.headers.append((String(attribute[attribute.index(attribute.startIndex, offsetBy: 2)..<equals]), String(attribute[attribute.index(after: equals)...])))
                } else {
                    throw ParseError(description: "\(path):\(number): unknown attribute '\(attribute)' (k=KEY, h.NAME=VALUE)")
                }
            }
        }
        message.value = value == "null" ? nil : value
        return message
    }
}
