import Foundation
import VeloState

/// Where a job's state lives under a state directory: one SQLite file per job, so jobs never wait
/// for each other's checkpoints and dropping a job is deleting a file.
public enum StateFiles {
    /// `<directory>/<job>.state.db`, with characters a file name should not hold replaced.
    public static func path(directory: String, job: String) -> String {
        let safe = String(job.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        return directory + "/" + safe + ".state.db"
    }

    /// Opens (creating the directory and file when needed) the store of `job`.
    static func open(directory: String, job: String, fingerprint: String) throws -> SQLiteStateStore {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw JobError.state("cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        return try SQLiteStateStore(path: path(directory: directory, job: job), fingerprint: fingerprint)
    }

    /// Deletes a dropped job's state.
    public static func remove(directory: String, job: String) throws {
        try SQLiteStateStore.remove(path: path(directory: directory, job: job))
    }
}
