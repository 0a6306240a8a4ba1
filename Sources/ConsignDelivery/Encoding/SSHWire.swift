/// The SSH wire encoding (RFC 4251 §5) that SSH keys and signatures are made of: a `string` is a 32-bit
/// big-endian length and that many bytes.
struct SSHWire {
    private(set) var bytes: [UInt8] = []

    mutating func append(raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    mutating func append(uint32 value: UInt32) {
        bytes.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) })
    }

    mutating func append(string: some Collection<UInt8>) {
        append(uint32: UInt32(string.count))
        bytes.append(contentsOf: string)
    }

    mutating func append(string: String) { append(string: Array(string.utf8)) }

    /// Reads a wire encoding from the front; each read is nil when the bytes run out.
    struct Reader {
        private let bytes: [UInt8]
        private var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { offset == bytes.count }

        mutating func raw(_ count: Int) -> [UInt8]? {
            guard count >= 0, bytes.count - offset >= count else { return nil }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func uint32() -> UInt32? {
            raw(4).map { $0.reduce(0) { $0 << 8 | UInt32($1) } }
        }

        mutating func string() -> [UInt8]? {
            guard let length = uint32() else { return nil }
            return raw(Int(length))
        }
    }
}
