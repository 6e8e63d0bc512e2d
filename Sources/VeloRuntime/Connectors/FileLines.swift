#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VeloCore

/// Reads a file line by line in large chunks (JSON lines, CSV rows), without Foundation on the hot
/// path. A bounded source: `isDrained` once the last line is read. Line numbers are its offsets.
final class FileLineReader: MessageReader, @unchecked Sendable {
    let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private var start = 0
    private var endOfFile = false
    private var line: Int64 = 0
    /// Lines before this are skipped (a CSV header, or lines committed by an earlier run).
    private let skipUntil: Int64
    /// Called with the header line of a CSV file.
    var onHeader: ((ArraySlice<UInt8>) -> Void)?
    let hasHeader: Bool

    init(path: String, hasHeader: Bool, startLine: Int64 = 0) throws {
        guard let file = fopen(path, "rb") else {
            throw JobError.source("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.file = file
        self.hasHeader = hasHeader
        skipUntil = startLine
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        fclose(file)
    }

    var isDrained: Bool { endOfFile && start >= buffer.count }

    func poll(max: Int, timeout: Duration) async throws -> [BusMessage] {
        var messages: [BusMessage] = []
        messages.reserveCapacity(max)
        while messages.count < max {
            guard let range = nextLine() else { break }
            defer { line += 1 }
            if hasHeader, line == 0 {
                onHeader?(buffer[range])
                continue
            }
            if line < skipUntil || range.isEmpty { continue }
            messages.append(BusMessage(topic: path, partition: 0, offset: line, key: nil, value: Array(buffer[range]), timestamp: 0, headers: []))
        }
        return messages
    }

    /// The byte range of the next line (without its line break), refilling the buffer as needed.
    private func nextLine() -> Range<Int>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                var end = newline
                if end > start, buffer[end - 1] == 13 { end -= 1 }
                let range = start..<end
                start = newline + 1
                return range
            }
            if endOfFile {
                guard start < buffer.count else { return nil }
                let range = start..<buffer.count
                start = buffer.count
                return range
            }
            refill()
        }
    }

    private func refill() {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let chunk = 1 << 20
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let read = buffer.withUnsafeMutableBytes { bytes in
            fread(bytes.baseAddress.map { $0 + old }, 1, chunk, file)
        }
        buffer.removeLast(chunk - read)
        if read < chunk { endOfFile = true }
    }

    func commit(_ positions: Positions) async throws {}

    func close() async {}
}

/// Appends lines to a file through a large buffer.
final class FileLineWriter: @unchecked Sendable {
    let path: String
    private let file: UnsafeMutablePointer<FILE>

    init(path: String, append: Bool) throws {
        if let slash = path.lastIndex(of: "/") {
            Self.makeDirectories(String(path[..<slash]))
        }
        guard let file = fopen(path, append ? "ab" : "wb") else {
            throw JobError.sink("cannot open \(path) for writing: \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.file = file
        setvbuf(file, nil, _IOFBF, 1 << 20)
    }

    deinit {
        fclose(file)
    }

    func write(_ bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw JobError.sink("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    func flush() throws {
        guard fflush(file) == 0 else { throw JobError.sink("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    private static func makeDirectories(_ directory: String) {
        guard !directory.isEmpty else { return }
        var path = ""
        for component in directory.split(separator: "/", omittingEmptySubsequences: false) {
            path += (path.isEmpty && directory.hasPrefix("/") ? "" : (path.isEmpty ? "" : "/")) + component
            if path.isEmpty { path = "/"; continue }
            mkdir(path, 0o755)
        }
    }
}
