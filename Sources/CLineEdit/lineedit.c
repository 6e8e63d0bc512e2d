#include "CLineEdit.h"

#include <histedit.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct velo_line_editor {
    EditLine *el;
    History *history;
    char *prompt;
    char *line;  // the last line read, without its newline
    int interrupted;
    velo_le_completer completer;
    void *context;
};

static velo_line_editor *editor_of(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return (velo_line_editor *)data;
}

static char *prompt_function(EditLine *el) {
    velo_line_editor *editor = editor_of(el);
    return editor && editor->prompt ? editor->prompt : "";
}

// Ctrl-C while editing: the terminal's ISIG is off in edit mode (see velo_le_open), so it arrives as
// a key. Show ^C, end the read, and let velo_le_read report the line as discarded.
static unsigned char interrupt_function(EditLine *el, int ch) {
    (void)ch;
    velo_line_editor *editor = editor_of(el);
    if (editor) editor->interrupted = 1;
    FILE *out = NULL;
    if (el_get(el, EL_GETFP, 1, &out) == 0 && out) {
        fputs("^C", out);
        fflush(out);
    }
    return CC_NEWLINE;
}

static unsigned char complete_function(EditLine *el, int ch) {
    (void)ch;
    velo_line_editor *editor = editor_of(el);
    if (!editor || !editor->completer) return CC_ERROR;
    const LineInfo *info = el_line(el);
    int length = (int)(info->lastchar - info->buffer);
    int cursor = (int)(info->cursor - info->buffer);
    switch (editor->completer(editor->context, info->buffer, length, cursor)) {
    case VELO_LE_COMPLETE_REFRESH: return CC_REFRESH;
    case VELO_LE_COMPLETE_REDISPLAY: return CC_REDISPLAY;
    default: return CC_ERROR;
    }
}

velo_line_editor *velo_le_open(const char *program, int history_size) {
    // Multibyte (UTF-8) input needs the locale's character type.
    setlocale(LC_CTYPE, "");
    velo_line_editor *editor = calloc(1, sizeof *editor);
    if (!editor) return NULL;
    editor->el = el_init(program, stdin, stdout, stderr);
    editor->history = history_init();
    if (!editor->el || !editor->history) {
        velo_le_close(editor);
        return NULL;
    }
    HistEvent event;
    history(editor->history, &event, H_SETSIZE, history_size > 0 ? history_size : 1000);
    history(editor->history, &event, H_SETUNIQUE, 1);

    EditLine *el = editor->el;
    el_set(el, EL_CLIENTDATA, editor);
    el_set(el, EL_EDITOR, "emacs");
    // No EL_SIGNAL: libedit would save and restore the SIGINT disposition around each read and so
    // undo the handler libdispatch installs for the REPL's Ctrl-C (see Interrupt.swift). The
    // terminal's size is read again before each line instead (velo_le_read).
    el_set(el, EL_PROMPT, prompt_function);
    el_set(el, EL_HIST, history, editor->history);
    // Ctrl-C is a key while editing, not SIGINT: it discards the line and the shell goes on.
    el_set(el, EL_SETTY, "-d", "-isig", NULL);
    el_set(el, EL_ADDFN, "velo-interrupt", "Discard the line", interrupt_function);
    el_set(el, EL_BIND, "^C", "velo-interrupt", NULL);
    el_set(el, EL_ADDFN, "velo-complete", "Complete the word", complete_function);
    el_set(el, EL_BIND, "^I", "velo-complete", NULL);
    // The user's ~/.editrc (or $EDITRC) last, so it may change any of the above.
    el_source(el, NULL);
    return editor;
}

void velo_le_close(velo_line_editor *editor) {
    if (!editor) return;
    if (editor->el) el_end(editor->el);
    if (editor->history) history_end(editor->history);
    free(editor->prompt);
    free(editor->line);
    free(editor);
}

void velo_le_set_prompt(velo_line_editor *editor, const char *prompt) {
    char *copy = strdup(prompt ? prompt : "");
    if (!copy) return;
    free(editor->prompt);
    editor->prompt = copy;
}

const char *velo_le_read(velo_line_editor *editor, int *status) {
    editor->interrupted = 0;
    el_resize(editor->el);
    int count = 0;
    const char *line = el_gets(editor->el, &count);
    if (editor->interrupted) {
        fputs("\n", stdout);
        fflush(stdout);
        *status = VELO_LE_INTERRUPT;
        return NULL;
    }
    if (!line || count <= 0) {
        *status = VELO_LE_EOF;
        return NULL;
    }
    *status = VELO_LE_LINE;
    // el_gets keeps the newline; the REPL wants the line alone.
    free(editor->line);
    editor->line = strdup(line);
    if (!editor->line) {
        *status = VELO_LE_EOF;
        return NULL;
    }
    size_t length = strlen(editor->line);
    if (length > 0 && editor->line[length - 1] == '\n') editor->line[length - 1] = '\0';
    return editor->line;
}

void velo_le_add_history(velo_line_editor *editor, const char *entry) {
    HistEvent event;
    history(editor->history, &event, H_ENTER, entry);
}

void velo_le_set_completer(velo_line_editor *editor, velo_le_completer completer, void *context) {
    editor->completer = completer;
    editor->context = context;
}

int velo_le_insert(velo_line_editor *editor, const char *text) {
    return el_insertstr(editor->el, text);
}

void velo_le_delete(velo_line_editor *editor, int count) {
    if (count > 0) el_deletestr(editor->el, count);
}

int velo_le_columns(velo_line_editor *editor) {
    int columns = 0;
    if (el_get(editor->el, EL_GETTC, "co", &columns) != 0 || columns <= 0) return 80;
    return columns;
}

void velo_le_write(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}
