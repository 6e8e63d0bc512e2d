import VeloCore

/// Makes the accumulators of one aggregate call, and reads their checkpointed state back.
///
/// Built once per call when the operator starts: it checks the literal arguments (the percentile
/// fraction, STRING_AGG's separator) so a bad call fails the job up front, not per group.
/// `COUNT(DISTINCT x)`, `COUNT_DISTINCT(x)` and `f(DISTINCT x)` wrap the plain accumulator in a
/// `DistinctAccumulator`; for MIN, MAX, FIRST_VALUE, LAST_VALUE and APPROX_COUNT_DISTINCT DISTINCT
/// changes nothing, so they are not wrapped.
struct AggregateFactory: Sendable {
    let call: AggregateCall
    /// PERCENTILE_CONT's p (0.5 for MEDIAN).
    private let fraction: Double
    /// STRING_AGG's separator.
    private let separator: String
    private let wrapsDistinct: Bool

    init(_ call: AggregateCall) throws(AggregateError) {
        self.call = call
        var fraction = 0.5
        var separator = ","
        let function = call.function
        if function != .countRows && call.arguments.isEmpty {
            throw AggregateError("\(function.rawValue) needs an argument")
        }
        switch function {
        case .percentileCont:
            guard call.arguments.count == 2 else {
                throw AggregateError("PERCENTILE_CONT(x, p) needs 2 arguments, got \(call.arguments.count)")
            }
            guard case .literal(let literal) = call.arguments[1] else {
                throw AggregateError("PERCENTILE_CONT(x, p): p must be a constant number between 0 and 1")
            }
            guard let p = literal.numericDouble, p >= 0, p <= 1 else {
                throw AggregateError("PERCENTILE_CONT(x, p): p must be between 0 and 1, got \(ValueCast.text(literal) ?? "NULL")")
            }
            fraction = p
        case .stringAgg:
            if call.arguments.count > 2 {
                throw AggregateError("STRING_AGG(x, separator) takes at most 2 arguments, got \(call.arguments.count)")
            }
            if call.arguments.count == 2 {
                guard case .literal(let literal) = call.arguments[1] else {
                    throw AggregateError("STRING_AGG(x, separator): the separator must be a constant string")
                }
                // A NULL separator joins with nothing (as PostgreSQL).
                separator = ValueCast.text(literal) ?? ""
            }
        default:
            break
        }
        self.fraction = fraction
        self.separator = separator
        switch function {
        case .countDistinct:
            wrapsDistinct = true
        case .countRows, .min, .max, .firstValue, .lastValue, .approxCountDistinct:
            wrapsDistinct = false
        case .count, .sum, .avg, .stddev, .variance, .median, .percentileCont, .stringAgg:
            wrapsDistinct = call.distinct
        }
    }

    /// A fresh accumulator: no rows seen.
    func make() -> any AggregateAccumulator {
        wrapsDistinct ? DistinctAccumulator(inner: makePlain()) : makePlain()
    }

    /// An accumulator from what `encode(into:)` wrote (for this same call).
    func decode(_ reader: inout StateReader) throws(StateFormatError) -> any AggregateAccumulator {
        if wrapsDistinct { return try DistinctAccumulator(decoding: &reader, inner: makePlain()) }
        switch call.function {
        case .countRows: return try CountAccumulator(decoding: &reader, countsNulls: true)
        case .count, .countDistinct: return try CountAccumulator(decoding: &reader, countsNulls: false)
        case .approxCountDistinct: return try HyperLogLogAccumulator(decoding: &reader)
        case .sum: return try TotalAccumulator(decoding: &reader, .sum, resultType: call.resultType)
        case .avg: return try TotalAccumulator(decoding: &reader, .mean, resultType: call.resultType)
        case .min, .max: return try ExtremeAccumulator(decoding: &reader, isMax: call.function == .max)
        case .firstValue, .lastValue: return try EdgeValueAccumulator(decoding: &reader, isLast: call.function == .lastValue)
        case .stddev, .variance: return try MomentsAccumulator(decoding: &reader, isStddev: call.function == .stddev)
        case .median, .percentileCont: return try PercentileAccumulator(decoding: &reader, fraction: fraction, isMedian: call.function == .median)
        case .stringAgg: return try StringAggAccumulator(decoding: &reader, separator: separator)
        }
    }

    /// The accumulator without a DISTINCT wrapper.
    private func makePlain() -> any AggregateAccumulator {
        switch call.function {
        case .countRows: CountAccumulator(countsNulls: true)
        case .count, .countDistinct: CountAccumulator(countsNulls: false)
        case .approxCountDistinct: HyperLogLogAccumulator()
        case .sum: TotalAccumulator(.sum, resultType: call.resultType)
        case .avg: TotalAccumulator(.mean, resultType: call.resultType)
        case .min: ExtremeAccumulator(isMax: false)
        case .max: ExtremeAccumulator(isMax: true)
        case .firstValue: EdgeValueAccumulator(isLast: false)
        case .lastValue: EdgeValueAccumulator(isLast: true)
        case .stddev: MomentsAccumulator(isStddev: true)
        case .variance: MomentsAccumulator(isStddev: false)
        case .median: PercentileAccumulator(fraction: 0.5, isMedian: true)
        case .percentileCont: PercentileAccumulator(fraction: fraction, isMedian: false)
        case .stringAgg: StringAggAccumulator(separator: separator)
        }
    }
}

/// An aggregate call the runtime cannot run (a bad literal argument); the job fails to start with it.
struct AggregateError: Error, CustomStringConvertible, Sendable {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

// MARK: - State header

/// Which accumulator wrote a state blob: the second byte of every encoding, after the format version,
/// so state restored against a changed query fails loudly instead of being misread.
enum AccumulatorKind: UInt8 {
    case countRows = 1
    case count = 2
    case sum = 3
    case average = 4
    case extreme = 5
    case edgeValue = 6
    case moments = 7
    case percentile = 8
    case stringAgg = 9
    case hyperLogLog = 10
    case distinct = 11
}

extension StateWriter {
    /// The format version then the kind: the first two bytes of every accumulator's encoding.
    mutating func writeAccumulatorHeader(_ kind: AccumulatorKind, version: UInt8) {
        writeByte(version)
        writeByte(kind.rawValue)
    }
}

extension StateReader {
    /// Reads the header `writeAccumulatorHeader` wrote and returns the version; throws when the kind
    /// is not `kind` or the version is newer than `maxVersion` (state from a later release).
    mutating func readAccumulatorHeader(_ kind: AccumulatorKind, maxVersion: UInt8) throws(StateFormatError) -> UInt8 {
        let start = offset
        let version = try readByte()
        guard version >= 1, version <= maxVersion else {
            throw StateFormatError("unsupported \(kind) state version \(version) (this build reads up to \(maxVersion))", offset: start)
        }
        let tag = try readByte()
        guard tag == kind.rawValue else {
            let found = AccumulatorKind(rawValue: tag).map { "\($0)" } ?? "unknown kind \(tag)"
            throw StateFormatError("expected \(kind) aggregate state, found \(found)", offset: start + 1)
        }
        return version
    }

    /// A stored Int64 that must not be negative (a count).
    mutating func readNonNegative(_ what: String) throws(StateFormatError) -> Int64 {
        let start = offset
        let value = try readInt64()
        guard value >= 0 else { throw StateFormatError("negative \(what) \(value)", offset: start) }
        return value
    }
}

// MARK: - Result types

enum AggregateResult {
    /// `value` as a value of the call's result type: DECIMAL rescaled to the column's scale, anything
    /// else converted as CAST would (only reached for schema-less input whose kinds vary per record).
    static func conform(_ value: Value, to type: SQLType) -> Value {
        switch (value, type) {
        case (.null, _), (_, .any), (.int, .int), (.int, .bigint), (.double, .double), (.interval, .interval):
            return value
        case let (.decimal(d), .decimal(_, scale)):
            if d.scale == scale { return value }
            return d.rescaled(to: scale).map(Value.decimal) ?? .null
        default:
            return ValueCast.cast(value, to: type, context: EvaluationContext())
        }
    }
}
