import VeloCore
import VeloState

/// GROUP BY, plain or over TUMBLING, HOPPING or SESSION windows (PRODUCT.md §3.4).
///
/// Output rows are the group key, then `_window_start`/`_window_end` for a window, then each
/// aggregate's value. EMIT CHANGES writes the changed group after every row (O(1) per row for every
/// aggregate but MEDIAN/PERCENTILE_CONT); EMIT FINAL writes each window's groups once, when the
/// watermark passes end + grace, in (window, first-arrival) order. A row for a window that has
/// already closed is late: handed to `onLate` (counted, dead-lettered) and never folded in.
final class AggregateNode: OperatorNode, StatefulOperator {
    let stateNamespace: String
    let next: any OperatorNode
    let spec: AggregateSpec
    private let keys: [Evaluator]
    private let arguments: [Evaluator?]
    private let filters: [Evaluator?]
    private let time: Evaluator?
    private let factories: [AggregateFactory]
    private let context: FunctionContext
    private let needsHeaders: Bool
    private let onLate: (Record, String) async throws -> Void

    /// Event time the inputs have reached; windows ending (plus grace) at or before it are closed.
    private(set) var watermark: Int64 = .min
    private var nextSequence: Int64 = 0
    /// Without a window: key → group.
    private var groups: [[Value]: AggregateGroup] = [:]
    /// Tumbling and hopping: window start → key → group; the heap holds the open starts.
    private var windows: [Int64: [[Value]: AggregateGroup]] = [:]
    private var windowStarts = MinHeap<Int64>(by: <)
    /// Sessions: key → its open sessions, ordered by start; the heap holds (close time, key).
    private var sessions: [[Value]: [AggregateGroup]] = [:]
    /// (close time, session): an entry is stale once its session merged away or grew (a newer entry
    /// then exists), which is cheaper to check when popped than to find and remove.
    private var sessionDeadlines = MinHeap<(at: Int64, group: AggregateGroup)>(by: { $0.at < $1.at })
    /// What the next checkpoint writes.
    private var dirtyGroups: [AggregateGroup] = []
    private var dirtySessionKeys: Set<[Value]> = []
    private var deletedKeys: [[UInt8]] = []
    private var metaChanged = false
    /// Late rows of the batch being pushed (handled after its output went on).
    private var late: [(Record, String)] = []

    init(id: Int, next: any OperatorNode, spec: AggregateSpec, keys: [Evaluator], arguments: [Evaluator?], filters: [Evaluator?],
         time: Evaluator?, factories: [AggregateFactory], context: FunctionContext, needsHeaders: Bool,
         onLate: @escaping (Record, String) async throws -> Void) {
        stateNamespace = "node\(id)"
        self.next = next
        self.spec = spec
        self.keys = keys
        self.arguments = arguments
        self.filters = filters
        self.time = time
        self.factories = factories
        self.context = context
        self.needsHeaders = needsHeaders
        self.onLate = onLate
    }

    // MARK: - Records

    func push(_ batch: [Record]) async throws {
        var output: [Record] = []
        if spec.emit == .changes { output.reserveCapacity(batch.count) }
        for record in batch {
            if record.watermark > watermark { advance(to: record.watermark, into: &output) }
            if needsHeaders { context.headers = record.headers }
            var key: [Value] = []
            key.reserveCapacity(keys.count)
            for evaluator in keys { key.append(evaluator(record)) }
            guard let window = spec.window else {
                let group: AggregateGroup
                if let existing = groups[key] { group = existing } else {
                    group = makeGroup(key)
                    groups[key] = group
                }
                fold(record, into: group, time: record.timestamp)
                // A group without a window is stamped with the latest time it saw.
                group.end = max(group.end, record.timestamp)
                if spec.emit == .changes { output.append(row(group, timestamp: record.timestamp)) }
                continue
            }
            guard let eventTime = eventTime(record) else {
                late.append((record, "the window's time column is NULL or not a time"))
                continue
            }
            if window.kind == .session {
                foldSession(record, key: key, time: eventTime, gap: window.sizeMs, grace: window.graceMs, into: &output)
            } else {
                foldWindows(record, key: key, time: eventTime, window: window, into: &output)
            }
        }
        if !output.isEmpty { try await next.push(output) }
        if !late.isEmpty {
            let rows = late
            late.removeAll()
            for (record, reason) in rows { try await onLate(record, reason) }
        }
    }

    func control(_ element: ControlElement) async throws {
        var output: [Record] = []
        switch element {
        case .watermark(let time):
            if time > watermark { advance(to: time, into: &output) }
        case .end:
            // Every source is drained: every open window (and, for EMIT FINAL without a window,
            // every group) is final now.
            fireAll(into: &output)
        case .barrier:
            break
        }
        if !output.isEmpty { try await next.push(output) }
        try await next.control(element)
    }

    private func eventTime(_ record: Record) -> Int64? {
        guard let time else { return record.timestamp }
        switch time(record) {
        case .timestamp(let millis), .int(let millis): return millis
        case .string(let text): return ISOTime.parseTimestamp(text)
        default: return nil
        }
    }

    private func makeGroup(_ key: [Value], start: Int64 = 0, end: Int64 = 0) -> AggregateGroup {
        nextSequence += 1
        metaChanged = true
        return AggregateGroup(key: key, accumulators: factories.map { $0.make() }, sequence: nextSequence, start: start, end: end)
    }

    private func fold(_ record: Record, into group: AggregateGroup, time: Int64) {
        for index in group.accumulators.indices {
            if let filter = filters[index] {
                guard case .boolean(true) = filter(record) else { continue }
            }
            group.accumulators[index].add(arguments[index]?(record) ?? .null, time: time)
        }
        markDirty(group)
    }

    private func markDirty(_ group: AggregateGroup) {
        guard !group.dirty else { return }
        group.dirty = true
        if spec.window?.kind != .session { dirtyGroups.append(group) }
    }

    // MARK: - Tumbling and hopping windows

    private func foldWindows(_ record: Record, key: [Value], time: Int64, window: WindowSpec, into output: inout [Record]) {
        // The latest window holding `time` starts at the advance boundary at or before it; earlier
        // ones every `advance` back while they still reach past `time`.
        let latest = ISOTime.floorDivide(time, window.advanceMs) * window.advanceMs
        var start = latest
        var starts: [Int64] = []
        while start + window.sizeMs > time {
            starts.append(start)
            start -= window.advanceMs
        }
        var closed: Int64?
        for start in starts.reversed() {
            let end = start + window.sizeMs
            if end + window.graceMs <= watermark {
                closed = closed ?? start
                continue
            }
            let group: AggregateGroup
            if let existing = windows[start]?[key] { group = existing } else {
                group = makeGroup(key, start: start, end: end)
                if windows[start] == nil { windowStarts.insert(start) }
                windows[start, default: [:]][key] = group
            }
            fold(record, into: group, time: time)
            if spec.emit == .changes { output.append(row(group, timestamp: record.timestamp)) }
        }
        if let closed {
            late.append((record, "late: window [\(ISOTime.formatTimestamp(closed)), \(ISOTime.formatTimestamp(closed + window.sizeMs))) closed at watermark \(ISOTime.formatTimestamp(watermark))"))
        }
    }

    // MARK: - Sessions

    private func foldSession(_ record: Record, key: [Value], time: Int64, gap: Int64, grace: Int64, into output: inout [Record]) {
        var list = sessions[key] ?? []
        // A session [first, last + gap) takes an event within `gap` of its first or last event.
        let touching = list.indices.filter { time + gap >= list[$0].start && time <= list[$0].end }
        var start = time
        var end = time + gap
        for index in touching {
            start = min(start, list[index].start)
            end = max(end, list[index].end)
        }
        // A session can still take an event at exactly its end (last + gap): it closes only once
        // the watermark is past end + grace.
        if end + grace < watermark {
            late.append((record, "late: session [\(ISOTime.formatTimestamp(start)), \(ISOTime.formatTimestamp(end))) closed at watermark \(ISOTime.formatTimestamp(watermark))"))
            return
        }
        let target: AggregateGroup
        let previousEnd = touching.first.map { list[$0].end }
        if let first = touching.first {
            target = list[first]
            // A late-arriving event can bridge two sessions: the later ones merge into the first.
            for index in touching.dropFirst() {
                let other = list[index]
                for position in target.accumulators.indices { target.accumulators[position].merge(other.accumulators[position]) }
                other.alive = false
            }
            for index in touching.dropFirst().reversed() { list.remove(at: index) }
            target.start = start
            target.end = end
        } else {
            target = makeGroup(key, start: start, end: end)
            let position = list.firstIndex { $0.start > start } ?? list.count
            list.insert(target, at: position)
        }
        fold(record, into: target, time: time)
        sessions[key] = list
        dirtySessionKeys.insert(key)
        if previousEnd != end || touching.count > 1 { sessionDeadlines.insert((end + grace, target)) }
        if spec.emit == .changes { output.append(row(target, timestamp: record.timestamp)) }
    }

    // MARK: - Firing

    private func advance(to time: Int64, into output: inout [Record]) {
        watermark = time
        metaChanged = true
        guard let window = spec.window else { return }
        if window.kind == .session {
            var due: [AggregateGroup] = []
            while let top = sessionDeadlines.first, top.at < time {
                _ = sessionDeadlines.popFirst()
                let group = top.group
                guard group.alive, group.end + window.graceMs == top.at else { continue }
                group.alive = false
                if var list = sessions[group.key] {
                    list.removeAll { $0 === group }
                    sessions[group.key] = list.isEmpty ? nil : list
                }
                dirtySessionKeys.insert(group.key)
                due.append(group)
            }
            due.sort { ($0.end, $0.sequence) < ($1.end, $1.sequence) }
            for group in due { close(group, into: &output) }
        } else {
            while let start = windowStarts.first, start + window.sizeMs + window.graceMs <= time {
                _ = windowStarts.popFirst()
                closeWindow(start, into: &output)
            }
        }
    }

    private func closeWindow(_ start: Int64, into output: inout [Record]) {
        guard let closing = windows.removeValue(forKey: start) else { return }
        for group in closing.values.sorted(by: { $0.sequence < $1.sequence }) { close(group, into: &output) }
    }

    private func close(_ group: AggregateGroup, into output: inout [Record]) {
        if spec.emit == .final { output.append(row(group, timestamp: spec.window == nil ? group.end : group.end - 1)) }
        group.alive = false
        if group.persisted, spec.window?.kind != .session { deletedKeys.append(entryKey(group)) }
    }

    private func fireAll(into output: inout [Record]) {
        guard let window = spec.window else {
            if spec.emit == .final {
                for group in groups.values.sorted(by: { $0.sequence < $1.sequence }) {
                    output.append(row(group, timestamp: group.end))
                }
            }
            return
        }
        if window.kind == .session {
            let all = sessions.values.flatMap { $0 }.sorted { ($0.end, $0.sequence) < ($1.end, $1.sequence) }
            for key in sessions.keys { dirtySessionKeys.insert(key) }
            sessions.removeAll()
            sessionDeadlines.removeAll()
            for group in all { close(group, into: &output) }
        } else {
            while let start = windowStarts.popFirst() { closeWindow(start, into: &output) }
        }
    }

    /// The output row of a group: key, window bounds, aggregate values. The message key is the group
    /// key's text (several columns joined with `|`).
    private func row(_ group: AggregateGroup, timestamp: Int64) -> Record {
        var values = group.key
        values.reserveCapacity(group.key.count + 2 + group.accumulators.count)
        if spec.window != nil {
            values.append(.timestamp(group.start))
            values.append(.timestamp(group.end))
        }
        for accumulator in group.accumulators { values.append(accumulator.result) }
        return Record(values: values, key: messageKey(group.key), timestamp: timestamp)
    }

    private func messageKey(_ key: [Value]) -> [UInt8]? {
        guard !key.isEmpty else { return nil }
        if key.count == 1 { return key[0].isNull ? nil : Array(RecordEncoder.text(key[0]).utf8) }
        return Array(key.map { RecordEncoder.text($0) }.joined(separator: "|").utf8)
    }

    // MARK: - State

    /// The entry holding the operator's watermark and sequence counter.
    private static let metaKey: [UInt8] = [0xFF]

    private func entryKey(_ group: AggregateGroup) -> [UInt8] {
        var writer = StateWriter()
        writer.write(spec.window == nil ? Int64(0) : group.start)
        writer.writeCount(group.key.count)
        for value in group.key { writer.write(value) }
        return writer.bytes
    }

    private func sessionKey(_ key: [Value]) -> [UInt8] {
        var writer = StateWriter()
        writer.write(Int64(0))
        writer.writeCount(key.count)
        for value in key { writer.write(value) }
        return writer.bytes
    }

    func drainChanges() -> [StateChange] {
        var changes: [StateChange] = deletedKeys.map { .delete(key: $0) }
        deletedKeys.removeAll()
        for group in dirtyGroups {
            group.dirty = false
            guard group.alive else { continue }
            changes.append(.put(key: entryKey(group), value: AggregateStateCodec.encode([group])))
            group.persisted = true
        }
        dirtyGroups.removeAll()
        for key in dirtySessionKeys {
            if let list = sessions[key], !list.isEmpty {
                for group in list { group.dirty = false }
                changes.append(.put(key: sessionKey(key), value: AggregateStateCodec.encode(list)))
            } else {
                changes.append(.delete(key: sessionKey(key)))
            }
        }
        dirtySessionKeys.removeAll()
        if metaChanged {
            var writer = StateWriter()
            writer.write(watermark)
            writer.write(nextSequence)
            changes.append(.put(key: Self.metaKey, value: writer.bytes))
            metaChanged = false
        }
        return changes
    }

    func restore(_ entries: [[UInt8]: [UInt8]]) throws {
        for (key, value) in entries {
            if key == Self.metaKey {
                var reader = StateReader(value)
                watermark = try reader.readInt64()
                nextSequence = try reader.readInt64()
                continue
            }
            let restored = try AggregateStateCodec.decode(value, factories: factories)
            for group in restored { group.persisted = true }
            guard let first = restored.first else { continue }
            switch spec.window?.kind {
            case nil:
                groups[first.key] = first
            case .session:
                sessions[first.key] = restored.sorted { $0.start < $1.start }
                for group in restored { sessionDeadlines.insert((group.end + (spec.window?.graceMs ?? 0), group)) }
            case .tumbling, .hopping:
                if windows[first.start] == nil { windowStarts.insert(first.start) }
                windows[first.start, default: [:]][first.key] = first
            }
        }
    }

    var stateBytes: Int {
        var total = 0
        for group in groups.values { total += group.approximateBytes }
        for window in windows.values { for group in window.values { total += group.approximateBytes } }
        for list in sessions.values { for group in list { total += group.approximateBytes } }
        return total
    }
}
