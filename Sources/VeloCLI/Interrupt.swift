import Dispatch
import Foundation
import Synchronization

/// Ctrl-C for the long-running commands (`query`, `status --refresh`, the REPL's statements): instead
/// of killing the process, SIGINT cancels the work, so the command can print its summary and exit 0
/// (or the REPL can show its prompt again).
enum Interrupt {
    /// Runs `operation` in a task that Ctrl-C cancels. Returns its value (nil when the cancellation
    /// made it throw) and whether Ctrl-C was pressed. Errors after Ctrl-C are the cancellation's
    /// echo (a cancelled request, a cut sleep) and are not reported. Calls may nest (the REPL runs
    /// `query` inside a statement): Ctrl-C cancels every running one.
    static func run<T: Sendable>(
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> (value: T?, interrupted: Bool) {
        let interrupted = Flag()
        let task = Task { try await operation() }
        let registration = SignalWatcher.shared.add {
            interrupted.set()
            task.cancel()
        }
        defer { SignalWatcher.shared.remove(registration) }
        do {
            let value = try await task.value
            return (value, interrupted.isSet)
        } catch {
            if interrupted.isSet { return (nil, true) }
            throw error
        }
    }

    /// Ctrl-C outside `run` does nothing from now on (the REPL between statements); by default it
    /// ends the process as SIGINT does.
    static func ignoreWhenIdle() {
        SignalWatcher.shared.ignoresWhenIdle = true
    }
}

/// The process's one SIGINT source. One, kept for the process's life, because libdispatch on Linux
/// installs its signal handler only when the first source of a signal is made: a later
/// `signal(SIGINT, …)` would silence every source made after it.
private final class SignalWatcher: Sendable {
    static let shared = SignalWatcher()

    private struct State {
        var next = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
        var ignoresWhenIdle = false
    }

    private let state = Mutex(State())
    /// Kept so the source lives as long as the process; never touched after `init`.
    nonisolated(unsafe) private let source: any DispatchSourceSignal

    private init() {
        // Ignore the default action (exit 130) and receive the signal as an event instead.
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.fire() }
        source.resume()
    }

    var ignoresWhenIdle: Bool {
        get { state.withLock { $0.ignoresWhenIdle } }
        set { state.withLock { $0.ignoresWhenIdle = newValue } }
    }

    func add(_ handler: @escaping @Sendable () -> Void) -> Int {
        state.withLock { state in
            state.next += 1
            state.handlers[state.next] = handler
            return state.next
        }
    }

    func remove(_ registration: Int) {
        _ = state.withLock { $0.handlers.removeValue(forKey: registration) }
    }

    private func fire() {
        let (handlers, ignores) = state.withLock { (Array($0.handlers.values), $0.ignoresWhenIdle) }
        if handlers.isEmpty && !ignores {
            // Nothing to stop: what SIGINT does without us.
            signal(SIGINT, SIG_DFL)
            raise(SIGINT)
            return
        }
        for handler in handlers { handler() }
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
