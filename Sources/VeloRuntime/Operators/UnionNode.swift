import VeloCore

/// UNION ALL: records of every input as they come. Control elements are aligned: a barrier or the end
/// goes on once every input has sent it, and the watermark is the minimum over the inputs.
final class UnionNode: OperatorNode {
    let next: any OperatorNode
    let inputCount: Int
    private var barriers: [Int: Int] = [:]
    private var ended = 0
    private var watermarks: [Int64]

    init(next: any OperatorNode, inputCount: Int) {
        self.next = next
        self.inputCount = inputCount
        watermarks = Array(repeating: .min, count: inputCount)
    }

    /// One entry point per input, so control elements can be aligned per input.
    func input(_ index: Int) -> any OperatorNode {
        UnionInput(union: self, index: index)
    }

    func push(_ batch: [Record]) async throws {
        try await next.push(batch)
    }

    /// Records carry their input's watermark; after the union it is the minimum over the inputs.
    fileprivate func push(_ batch: [Record], from index: Int) async throws {
        var output = batch
        for position in output.indices {
            if output[position].watermark > watermarks[index] { watermarks[index] = output[position].watermark }
            output[position].watermark = watermarks.min() ?? .min
        }
        try await next.push(output)
    }

    func control(_ element: ControlElement) async throws {
        try await next.control(element)
    }

    fileprivate func control(_ element: ControlElement, from index: Int) async throws {
        switch element {
        case .barrier(let id):
            barriers[id, default: 0] += 1
            if barriers[id] == inputCount {
                barriers[id] = nil
                try await next.control(element)
            }
        case .end:
            ended += 1
            if ended == inputCount { try await next.control(.end) }
        case .watermark(let time):
            let before = watermarks.min() ?? .min
            watermarks[index] = max(watermarks[index], time)
            let after = watermarks.min() ?? .min
            if after > before { try await next.control(.watermark(after)) }
        }
    }

    private final class UnionInput: OperatorNode {
        let union: UnionNode
        let index: Int

        init(union: UnionNode, index: Int) {
            self.union = union
            self.index = index
        }

        func push(_ batch: [Record]) async throws {
            try await union.push(batch, from: index)
        }

        func control(_ element: ControlElement) async throws {
            try await union.control(element, from: index)
        }
    }
}
