import Synchronization
import VeloCore

/// Runs one job's operator graph: polls its sources in turn, pushes decoded batches through the
/// compiled operators into the sink, and checkpoints — a barrier through the graph (sinks flush),
/// then the source offsets are committed. Offsets are committed only after everything before them is
/// delivered, so a job killed at any moment and restarted loses nothing (at-least-once).
public final class JobRunner: @unchecked Sendable {
    public let graph: OperatorGraph
    let bus: any MessageBus
    let options: JobOptions
    private let statusCell = JobStatusCell()
    private let stopRequested = Atomic<Bool>(false)
    private let pauseRequested = Atomic<Bool>(false)
    private let limitReached = Atomic<Bool>(false)
    let evaluation = EvaluationContext()

    public init(graph: OperatorGraph, bus: any MessageBus, options: JobOptions = JobOptions()) {
        self.graph = graph
        self.bus = bus
        self.options = options
    }

    public var name: String { graph.jobName }
    public var status: JobStatus { statusCell.snapshot }

    /// Asks the job to stop after the current batch; `run` then checkpoints and returns.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    /// Asks the job to checkpoint and stop fetching; it keeps its sources open (and its consumer
    /// groups' membership) until `resume` or `stop`.
    public func pause() {
        pauseRequested.store(true, ordering: .relaxed)
    }

    /// Continues a paused job where it stopped.
    public func resume() {
        pauseRequested.store(false, ordering: .relaxed)
    }

    /// Runs until every source is drained (bounded sources), a LIMIT is reached, `stop()` is called
    /// or the task is cancelled; then a last checkpoint. Throws the first failure.
    @discardableResult
    public func run() async throws -> JobStatus {
        do {
            try await JobLogContext.$job.withValue(name) { try await execute() }
            statusCell.update { $0.state = stopRequested.load(ordering: .relaxed) || Task.isCancelled ? .stopped : .finished }
        } catch {
            statusCell.update {
                $0.state = .failed
                $0.failure = "\(error)"
            }
            throw error
        }
        return status
    }

    // MARK: - The loop

    private func execute() async throws {
        let network = try await NetworkBuilder(runner: self).build()
        statusCell.update { $0.state = .running }
        options.metrics?.up.record(1)
        defer { options.metrics?.up.record(0) }
        var lastCheckpoint = ContinuousClock.now
        var checkpoint = 0
        var active = network.sources
        var paused = false
        do {
            while !active.isEmpty, !stopRequested.load(ordering: .relaxed), !limitReached.load(ordering: .relaxed), !Task.isCancelled {
                if pauseRequested.load(ordering: .relaxed) != paused {
                    paused.toggle()
                    try await setPaused(paused, network, checkpoint: &checkpoint)
                    lastCheckpoint = ContinuousClock.now
                }
                if paused {
                    for source in active { try await source.reader.keepAlive(timeout: options.pollTimeout) }
                    continue
                }
                var idle = true
                for source in active {
                    let messages = try await source.reader.poll(max: options.batchSize, timeout: active.count > 1 ? .milliseconds(10) : options.pollTimeout)
                    if messages.isEmpty { continue }
                    idle = false
                    let started = ContinuousClock.now
                    let records = try await source.decode(messages)
                    statusCell.update { $0.recordsIn += messages.count }
                    options.metrics?.recordsIn.increment(by: messages.count)
                    if !records.isEmpty { try await source.downstream.push(records) }
                    if let metrics = options.metrics {
                        let spent = ContinuousClock.now - started
                        metrics.batchLatency.recordNanoseconds(spent.components.seconds * 1_000_000_000 + spent.components.attoseconds / 1_000_000_000)
                    }
                    if limitReached.load(ordering: .relaxed) { break }
                }
                for source in active where source.reader.isDrained {
                    try await source.downstream.control(.end)
                }
                active.removeAll { $0.reader.isDrained }
                if ContinuousClock.now - lastCheckpoint >= options.checkpointInterval || (idle && checkpoint == 0) {
                    checkpoint += 1
                    try await self.checkpoint(checkpoint, network, since: lastCheckpoint)
                    lastCheckpoint = ContinuousClock.now
                }
            }
            checkpoint += 1
            try await self.checkpoint(checkpoint, network, since: lastCheckpoint)
        } catch {
            await network.close()
            throw error
        }
        await network.close()
    }

    /// Pausing checkpoints first, so everything read before the pause is delivered and committed.
    private func setPaused(_ paused: Bool, _ network: Network, checkpoint: inout Int) async throws {
        if paused {
            checkpoint += 1
            try await self.checkpoint(checkpoint, network, since: ContinuousClock.now)
            for source in network.sources { try await source.reader.pause() }
            statusCell.update {
                $0.state = .paused
                $0.ratePerSecond = 0
            }
            options.metrics?.up.record(0)
        } else {
            for source in network.sources { try await source.reader.resume() }
            statusCell.update { $0.state = .running }
            options.metrics?.up.record(1)
        }
    }

    /// Barrier through every path (sinks and the DLQ flush), then commit what every source has
    /// handed on.
    private func checkpoint(_ id: Int, _ network: Network, since previous: ContinuousClock.Instant) async throws {
        for source in network.sources {
            try await source.downstream.control(.barrier(id))
        }
        try await network.deadLetters?.flush()
        for source in network.sources {
            try await source.reader.commit(source.positions)
        }
        var lag: Int64? = 0
        for source in network.sources {
            guard let behind = source.reader.lag, let total = lag else { lag = nil; break }
            lag = total + behind
        }
        let errors = evaluation.errorCount
        let elapsed = ContinuousClock.now - previous
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let before = statusCell.snapshot
        statusCell.update {
            $0.checkpoints += 1
            $0.expressionErrors = errors
            $0.lag = lag
            if seconds > 0.05 { $0.ratePerSecond = Double($0.recordsIn - countedIn) / seconds }
        }
        countedIn = statusCell.snapshot.recordsIn
        if let metrics = options.metrics {
            if errors > before.expressionErrors { metrics.errors.increment(by: errors - before.expressionErrors) }
            if let lag { metrics.lag.record(lag) }
        }
    }

    /// Records read up to the last checkpoint, for the rate. Owned by the job's task.
    private var countedIn = 0

    // MARK: - Callbacks from the network

    func limitHit() {
        limitReached.store(true, ordering: .relaxed)
    }

    func recordsWritten(_ count: Int) {
        statusCell.update { $0.recordsOut += count }
        options.metrics?.recordsOut.increment(by: count)
    }

    func badRecord(deadLettered: Bool) {
        statusCell.update {
            $0.badRecords += 1
            if deadLettered { $0.deadLettered += 1 }
        }
        options.metrics?.errors.increment()
        if deadLettered { options.metrics?.deadLettered.increment() }
    }
}

/// The running form of a graph: its sources, each with the operator its records go to.
struct Network {
    var sources: [SourceRuntime]
    var sinks: [SinkNode]
    var deadLetters: DeadLetterQueue?

    func close() async {
        for source in sources { await source.reader.close() }
        for sink in sinks { await sink.close() }
    }
}
