import CLineEdit
import Synchronization

/// The terminal side of the REPL: libedit (through the CLineEdit shim) for editing, the in-memory
/// history and Tab. Reads block, so the REPL calls `read` from a thread of its own (see `InputSource`);
/// the completion callback runs on that thread, inside `read`.
final class LineEditor: @unchecked Sendable {
    // @unchecked: the C editor is used by one thread at a time: `read` (and the Tab callback inside it)
    // on the input thread, `addHistory` between reads.

    enum Input: Sendable, Equatable {
        case line(String)
        /// Ctrl-C: the line was discarded.
        case interrupt
        /// Ctrl-D on an empty line.
        case endOfInput
    }

    private let editor: OpaquePointer
    /// Asked on Tab: the text before the cursor → what to do.
    private let completer: Mutex<(@Sendable (String) -> Completion.Outcome)?> = Mutex(nil)

    init?(program: String, historySize: Int) {
        guard let editor = velo_le_open(program, Int32(clamping: historySize)) else { return nil }
        self.editor = editor
        velo_le_set_completer(editor, { context, line, length, cursor in
            guard let context, let line else { return VELO_LE_COMPLETE_NONE }
            let editor = Unmanaged<LineEditor>.fromOpaque(context).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: line, count: Int(max(0, min(cursor, length))))
            return editor.complete(beforeCursor: String(decoding: bytes, as: UTF8.self))
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        velo_le_close(editor)
    }

    func setCompleter(_ completer: @escaping @Sendable (String) -> Completion.Outcome) {
        self.completer.withLock { $0 = completer }
    }

    func read(prompt: String) -> Input {
        velo_le_set_prompt(editor, prompt)
        var status: Int32 = 0
        let line = velo_le_read(editor, &status)
        switch status {
        case VELO_LE_LINE: return line.map { .line(String(cString: $0)) } ?? .endOfInput
        case VELO_LE_INTERRUPT: return .interrupt
        default: return .endOfInput
        }
    }

    func addHistory(_ entry: String) {
        velo_le_add_history(editor, entry)
    }

    private func complete(beforeCursor: String) -> Int32 {
        guard let completer = completer.withLock({ $0 }) else { return VELO_LE_COMPLETE_NONE }
        switch completer(beforeCursor) {
        case .insert(let delete, let text):
            velo_le_delete(editor, Int32(clamping: delete))
            velo_le_insert(editor, text)
            return VELO_LE_COMPLETE_REFRESH
        case .list(let candidates):
            velo_le_write("\n" + Self.columns(candidates, width: Int(velo_le_columns(editor))))
            return VELO_LE_COMPLETE_REDISPLAY
        case .none:
            return VELO_LE_COMPLETE_NONE
        }
    }

    /// The candidates in columns across the terminal's width, like a shell lists them.
    static func columns(_ candidates: [String], width: Int) -> String {
        let cell = (candidates.map { TableRenderer.width(of: $0) }.max() ?? 0) + 2
        let perLine = max(1, (width > 0 ? width : 80) / max(1, cell))
        var out = ""
        for (index, candidate) in candidates.enumerated() {
            let last = index % perLine == perLine - 1 || index == candidates.count - 1
            out += last ? candidate + "\n" : candidate.padded(to: cell)
        }
        return out
    }
}

extension String {
    fileprivate func padded(to length: Int) -> String {
        self + String(repeating: " ", count: max(0, length - TableRenderer.width(of: self)))
    }
}
