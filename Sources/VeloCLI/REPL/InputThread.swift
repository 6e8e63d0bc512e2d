import Dispatch

/// Blocking reads (libedit, readLine) on a thread of their own, so they hold no thread of Swift's
/// cooperative pool while the user thinks (local jobs keep running meanwhile).
final class InputThread: Sendable {
    private let queue = DispatchQueue(label: "velo-cli.repl.input")

    func run<T: Sendable>(_ read: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: read()) }
        }
    }
}
