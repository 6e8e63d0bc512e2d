import Foundation
import Synchronization

/// Drains a pipe on a thread of its own and keeps what it read (the first line separately, once it
/// is complete), so the child never blocks on a full pipe. `limit` bounds what is kept (the last
/// half of it stays): for a server's log.
final class OutputCollector: Sendable {
    private struct State {
        var data = Data()
        var firstLine: String?
    }

    private let state = Mutex(State())
    private let done = AsyncStream<Void>.makeStream()

    init(_ handle: FileHandle, limit: Int? = nil) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                self.state.withLock { state in
                    state.data.append(chunk)
                    if let limit, state.data.count > limit { state.data = Data(state.data.suffix(limit / 2)) }
                    if state.firstLine == nil, let newline = state.data.firstIndex(of: UInt8(ascii: "\n")) {
                        state.firstLine = String(decoding: state.data[state.data.startIndex..<newline], as: UTF8.self)
                    }
                }
            }
            self.done.continuation.finish()
        }.start()
    }

    var firstLine: String? { state.withLock { $0.firstLine } }
    /// What was read so far.
    var text: String { state.withLock { String(decoding: $0.data, as: UTF8.self) } }

    /// Everything, once the pipe is closed (the process ended).
    func completeText() async -> String {
        for await _ in done.stream {}
        return text
    }
}
