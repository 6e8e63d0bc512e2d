import VeloCore

/// Turns an `OperatorGraph` into running nodes: compiled expressions, operators wired to the node
/// that consumes them, readers for the sources, writers for the sink and the dead-letter queue.
struct NetworkBuilder {
    let runner: JobRunner

    func build() async throws -> Network {
        let graph = runner.graph
        var consumers: [Int: [Int]] = [:]
        for node in graph.nodes {
            for input in node.inputs { consumers[input, default: []].append(node.id) }
        }
        var built: [Int: any OperatorNode] = [:]
        var unions: [Int: UnionNode] = [:]
        var sinks: [SinkNode] = []
        var deadLetters: DeadLetterQueue?
        var sources: [SourceRuntime] = []
        var stateful: [any StatefulOperator] = []
        let functionContext = FunctionContext(evaluation: runner.evaluation)
        let windowed = graph.nodes.contains { if case .aggregate(let spec) = $0.operation { spec.window != nil } else { false } }

        // Consumers come after their inputs: build from the sink backwards.
        for node in graph.nodes.reversed() {
            let next: (any OperatorNode)?
            if let consumer = consumers[node.id]?.first {
                if let union = unions[consumer] {
                    let index = graph.nodes[consumer].inputs.firstIndex(of: node.id) ?? 0
                    next = union.input(index)
                } else {
                    next = built[consumer]
                }
            } else {
                next = nil
            }
            var compiler = ExpressionCompiler(context: functionContext)
            switch node.operation {
            case .sink(let spec):
                let sink = try await SinkNode(spec: spec, schema: node.schema, bus: runner.bus, runner: runner, options: runner.options)
                sinks.append(sink)
                built[node.id] = sink
                if deadLetters == nil {
                    deadLetters = DeadLetterQueue(topic: spec.dlqTopic, job: graph.jobName, bus: runner.bus,
                                                  writer: try await runner.bus.makeWriter(properties: [:]))
                }
            case .filter(let condition):
                guard let next else { throw JobError.plan("filter node \(node.id) feeds nothing") }
                let evaluator = try compile(condition, with: &compiler)
                built[node.id] = FilterNode(next: next, condition: evaluator, context: functionContext, needsHeaders: compiler.needsHeaders)
            case .project(let expressions):
                guard let next else { throw JobError.plan("project node \(node.id) feeds nothing") }
                var evaluators: [Evaluator] = []
                for expression in expressions { evaluators.append(try compile(expression, with: &compiler)) }
                built[node.id] = ProjectNode(next: next, columns: evaluators, context: functionContext, needsHeaders: compiler.needsHeaders)
            case .union:
                guard let next else { throw JobError.plan("union node \(node.id) feeds nothing") }
                let union = UnionNode(next: next, inputCount: node.inputs.count)
                unions[node.id] = union
                built[node.id] = union
            case .distinct:
                guard let next else { throw JobError.plan("distinct node \(node.id) feeds nothing") }
                built[node.id] = DistinctNode(next: next)
            case .limit(let count):
                guard let next else { throw JobError.plan("limit node \(node.id) feeds nothing") }
                let runner = self.runner
                built[node.id] = LimitNode(next: next, limit: count) { runner.limitHit() }
            case .aggregate(let spec):
                guard let next else { throw JobError.plan("aggregate node \(node.id) feeds nothing") }
                let keys = try spec.keys.map { try compile($0, with: &compiler) }
                let arguments = try spec.aggregates.map { call in try call.arguments.first.map { try compile($0, with: &compiler) } }
                let filters = try spec.aggregates.map { call in try call.filter.map { try compile($0, with: &compiler) } }
                let time = try spec.window?.time.map { try compile($0, with: &compiler) }
                let factories: [AggregateFactory]
                do {
                    factories = try spec.aggregates.map { try AggregateFactory($0) }
                } catch {
                    throw JobError.plan("\(error)")
                }
                let inputSchema = node.inputs.first.map { graph.nodes[$0].schema } ?? node.schema
                let aggregate = AggregateNode(
                    id: node.id, next: next, spec: spec, keys: keys, arguments: arguments, filters: filters, time: time, factories: factories,
                    context: functionContext, needsHeaders: compiler.needsHeaders,
                    onLate: lateHandler(schema: inputSchema, deadLetters: deadLetters))
                stateful.append(aggregate)
                built[node.id] = aggregate
            case .analytic(let spec):
                guard let next else { throw JobError.plan("analytic node \(node.id) feeds nothing") }
                let partitionBy = try spec.partitionBy.map { try compile($0, with: &compiler) }
                let arguments = try spec.functions.map { call in try call.argument.map { try compile($0, with: &compiler) } }
                let defaults = try spec.functions.map { call in try call.defaultValue.map { try compile($0, with: &compiler) } }
                let analytic = AnalyticNode(id: node.id, next: next, spec: spec, partitionBy: partitionBy, arguments: arguments, defaults: defaults,
                                            context: functionContext, needsHeaders: compiler.needsHeaders)
                stateful.append(analytic)
                built[node.id] = analytic
            case .source(let spec):
                guard let next else { throw JobError.plan("source \(spec.name) feeds nothing") }
                let reader = try await makeReader(spec, index: graph.nodes.filter { if case .source = $0.operation { $0.id < node.id } else { false } }.count)
                let decoder = try RecordDecoder(spec: spec, reader: reader)
                sources.append(SourceRuntime(spec: spec, index: sources.count, reader: reader, decoder: decoder, downstream: next,
                                             deadLetters: deadLetters, runner: runner, tracksWatermark: windowed))
            }
        }
        return Network(sources: sources.reversed(), sinks: sinks, deadLetters: deadLetters, stateful: stateful.reversed())
    }

    /// Late rows (for a window already closed) are counted, and dead-lettered as the row the job
    /// read (JSON, with the record's key and headers) when the job's sources use `errors = 'dlq'`.
    private func lateHandler(schema: Schema, deadLetters: DeadLetterQueue?) -> (Record, String) async throws -> Void {
        let runner = self.runner
        let policy = runner.graph.nodes.lazy.compactMap { node -> ErrorPolicy? in
            if case .source(let spec) = node.operation { return spec.errors }
            return nil
        }.first ?? .dlq
        let encoder = RecordEncoder(schema: schema, format: .json, keyColumn: nil)
        return { record, reason in
            let send = policy == .dlq && deadLetters != nil
            runner.lateRecord(deadLettered: send)
            if send, let deadLetters {
                let (key, value) = encoder.encode(record)
                try await deadLetters.send(row: value, key: key, of: record, error: reason)
            }
        }
    }

    private func compile(_ expression: ScalarExpr, with compiler: inout ExpressionCompiler) throws -> Evaluator {
        do {
            return try compiler.compile(expression)
        } catch {
            throw JobError.plan("\(error)")
        }
    }

    /// Each source has a group of its own (`OperatorGraph.consumerGroup`).
    private func makeReader(_ spec: SourceSpec, index: Int) async throws -> any MessageReader {
        switch spec.connector {
        case .file:
            guard let path = spec.path else { throw JobError.source("file source \(spec.name) has no path") }
            return try FileLineReader(path: path, hasHeader: spec.format == .csv)
        case .kafka:
            do {
                return try await runner.bus.makeReader(
                    topic: spec.topic, group: runner.graph.consumerGroup(prefix: runner.options.groupPrefix, sourceIndex: index),
                    startAtEarliest: spec.autoOffsetReset != "latest", readToEnd: runner.options.readToEnd,
                    properties: runner.options.staticGroupMembership ? spec.properties : spec.properties.merging(["group.instance.id": ""]) { _, off in off })
            } catch {
                throw JobError.bus("cannot read topic \(spec.topic) at \(runner.bus.address): \(error)")
            }
        case .console:
            throw JobError.source("the console is not a source")
        }
    }
}
