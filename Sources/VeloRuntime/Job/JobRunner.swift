import Synchronization
import VeloCore
import VeloState

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
        var checkpoint = 0
        if !network.stateful.isEmpty {
            do {
                let store = try openStateStore()
                stateStore = store
                let snapshot = try store.restore()
                for node in network.stateful { try node.restore(snapshot.entries[node.stateNamespace] ?? [:]) }
                for source in network.sources { source.restore(snapshot.positions) }
                checkpoint = Int(snapshot.checkpointID)
            } catch {
                await network.close()
                throw JobError.state("cannot restore the job's state: \(error)")
            }
        }
        defer { stateStore?.close() }
        statusCell.update { $0.state = .running }
        options.metrics?.up.record(1)
        defer { options.metrics?.up.record(0) }
        var lastCheckpoint = ContinuousClock.now
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
                let now = ContinuousClock.now
                for source in active {
                    if let watermark = source.watermarkUpdate(now: now) { try await source.downstream.control(.watermark(watermark)) }
                }
                for source in active where source.reader.isDrained {
                    try await source.downstream.control(.end)
                }
                active.removeAll { $0.reader.isDrained }
                if ContinuousClock.now - lastCheckpoint >= options.checkpointInterval || (idle && statusCell.snapshot.checkpoints == 0) {
                    checkpoint += 1
                    try await self.checkpoint(checkpoint, network, since: lastCheckpoint)
                    lastCheckpoint = ContinuousClock.now
                }
            }
            checkpoint += 1
            try await self.checkpoint(checkpoint, network, since: lastCheckpoint)
            if active.isEmpty { try forgetFinishedFileState() }
        } catch {
            await network.close()
            throw error
        }
        await network.close()
    }

    /// A job over files that read them to the end starts over when run again, as a stateless one
    /// does (files have no committed offsets): its state — every window fired, the positions at the
    /// files' ends — is deleted. Kafka jobs keep theirs, in step with their committed offsets.
    private func forgetFinishedFileState() throws {
        guard stateStore != nil, options.stateStore == nil, let directory = options.stateDirectory,
              graph.nodes.contains(where: { if case .source(let spec) = $0.operation { spec.connector == .file } else { false } })
        else { return }
        stateStore?.close()
        stateStore = nil
        do {
            try StateFiles.remove(directory: directory, job: name)
        } catch {
            throw JobError.state("cannot delete the finished job's state: \(error)")
        }
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
        // State and the positions it reflects in one transaction, then Kafka: its committed offsets
        // never pass what the state holds.
        var stateBytes = 0
        if let stateStore {
            var changes: [String: [StateChange]] = [:]
            for node in network.stateful {
                changes[node.stateNamespace] = node.drainChanges()
                stateBytes += node.stateBytes
            }
            do {
                try stateStore.commit(StateCheckpoint(id: Int64(id), changes: changes, positions: network.sources.flatMap(\.sourcePositions)))
            } catch {
                throw JobError.state("checkpoint \(id) could not be written: \(error)")
            }
        }
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
            $0.stateBytes = stateBytes
            if seconds > 0.05 { $0.ratePerSecond = Double($0.recordsIn - countedIn) / seconds }
        }
        countedIn = statusCell.snapshot.recordsIn
        if let metrics = options.metrics {
            if errors > before.expressionErrors { metrics.errors.increment(by: errors - before.expressionErrors) }
            if let lag { metrics.lag.record(lag) }
            metrics.stateBytes.record(stateBytes)
        }
    }

    /// Records read up to the last checkpoint, for the rate. Owned by the job's task.
    private var countedIn = 0
    /// Where stateful operators checkpoint (nil for a stateless job). Owned by the job's task.
    private var stateStore: (any StateStore)?

    private func openStateStore() throws -> any StateStore {
        if let store = options.stateStore { return store }
        guard let directory = options.stateDirectory else { return MemoryStateStore() }
        let store = try StateFiles.open(directory: directory, job: name, fingerprint: graph.stateFingerprint)
        if let reason = store.discardedReason {
            JobLogContext.logger.warning("the job's earlier state was discarded: \(reason)", metadata: ["job": "\(self.name)"])
        }
        return store
    }

    // MARK: - Callbacks from the network

    func limitHit() {
        limitReached.store(true, ordering: .relaxed)
    }

    func recordsWritten(_ count: Int) {
        statusCell.update { $0.recordsOut += count }
        options.metrics?.recordsOut.increment(by: count)
    }

    func lateRecord(deadLettered: Bool) {
        statusCell.update {
            $0.lateRecords += 1
            if deadLettered { $0.deadLettered += 1 }
        }
        options.metrics?.lateRecords.increment()
        if deadLettered { options.metrics?.deadLettered.increment() }
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
    /// Operators with state, restored at start and drained at each checkpoint.
    var stateful: [any StatefulOperator] = []

    func close() async {
        for source in sources { await source.reader.close() }
        for sink in sinks { await sink.close() }
    }
}
