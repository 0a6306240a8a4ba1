import CLibCrypto

/// SHA-256 as a plain value: OpenSSL's state, a C struct of 112 bytes. A copy of a state part-way is a
/// copy of those bytes, which is how `KeyedHMAC` starts every MAC from its pre-keyed states; swift-crypto's
/// `SHA256` keeps its state in a class, so each such copy is an allocation, reference counting and
/// exclusivity checks. For the ledger's MACs (about 1.5 KB each) that overhead was a fifth of the time, for
/// a pseudonym's (a few dozen bytes) half (the same messages hashed both ways, one core). Same SHA-NI/AVX2
/// code underneath. Used where millions of short hashes are made; files and documents keep `SHA256`.
public struct SHA256State: Sendable {
    private var context = SHA256_CTX()

    public init() { SHA256_Init(&context) }

    @inline(__always)
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        SHA256_Update(&context, bytes.baseAddress, bytes.count)
    }

    /// The digest of everything fed in.
    @inline(__always)
    public consuming func finalize() -> SIMD32<UInt8> {
        var digest = SIMD32<UInt8>()
        _ = withUnsafeMutableBytes(of: &digest) { SHA256_Final($0.baseAddress!.assumingMemoryBound(to: UInt8.self), &context) }
        return digest
    }
}
