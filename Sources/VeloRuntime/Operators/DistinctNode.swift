import VeloCore

/// SELECT DISTINCT: the first record of each distinct row. The set of rows seen grows with the input,
/// which is why DISTINCT is meant for bounded sources until state with expiry arrives.
final class DistinctNode: OperatorNode {
    let next: any OperatorNode
    private var seen: Set<[Value]> = []

    init(next: any OperatorNode) {
        self.next = next
    }

    func push(_ batch: [Record]) async throws {
        let fresh = batch.filter { seen.insert($0.values).inserted }
        if !fresh.isEmpty { try await next.push(fresh) }
    }

    func control(_ element: ControlElement) async throws {
        try await next.control(element)
    }
}
