import Dispatch
import Foundation
import Synchronization

/// Ctrl-C for the long-running commands (`query`, `status --refresh`): instead of killing the process,
/// SIGINT cancels the work, so the command can print its summary and exit 0.
enum Interrupt {
    /// Runs `operation` in a task that Ctrl-C cancels. Returns its value (nil when the cancellation
    /// made it throw) and whether Ctrl-C was pressed. Errors after Ctrl-C are the cancellation's
    /// echo (a cancelled request, a cut sleep) and are not reported.
    static func run<T: Sendable>(
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> (value: T?, interrupted: Bool) {
        let interrupted = Flag()
        // Ignore the default action (exit 130) and receive the signal as an event instead.
        signal(SIGINT, SIG_IGN)
        let task = Task { try await operation() }
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            interrupted.set()
            task.cancel()
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        do {
            let value = try await task.value
            return (value, interrupted.isSet)
        } catch {
            if interrupted.isSet { return (nil, true) }
            throw error
        }
    }
}

/// A flag set from the signal handler's queue and read from the command's task.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() {
        value.store(true, ordering: .sequentiallyConsistent)
    }

    var isSet: Bool {
        value.load(ordering: .sequentiallyConsistent)
    }
}
