/// The keyed hash under which the register knows a data subject (the catalog's subject key, e.g. a
/// customer id): SipHash-2-4, 64 bits, keyed with 16 bytes of the workspace's `subject` key (HKDF of the
/// master key). The register never holds a subject key in clear; "who received my data?" and the
/// stop-use list hash the id the same way. A keyed PRF, so nobody without the master key can test a
/// guessed id against the register, and about a tenth of the cost of an HMAC, which matters when every
/// row of a million-row extract is hashed.
public struct SubjectHasher: Sendable {
    private let k0: UInt64
    private let k1: UInt64

    /// `key` must hold at least 16 bytes; the first 16 are used.
    public init(key: [UInt8]) {
        precondition(key.count >= 16, "SipHash needs a 128-bit key")
        k0 = SubjectHasher.littleEndian(key, at: 0)
        k1 = SubjectHasher.littleEndian(key, at: 8)
    }

    /// The 64-bit hash of the subject key's UTF-8 bytes, as 16 lowercase hex digits.
    public func hash(_ subjectKey: String) -> String {
        var key = subjectKey
        let value = key.withUTF8 { hash(bytes: UnsafeRawBufferPointer($0)) }
        return (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }.hex
    }

    /// SipHash-2-4 of `bytes`.
    public func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        @inline(__always) func round() {
            v0 &+= v1; v1 = rotate(v1, 13); v1 ^= v0; v0 = rotate(v0, 32)
            v2 &+= v3; v3 = rotate(v3, 16); v3 ^= v2
            v0 &+= v3; v3 = rotate(v3, 21); v3 ^= v0
            v2 &+= v1; v1 = rotate(v1, 17); v1 ^= v2; v2 = rotate(v2, 32)
        }
        var word: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            word |= UInt64(byte) << shift
            shift += 8
            if shift == 64 {
                v3 ^= word
                round()
                round()
                v0 ^= word
                word = 0
                shift = 0
            }
        }
        let last = word | (UInt64(truncatingIfNeeded: bytes.count) << 56)
        v3 ^= last
        round()
        round()
        v0 ^= last
        v2 ^= 0xff
        round()
        round()
        round()
        round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    /// SipHash-2-4 of the 16 bytes of two words, `first` then `second`, each little-endian: the same as
    /// `hash(bytes:)` of those bytes, without the loop over them (the derived rows' digests hash ten million
    /// of these on a register of a million events).
    public func hash(_ first: UInt64, _ second: UInt64) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        @inline(__always) func round() {
            v0 &+= v1; v1 = rotate(v1, 13); v1 ^= v0; v0 = rotate(v0, 32)
            v2 &+= v3; v3 = rotate(v3, 16); v3 ^= v2
            v0 &+= v3; v3 = rotate(v3, 21); v3 ^= v0
            v2 &+= v1; v1 = rotate(v1, 17); v1 ^= v2; v2 = rotate(v2, 32)
        }
        @inline(__always) func compress(_ word: UInt64) {
            v3 ^= word
            round()
            round()
            v0 ^= word
        }
        compress(first)
        compress(second)
        compress(UInt64(16) << 56)
        v2 ^= 0xff
        round()
        round()
        round()
        round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    @inline(__always) private func rotate(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 - b)) }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }
}
