import Foundation

/// A pseudo-terminal driven through tmux: `velo-cli` runs in a session of a tmux server of its own
/// (a private socket, no user config), keys go in with `send-keys`, the screen comes out with
/// `capture-pane`. When the program exits the pane shows `[exit STATUS]` and stays for reading.
final class Terminal: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let socket = "velo-repl-\(UUID().uuidString.prefix(8).lowercased())"
    let session = "repl"

    /// Starts `velo-cli ARGUMENTS…` with `environment` added to a clean one, in a width × height terminal.
    init(_ arguments: [String], environment: [String: String], width: Int = 200, height: Int = 50) throws {
        let command = (["env"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [Binaries.cli] + arguments)
            .map(Self.shellQuoted).joined(separator: " ")
        // new-session starts the tmux server, which keeps every descriptor the client had: through
        // Foundation's Process that includes the socket Process watches for the client's exit (so
        // the exit would never be seen) and any output pipe (never at its end). Spawned directly,
        // with nothing open but stdin/stdout (/dev/null) and stderr (a file), and waited for.
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).err").path
        defer { try? FileManager.default.removeItem(atPath: errors) }
        let status = try Self.spawnAndWait(
            ["/usr/bin/env", "tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", session,
             "-x", "\(width)", "-y", "\(height)", command + "; echo \"[exit $?]\"; sleep 3600"],
            stderr: errors)
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "tmux new-session failed (status \(status)): \(message)")
        }
    }

    /// posix_spawn with only fds 0-2 open in the child; its exit status (128 + n for a signal).
    private static func spawnAndWait(_ arguments: [String], stderr: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Every other descriptor of this process closed in the child (closing one that is gone by
        // then is not an error for posix_spawn).
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for fd in open where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        // The calling thread may block signals (libdispatch's threads block most): the tmux server
        // would inherit that and ignore the SIGTERM that kill-server sends it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw Failure(description: "cannot run \(arguments[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: errno \(errno)") }
        }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// A clean environment (and not inside another tmux).
    private static var environment: [String: String] {
        Binaries.cleanEnvironment().filter { $0.key != "TMUX" }
    }

    /// Types text as if from the keyboard (bytes in hex, so tmux reads no `;` or key name in it).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", session, "-H"] + text.utf8.map { String(format: "%02x", $0) })
    }

    /// Types a line and Enter.
    func enter(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    /// Named keys: Enter, Tab, Up, C-c, C-d, …
    func press(_ keys: String...) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    /// Everything the terminal showed, scrollback included, wrapped lines joined.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", session])
    }

    /// Polls the screen until `condition` holds; throws with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(30), until condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "waited \(timeout) for \(what); the screen:\n\(last)")
    }

    /// Waits until the screen shows `text`.
    @discardableResult
    func waitFor(text: String, timeout: Duration = .seconds(30)) async throws -> String {
        try await waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until `text` appears `count` times (the second prompt after a command, …).
    @discardableResult
    func waitFor(text: String, count: Int, timeout: Duration = .seconds(30)) async throws -> String {
        try await waitFor("\(count) × '\(text)'", timeout: timeout) { $0.components(separatedBy: text).count - 1 >= count }
    }

    /// The screen's lines without trailing blank ones.
    func lines() throws -> [String] {
        var lines = try screen().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.allSatisfy(\.isWhitespace) == true { lines.removeLast() }
        return lines
    }

    /// Ends the session (the program gets SIGHUP) and with it the tmux server; removes the socket.
    func kill() {
        _ = try? tmux(["kill-session", "-t", session])
        _ = try? tmux(["kill-server"])
        let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(base)/tmux-\(getuid())/\(socket)")
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        process.environment = Self.environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // capture-pane output is small (a few pages): reading it before waiting cannot block tmux.
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "tmux \(arguments.prefix(2).joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The cells of a table line: separated by two or more spaces.
func cells(_ line: String) -> [String] {
    line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// Whether some line of `text` has exactly these cells.
func hasRow(_ expected: [String], in text: String) -> Bool {
    text.split(separator: "\n").contains { cells(String($0)) == expected }
}
