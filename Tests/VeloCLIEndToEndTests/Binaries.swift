import VeloTestSupport

/// Where the built binaries and the broker are (shared with the other process-level test targets).
typealias Binaries = TestBinaries
