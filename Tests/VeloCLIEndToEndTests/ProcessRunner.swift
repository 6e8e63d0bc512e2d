import Foundation

/// What a finished process said and how it ended.
struct ProcessResult: Sendable, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    /// True when it ended by a signal (a crash, or the kill after the time limit).
    var signalled: Bool
    var timedOut: Bool
    var stdout: String
    var stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast(stdout.hasSuffix("\n") ? 1 : 0).map(String.init) }

    /// For #expect messages: the command line, the exit status and both streams.
    var description: String {
        "$ velo-cli \(arguments.joined(separator: " "))\nexit \(status)\(signalled ? " (signal)" : "")\(timedOut ? " (timed out)" : "")\n--- stdout\n\(stdout)--- stderr\n\(stderr)---"
    }
}

/// Runs a binary to its end with both pipes drained at once (a child that fills one pipe while the
/// parent waits on the other would block), on a thread of its own so no test task blocks the
/// cooperative pool. Killed with SIGKILL after `timeout`.
enum ProcessRunner {
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String],
        timeout: Duration = .seconds(60), interruptWhen: (@Sendable (String) -> Bool)? = nil
    ) async throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = OutputCollector(out.fileHandleForReading)
        let stderr = OutputCollector(err.fileHandleForReading)
        if let interruptWhen {
            // Ctrl-C as a terminal sends it: SIGINT to the command once its output says it is time.
            let deadline = ContinuousClock.now + timeout
            while process.isRunning, !interruptWhen(stdout.text), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            if process.isRunning { kill(process.processIdentifier, SIGINT) }
        }
        let timedOut = await waitForExit(process, timeout: timeout)
        return ProcessResult(
            arguments: arguments, status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, stdout: await stdout.completeText(), stderr: await stderr.completeText())
    }

    /// Waits for `process` to end, killing it after `timeout`; true when it had to be killed.
    static func waitForExit(_ process: Process, timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread {
                let deadline = ContinuousClock.now + timeout
                var killed = false
                while process.isRunning {
                    if !killed, ContinuousClock.now >= deadline {
                        kill(process.processIdentifier, SIGKILL)
                        killed = true
                    }
                    Thread.sleep(forTimeInterval: 0.02)
                }
                process.waitUntilExit()
                continuation.resume(returning: killed)
            }.start()
        }
    }
}
