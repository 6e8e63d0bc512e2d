/// Bounds the stack a parse may use, measured from where the parse began: a second line of defence
/// behind the nesting limit, so "nested too deeply" comes before a crash even if a build spends more
/// stack a level than expected. Parses run on `ParserThread`'s large stack; the budget fits in it.
struct StackGuard {
    static let budget = UInt(ParserThread.stackSize) * 3 / 4
    private let entry: UInt

    init() {
        entry = Self.currentAddress()
    }

    func hasRoom() -> Bool {
        let here = Self.currentAddress()
        return here >= entry || entry - here < Self.budget
    }

    /// Bytes used since the parse began (for tests).
    func used() -> UInt {
        let here = Self.currentAddress()
        return here >= entry ? 0 : entry - here
    }

    /// An address in the caller's stack frame. A temporary allocation this small is always on the
    /// stack (a local `var` passed to a closure may live in a heap box in debug builds).
    @inline(never)
    private static func currentAddress() -> UInt {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { buffer in
            UInt(bitPattern: buffer.baseAddress)
        }
    }
}
