/// The keyed hash under which the register knows a data subject (the catalog's subject key, e.g. a
/// customer id): SipHash-2-4, 64 bits, keyed with 16 bytes of the workspace's `subject` key (HKDF of the
/// master key). The register never holds a subject key in clear; "who received my data?" and the
/// stop-use list hash the id the same way. A keyed PRF, so nobody without the `subject` key (the master
/// key, or a privacy or auditor key file) can test a guessed id against the register, and about a tenth of the cost of an HMAC, which matters when every
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
        let value = value(of: subjectKey)
        return (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }.hex
    }

    /// The 64-bit hash of the subject key's UTF-8 bytes, as a subject set holds it.
    public func value(of subjectKey: String) -> UInt64 {
        var key = subjectKey
        return key.withUTF8 { hash(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// SipHash-2-4 of `bytes`.
    public func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
        var state = SipHash24(k0, k1)
        var word: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            word |= UInt64(byte) << shift
            shift += 8
            if shift == 64 {
                state.compress(word)
                word = 0
                shift = 0
            }
        }
        return state.finalize(last: word | (UInt64(truncatingIfNeeded: bytes.count) << 56))
    }

    /// SipHash-2-4 of the 16 bytes of two words, `first` then `second`, each little-endian: the same as
    /// `hash(bytes:)` of those bytes, without the loop over them (the derived rows' digests hash ten million
    /// of these on a register of a million events).
    public func hash(_ first: UInt64, _ second: UInt64) -> UInt64 {
        var state = SipHash24(k0, k1)
        state.compress(first)
        state.compress(second)
        return state.finalize(last: UInt64(16) << 56)
    }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }
}

/// The state of SipHash-2-4 (Aumasson and Bernstein): two rounds per 8-byte word, four to finish.
private struct SipHash24 {
    var v0: UInt64, v1: UInt64, v2: UInt64, v3: UInt64

    @inline(__always) init(_ k0: UInt64, _ k1: UInt64) {
        v0 = 0x736f_6d65_7073_6575 ^ k0
        v1 = 0x646f_7261_6e64_6f6d ^ k1
        v2 = 0x6c79_6765_6e65_7261 ^ k0
        v3 = 0x7465_6462_7974_6573 ^ k1
    }

    @inline(__always) mutating func compress(_ word: UInt64) {
        v3 ^= word
        round()
        round()
        v0 ^= word
    }

    /// Compresses the last word (the message's tail and its length) and finishes.
    @inline(__always) mutating func finalize(last: UInt64) -> UInt64 {
        compress(last)
        v2 ^= 0xff
        round()
        round()
        round()
        round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    @inline(__always) private mutating func round() {
        v0 &+= v1; v1 = v1.rotated(13); v1 ^= v0; v0 = v0.rotated(32)
        v2 &+= v3; v3 = v3.rotated(16); v3 ^= v2
        v0 &+= v3; v3 = v3.rotated(21); v3 ^= v0
        v2 &+= v1; v1 = v1.rotated(17); v1 ^= v2; v2 = v2.rotated(32)
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotated(_ b: UInt64) -> UInt64 { (self << b) | (self >> (64 - b)) }
}
