import ArgumentParser
import Foundation
import VeloSQL

/// `velo-sql fmt FILE.sql [--check | --in-place]`.
struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Print a SQL file's statements in canonical form (comments and annotations kept).",
        discussion: "Invalid SQL: every error on stderr with line, column and a caret; exit 1."
    )

    @Argument(help: "The SQL file to format.")
    var file: String

    @Flag(help: "Print nothing; exit 1 when the file is not already formatted.")
    var check = false

    @Flag(name: .customLong("in-place"), help: "Rewrite the file in canonical form.")
    var inPlace = false

    func validate() throws {
        if check, inPlace { throw ValidationError("--check and --in-place cannot be used together") }
    }

    func run() throws {
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
                if changed {
                    do {
                        try text.write(toFile: file, atomically: true, encoding: .utf8)
                    } catch {
                        throw CommandFailure("cannot write \(file): \(error.localizedDescription)")
                    }
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
