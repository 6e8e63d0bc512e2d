import VeloCore

/// WHERE: keeps the records whose condition is TRUE (NULL and FALSE are dropped).
final class FilterNode: OperatorNode {
    let next: any OperatorNode
    let condition: Evaluator
    let context: FunctionContext
    let needsHeaders: Bool

    init(next: any OperatorNode, condition: @escaping Evaluator, context: FunctionContext, needsHeaders: Bool) {
        self.next = next
        self.condition = condition
        self.context = context
        self.needsHeaders = needsHeaders
    }

    func push(_ batch: [Record]) async throws {
        var kept: [Record] = []
        kept.reserveCapacity(batch.count)
        for record in batch {
            if needsHeaders { context.headers = record.headers }
            if case .boolean(true) = condition(record) { kept.append(record) }
        }
        if !kept.isEmpty { try await next.push(kept) }
    }

    func control(_ element: ControlElement) async throws {
        try await next.control(element)
    }
}
