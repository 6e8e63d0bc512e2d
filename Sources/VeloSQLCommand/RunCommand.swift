import ArgumentParser
import Dispatch
import Foundation
import Logging
import VeloCore
import VeloPlanner
import VeloRuntime
import VeloSQL

/// `velo-sql run FILE.sql`: runs every job of a file in the foreground (PRODUCT.md §2).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every job in a SQL file in the foreground.",
        discussion: """
            Exits 0 when every source is bounded and drained (files; Kafka topics with --until-end), or when \
            --timeout passes; non-zero with a clear message on any failure. Ctrl-C stops the jobs cleanly \
            (a last checkpoint commits what was delivered).
            """
    )

    @Argument(help: "The SQL file.")
    var file: String

    @Option(help: "Kafka bootstrap servers (also VELO_BROKERS).")
    var brokers: String?

    @Option(name: .customLong("state-dir"), help: "Directory for local state (also VELO_STATE_DIR).")
    var stateDirectory: String?

    @Option(help: "Stop after this many seconds, commit, and exit 0 unless something failed.")
    var timeout: Double?

    @Flag(name: .customLong("until-end"), help: "Read Kafka sources up to the end they have when the job starts, then finish.")
    var untilEnd = false

    func run() async throws {
        // The Kafka client logs at info (assignments, reconnects); a foreground run shows warnings
        // and errors unless VELO_LOG_LEVEL says otherwise (trace, debug, info, notice, warning, error).
        let level = ProcessInfo.processInfo.environment["VELO_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap({ label, provider in
            var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
            handler.logLevel = level
            return handler
        }, metadataProvider: JobLogContext.metadataProvider)
        let source: String
        do {
            source = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot read \(file): \(error.localizedDescription)")
        }
        var planner = ScriptPlanner()
        let plan = planner.plan(source: source)
        guard plan.errors.isEmpty else {
            FileHandle.standardError.write(Data(DiagnosticRenderer(source: source, fileName: file).render(plan.errors).utf8))
            throw CommandFailure("\(file): \(plan.errors.count) error\(plan.errors.count == 1 ? "" : "s")")
        }
        guard !plan.jobs.isEmpty else {
            throw CommandFailure("\(file) declares no job: add CREATE STREAM … AS SELECT, INSERT INTO … SELECT or a SELECT")
        }
        let address = brokers ?? ProcessInfo.processInfo.environment["VELO_BROKERS"] ?? "127.0.0.1:9092"
        let bus: any MessageBus
        do {
            bus = try KafkaBus(brokers: address)
        } catch {
            throw CommandFailure("cannot set up the Kafka client for \(address): \(error)")
        }
        // SQL file paths are relative to the SQL file.
        let directory = (file as NSString).deletingLastPathComponent
        var options = JobOptions()
        options.readToEnd = untilEnd
        // Windows and groups survive a restart: each stateful job keeps a SQLite file here.
        options.stateDirectory = (stateDirectory ?? ProcessInfo.processInfo.environment["VELO_STATE_DIR"] ?? "./velo-data") + "/state"
        let runners = plan.jobs.map { job in
            var jobOptions = options
            if job.graph.nodes.contains(where: { if case .sink(let spec) = $0.operation { spec.connector == .console } else { false } }) {
                // A transient SELECT is not a job to resume: a consumer group of its own each run,
                // state in memory.
                jobOptions.groupPrefix = "velo-transient-\(UUID().uuidString.prefix(8))-"
                jobOptions.stateDirectory = nil
            }
            return JobRunner(graph: job.graph.resolvingPaths(relativeTo: directory), bus: bus, options: jobOptions)
        }
        let progress = ProgressLine(runners: runners)
        let stopper = Stopper(runners: runners)
        stopper.install(timeout: timeout)
        progress.start()
        defer { progress.finish() }

        let failures = await withTaskGroup(of: String?.self) { group in
            for runner in runners {
                group.addTask {
                    do {
                        try await runner.run()
                        return nil
                    } catch {
                        stopper.stopAll()
                        return "job \(runner.name) failed: \(error)"
                    }
                }
            }
            var failures: [String] = []
            for await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        progress.finish()
        for runner in runners {
            let status = runner.status
            FileHandle.standardError.write(Data("\(runner.name): \(status.state.rawValue), \(status.recordsIn) in, \(status.recordsOut) out, \(status.badRecords) bad (\(status.deadLettered) to the DLQ), \(status.expressionErrors) expression errors\n".utf8))
        }
        if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "\n")) }
    }
}

/// Stops every job on Ctrl-C, SIGTERM or the timeout.
final class Stopper: @unchecked Sendable {
    let runners: [JobRunner]
    private var sources: [any DispatchSourceSignal] = []

    init(runners: [JobRunner]) {
        self.runners = runners
    }

    func stopAll() {
        for runner in runners { runner.stop() }
    }

    func install(timeout: Double?) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.stopAll() }
            source.resume()
            sources.append(source)
        }
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self] in self?.stopAll() }
        }
    }
}

/// One status line on stderr, redrawn twice a second, when stderr is a terminal.
final class ProgressLine: @unchecked Sendable {
    let runners: [JobRunner]
    private var timer: (any DispatchSourceTimer)?
    private let enabled = isatty(2) == 1

    init(runners: [JobRunner]) {
        self.runners = runners
    }

    func start() {
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(500))
        timer.setEventHandler { [runners] in
            let line = runners.map { runner in
                let status = runner.status
                return "\(runner.name): \(status.recordsIn) in, \(status.recordsOut) out, \(status.badRecords) bad"
            }.joined(separator: " | ")
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        }
        timer.resume()
        self.timer = timer
    }

    func finish() {
        guard let timer else { return }
        timer.cancel()
        self.timer = nil
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
