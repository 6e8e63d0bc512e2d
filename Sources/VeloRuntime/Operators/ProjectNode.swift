import VeloCore

/// SELECT's list: computes the output columns; key, timestamp, headers and origin pass through.
final class ProjectNode: OperatorNode {
    let next: any OperatorNode
    let columns: [Evaluator]
    let context: FunctionContext
    let needsHeaders: Bool

    init(next: any OperatorNode, columns: [Evaluator], context: FunctionContext, needsHeaders: Bool) {
        self.next = next
        self.columns = columns
        self.context = context
        self.needsHeaders = needsHeaders
    }

    func push(_ batch: [Record]) async throws {
        var output = batch
        for index in output.indices {
            let record = batch[index]
            if needsHeaders { context.headers = record.headers }
            var values: [Value] = []
            values.reserveCapacity(columns.count)
            for column in columns { values.append(column(record)) }
            output[index].values = values
        }
        try await next.push(output)
    }

    func control(_ element: ControlElement) async throws {
        try await next.control(element)
    }
}
