import Foundation

/// What `main.swift` needs of a suite's options: read from the command line, and whether to print the
/// usage instead of running.
protocol SuiteOptions {
    static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Self
    var showHelp: Bool { get }
}

/// One benchmark suite: built from its options, run once; `run()` returns the exit status.
protocol BenchmarkSuite {
    associatedtype Options: SuiteOptions
    init(options: Options)
    func run() async -> Int32
}

/// A failed run (exit status 1): an error, or a count that does not match.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A progress or error line on standard error, apart from the results on standard output.
func note(_ message: String) {
    FileHandle.standardError.write(Data("velo-bench: \(message)\n".utf8))
}
