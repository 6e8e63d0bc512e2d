import Testing

/// Every REPL test, one at a time: each drives real processes (tmux, velo-cli, velo-sql), and a tmux
/// server started by one test would inherit the pipes another test is using.
@Suite("velo-cli repl", .serialized)
struct REPLTests {}
