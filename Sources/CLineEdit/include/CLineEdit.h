#ifndef VELO_CLINEEDIT_H
#define VELO_CLINEEDIT_H

// The REPL's line editor: libedit's native API behind a few plain functions Swift can call
// (el_set and history() are variadic, and key bindings are C callbacks). One editor per process.

typedef struct velo_line_editor velo_line_editor;

// What velo_le_read returns in *status.
#define VELO_LE_LINE 0       // a line (without its newline)
#define VELO_LE_EOF 1        // Ctrl-D on an empty line, or the input closed
#define VELO_LE_INTERRUPT 2  // Ctrl-C: the line was discarded

// What a completer returns: how the editor redraws after it.
#define VELO_LE_COMPLETE_REFRESH 0    // text was inserted: redraw the line
#define VELO_LE_COMPLETE_REDISPLAY 1  // candidates were listed below: redraw prompt and line
#define VELO_LE_COMPLETE_NONE 2       // nothing to complete: beep

/// Called on Tab with the whole line (UTF-8, `length` bytes, not NUL-terminated) and the cursor's
/// byte offset. It may call velo_le_insert / velo_le_delete and velo_le_write.
typedef int (*velo_le_completer)(void *context, const char *line, int length, int cursor);

/// Opens the editor on the terminal (stdin/stdout): emacs bindings, ~/.editrc, a history of
/// `history_size` entries, Ctrl-C discarding the line instead of raising SIGINT. NULL on failure.
velo_line_editor *velo_le_open(const char *program, int history_size);
void velo_le_close(velo_line_editor *editor);

/// The prompt of the next read (copied).
void velo_le_set_prompt(velo_line_editor *editor, const char *prompt);

/// Reads one line. The result stays valid until the next call; NULL unless *status is VELO_LE_LINE.
const char *velo_le_read(velo_line_editor *editor, int *status);

/// Adds an entry to the in-memory history (the newest; Up recalls it first).
void velo_le_add_history(velo_line_editor *editor, const char *entry);

void velo_le_set_completer(velo_line_editor *editor, velo_le_completer completer, void *context);

/// Inserts text at the cursor / deletes `count` characters before it (inside a completer).
int velo_le_insert(velo_line_editor *editor, const char *text);
void velo_le_delete(velo_line_editor *editor, int count);

/// The terminal's width in columns (80 when unknown).
int velo_le_columns(velo_line_editor *editor);

/// Writes to C's stdout and flushes it (the editor's own output goes there too, so the two keep
/// their order).
void velo_le_write(const char *text);

#endif
