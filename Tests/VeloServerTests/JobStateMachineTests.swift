import Testing
@testable import VeloServer

/// docs/api.md's state table, one case per (state, command) pair, and every event.
@Suite("Job state machine")
struct JobStateMachineTests {
    typealias Action = JobStateMachine.Action

    /// nil = refused with 409.
    static let table: [(JobState, JobCommand, JobState?, Action?)] = [
        (.starting, .stop, .stopping, .stopRunner), (.starting, .pause, .paused, .pauseRunner), (.starting, .resume, nil, nil),
        (.starting, .restart, .starting, .startRunner), (.starting, .drop, .stopping, .dropJob),
        (.running, .stop, .stopping, .stopRunner), (.running, .pause, .paused, .pauseRunner), (.running, .resume, nil, nil),
        (.running, .restart, .starting, .startRunner), (.running, .drop, .stopping, .dropJob),
        (.paused, .stop, .stopping, .stopRunner), (.paused, .pause, nil, nil), (.paused, .resume, .running, .resumeRunner),
        (.paused, .restart, .starting, .startRunner), (.paused, .drop, .stopping, .dropJob),
        (.stopping, .stop, nil, nil), (.stopping, .pause, nil, nil), (.stopping, .resume, nil, nil),
        (.stopping, .restart, nil, nil), (.stopping, .drop, .stopping, .dropJob),
        (.stopped, .stop, nil, nil), (.stopped, .pause, nil, nil), (.stopped, .resume, nil, nil),
        (.stopped, .restart, .starting, .startRunner), (.stopped, .drop, .stopping, .dropJob),
        (.failed, .stop, nil, nil), (.failed, .pause, nil, nil), (.failed, .resume, nil, nil),
        (.failed, .restart, .starting, .startRunner), (.failed, .drop, .stopping, .dropJob),
    ]

    @Test func theTableCoversEveryPair() {
        #expect(Self.table.count == JobState.allCases.count * JobCommand.allCases.count)
        for state in JobState.allCases {
            for command in JobCommand.allCases {
                #expect(Self.table.contains { $0.0 == state && $0.1 == command }, "\(state) × \(command) is missing")
            }
        }
    }

    @Test(arguments: table.indices)
    func commands(_ index: Int) {
        let (state, command, next, action) = Self.table[index]
        switch JobStateMachine.apply(command, to: state) {
        case .success(let (actualNext, actualAction)):
            #expect(actualNext == next, "\(command) on \(state)")
            #expect(actualAction == action, "\(command) on \(state)")
        case .failure(let refusal):
            #expect(next == nil, "\(command) on \(state) was refused: \(refusal)")
            #expect(refusal.description.hasPrefix("cannot \(command.rawValue) a job that is \(state.rawValue)"))
        }
    }

    @Test func refusalsSayWhatToDoInstead() {
        guard case .failure(let refusal) = JobStateMachine.apply(.resume, to: .stopped) else {
            Issue.record("resume on stopped must be refused")
            return
        }
        #expect(refusal.description == "cannot resume a job that is stopped: restart it")
    }

    @Test func events() {
        let cases: [(JobEvent, JobState, JobState)] = [
            (.started, .starting, .running), (.started, .paused, .paused), (.started, .stopping, .stopping),
            (.finished, .running, .stopped), (.finished, .starting, .stopped), (.finished, .stopping, .stopped),
            (.finished, .paused, .stopped), (.finished, .failed, .failed), (.finished, .stopped, .stopped),
            (.failed("boom"), .running, .failed), (.failed("boom"), .starting, .failed), (.failed("boom"), .paused, .failed),
            (.failed("boom"), .stopping, .failed), (.failed("boom"), .stopped, .stopped),
        ]
        for (event, state, expected) in cases {
            #expect(JobStateMachine.apply(event, to: state) == expected, "\(event) in \(state)")
        }
    }

    @Test func whichStatesRestartWithTheServer() {
        #expect(JobState.allCases.filter(\.resumesOnRestart) == [.starting, .running, .stopping])
    }
}
