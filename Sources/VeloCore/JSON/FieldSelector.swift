/// The top-level fields one source reads, built once per source; matches key bytes without
/// making a String per key.
public struct FieldSelector: Sendable {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var target: JSONTarget

        public init(name: String, target: JSONTarget) {
            self.name = name
            self.target = target
        }
    }

    /// The selected fields; field `k` is written to slot `k`.
    public let fields: [Field]
    /// Slot of the whole object as one `.struct` (`fields.count`), nil when not asked for.
    public let wholeObjectSlot: Int?
    /// Number representation for `.any` fields and the whole object.
    public let numbers: JSONNumberMode

    /// The fields' targets (kept apart so reading one retains nothing).
    let targets: [JSONTarget]
    /// Name bytes of all fields back to back; field `k` is `nameBytes[nameStarts[k]..<nameStarts[k + 1]]`.
    let nameBytes: [UInt8]
    let nameStarts: [Int]
    /// Open-addressing hash table of field indexes (-1 = empty), size a power of two.
    let table: [Int]
    /// The next field with the same name (-1 = none), when one name is selected twice.
    let sameName: [Int]

    /// Slots written: the fields, plus one for the whole object when asked for.
    public var slotCount: Int { fields.count + (wholeObjectSlot == nil ? 0 : 1) }

    public init(fields: [Field], wholeObject: Bool = false, numbers: JSONNumberMode = .double) {
        self.fields = fields
        self.wholeObjectSlot = wholeObject ? fields.count : nil
        self.numbers = numbers
        targets = fields.map(\.target)
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        for field in fields {
            bytes.append(contentsOf: field.name.utf8)
            starts.append(bytes.count)
        }
        nameBytes = bytes
        nameStarts = starts
        var size = 8
        while size < fields.count * 2 { size *= 2 }
        var table = [Int](repeating: -1, count: size)
        var sameName = [Int](repeating: -1, count: fields.count)
        var lastWithName: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            if let previous = lastWithName[field.name] {
                sameName[previous] = index
            } else {
                let length = starts[index + 1] - starts[index]
                var slot = bytes.withUnsafeBufferPointer { buffer in
                    FieldSelector.hash(buffer.baseAddress.map { $0 + starts[index] }, length)
                } & (size - 1)
                while table[slot] >= 0 { slot = (slot + 1) & (size - 1) }
                table[slot] = index
            }
            lastWithName[field.name] = index
        }
        self.table = table
        self.sameName = sameName
    }

    /// Convenience: fields as (name, target) pairs.
    public init(fields: [(name: String, target: JSONTarget)], wholeObject: Bool = false, numbers: JSONNumberMode = .double) {
        self.init(fields: fields.map { Field(name: $0.name, target: $0.target) }, wholeObject: wholeObject, numbers: numbers)
    }

    /// The index of the first field named by `length` bytes at `key`, or -1.
    @inline(__always)
    func lookup(_ key: UnsafePointer<UInt8>, _ length: Int) -> Int {
        let mask = table.count - 1
        var slot = FieldSelector.hash(key, length) & mask
        return nameBytes.withUnsafeBufferPointer { names in
            while true {
                let index = table[slot]
                if index < 0 { return -1 }
                let start = nameStarts[index]
                if nameStarts[index + 1] - start == length {
                    if length == 0 { return index }
                    if let base = names.baseAddress, FieldSelector.equal(key, base + start, length) { return index }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Length and three sampled bytes: cheap, and enough to tell typical field names apart.
    @inline(__always)
    static func hash(_ key: UnsafePointer<UInt8>?, _ length: Int) -> Int {
        var h = UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
        if let key, length > 0 {
            h ^= UInt64(key[0]) | UInt64(key[length - 1]) << 8 | UInt64(key[length >> 1]) << 16
        }
        h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 32)
    }

    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var k = 0
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        while k + 8 <= length {
            if ra.loadUnaligned(fromByteOffset: k, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: k, as: UInt64.self) {
                return false
            }
            k += 8
        }
        while k < length {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }
}
