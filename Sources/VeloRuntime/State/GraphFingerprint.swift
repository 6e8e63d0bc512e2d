import Foundation
import VeloCore

extension OperatorGraph {
    /// Identifies what a job's state means: a hash of every node but the sinks (a job writing to
    /// another topic keeps its windows; one whose query changed must not read old state). Stable
    /// across processes and versions: sorted-key JSON of the Codable graph, FNV-1a 64. Fields a newer
    /// version adds are optional and absent unless used, so the hash only moves when the query does.
    public var stateFingerprint: String {
        let relevant = nodes.filter { if case .sink = $0.operation { false } else { true } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(relevant)) ?? Array(jobName.utf8).withUnsafeBytes { Data($0) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
