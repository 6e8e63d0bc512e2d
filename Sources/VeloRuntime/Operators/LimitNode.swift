import VeloCore

/// LIMIT n: passes the first n records, then ends the job's input.
final class LimitNode: OperatorNode {
    let next: any OperatorNode
    let limit: Int
    private var passed = 0
    private var ended = false
    /// Called once when the limit is reached, so the job stops reading.
    let onLimitReached: @Sendable () -> Void

    init(next: any OperatorNode, limit: Int, onLimitReached: @escaping @Sendable () -> Void) {
        self.next = next
        self.limit = limit
        self.onLimitReached = onLimitReached
    }

    func push(_ batch: [Record]) async throws {
        guard passed < limit else { return }
        let taken = Array(batch.prefix(limit - passed))
        passed += taken.count
        try await next.push(taken)
        if passed >= limit, !ended {
            ended = true
            onLimitReached()
        }
    }

    func control(_ element: ControlElement) async throws {
        try await next.control(element)
    }
}
