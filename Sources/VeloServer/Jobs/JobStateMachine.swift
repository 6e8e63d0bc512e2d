/// A job's life on the server (PRODUCT.md §4; the table in docs/api.md). A value type whose
/// transitions return what the manager must do, so every case is tested without running a job.
public enum JobState: String, Sendable, Codable, CaseIterable {
    case starting, running, paused, stopping, stopped, failed

    /// States a restarted server starts again: the job was meant to be running when the server went.
    public var resumesOnRestart: Bool {
        self == .starting || self == .running || self == .stopping
    }
}

/// What a user asks of a job.
public enum JobCommand: String, Sendable, CaseIterable {
    case stop, pause, resume, restart, drop
}

/// What happens to a job without anyone asking.
public enum JobEvent: Sendable, Equatable {
    /// Sources and sinks are open.
    case started
    /// Every bounded source is drained, or the runner returned after a stop.
    case finished
    case failed(String)
}

public enum JobStateMachine {
    /// What the manager does for a command.
    public enum Action: Sendable, Equatable {
        /// Ask the runner to stop; the job is `stopping` until it has.
        case stopRunner
        case pauseRunner
        case resumeRunner
        /// Stop a runner if there is one, then start a new one from the committed positions.
        case startRunner
        /// Stop a runner if there is one, then delete the job and its consumer group.
        case dropJob
    }

    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var state: JobState
        public var command: JobCommand
        public var description: String {
            "cannot \(command.rawValue) a job that is \(state.rawValue)" + (hint.map { ": \($0)" } ?? "")
        }

        var hint: String? {
            switch (state, command) {
            case (.running, .resume), (.starting, .resume): "it is not paused"
            case (.paused, .pause): "it is paused already; resume it"
            case (.stopped, _), (.failed, _): "restart it"
            case (.stopping, _): "wait until it has stopped"
            default: nil
            }
        }
    }

    /// The state a command leads to at once, and the action that gets the job there.
    public static func apply(_ command: JobCommand, to state: JobState) -> Result<(JobState, Action), Refusal> {
        switch (command, state) {
        case (.drop, _):
            return .success((.stopping, .dropJob))
        case (.restart, .stopping):
            return .failure(Refusal(state: state, command: command))
        case (.restart, _):
            return .success((.starting, .startRunner))
        case (.stop, .starting), (.stop, .running), (.stop, .paused):
            return .success((.stopping, .stopRunner))
        case (.pause, .starting), (.pause, .running):
            return .success((.paused, .pauseRunner))
        case (.resume, .paused):
            return .success((.running, .resumeRunner))
        default:
            return .failure(Refusal(state: state, command: command))
        }
    }

    /// The state an event leads to. A paused job stays paused once its runner opened; a job that
    /// was being stopped is stopped however its runner ended, unless it failed.
    public static func apply(_ event: JobEvent, to state: JobState) -> JobState {
        switch (event, state) {
        case (.started, .starting): .running
        case (.started, _): state
        case (.finished, .stopping), (.finished, .starting), (.finished, .running), (.finished, .paused): .stopped
        case (.finished, _): state
        case (.failed, .stopped): .stopped
        case (.failed, _): .failed
        }
    }
}
