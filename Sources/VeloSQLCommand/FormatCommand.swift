import ArgumentParser
import Foundation
import VeloSQL

/// `velo-sql fmt FILE.sql… [--check | --in-place]`.
struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Print a SQL file's statements in canonical form (comments and annotations kept).",
        discussion: "Invalid SQL: every error on stderr with line, column and a caret; exit 1."
    )

    @Argument(help: "The SQL files to format.")
    var files: [String]

    @Flag(help: "Print nothing; exit 1 when a file is not already formatted.")
    var check = false

    @Flag(name: .customLong("in-place"), help: "Rewrite each file in canonical form.")
    var inPlace = false

    func validate() throws {
        if check, inPlace { throw ValidationError("--check and --in-place cannot be used together") }
        if files.isEmpty { throw ValidationError("name at least one SQL file") }
    }

    /// Every file is handled, so one run reports all broken and unformatted files; then exit 1 if any.
    func run() throws {
        var failures: [String] = []
        for file in files {
            do {
                try format(file)
            } catch let failure as CommandFailure {
                FileHandle.standardError.write(Data((failure.description + "\n").utf8))
                failures.append(file)
            }
        }
        if !failures.isEmpty { throw ExitCode.failure }
    }

    private func format(_ file: String) throws {
        let source: String
        do {
            source = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot read \(file): \(error.localizedDescription)")
        }
        switch SQLFormatter().format(source, fileName: file) {
        case .invalid(let errors, let rendered):
            FileHandle.standardError.write(Data(rendered.utf8))
            throw CommandFailure("\(file): \(errors.count) error\(errors.count == 1 ? "" : "s")")
        case .formatted(let text, let changed):
            if check {
                if changed { throw CommandFailure("\(file) is not formatted; run: velo-sql fmt --in-place \(file)") }
            } else if inPlace {
                guard changed else { return }
                do {
                    try text.write(toFile: file, atomically: true, encoding: .utf8)
                } catch {
                    throw CommandFailure("cannot write \(file): \(error.localizedDescription)")
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

/// A failure the user caused or can fix: its message on stderr, exit 1, no stack trace.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ message: String) {
        description = message
    }
}
