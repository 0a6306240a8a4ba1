import Crypto

/// HMAC-SHA-256 (RFC 2104) under one key, with the inner and outer padded keys absorbed once into two
/// SHA-256 states: each message only continues copies of them, about a quarter of the cost of
/// `HMAC<SHA256>`, which re-keys on every call. The ledger chain and the pseudonyms hash millions of
/// messages under one key.
public struct KeyedHMAC: Sendable {
    private let inner: SHA256State
    private let outer: SHA256State

    public init(key: SymmetricKey) {
        var block = key.withUnsafeBytes { Array($0) }
        if block.count > 64 { block = Array(SHA256.hash(data: block)) }
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256State()
        var outer = SHA256State()
        block.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update($0) }
        block.map { $0 ^ 0x5C }.withUnsafeBytes { outer.update($0) }
        self.inner = inner
        self.outer = outer
    }

    /// The MAC of the message that `message` feeds into the hash, passed to `body` as its 32 bytes (no
    /// allocation).
    @inline(__always)
    public func authenticate<Result>(
        _ message: (inout SHA256State) -> Void, body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        var inner = self.inner
        message(&inner)
        let innerDigest = inner.finalize()
        var outer = self.outer
        withUnsafeBytes(of: innerDigest) { outer.update($0) }
        return try withUnsafeBytes(of: outer.finalize(), body)
    }

    /// The MAC of one message.
    @inline(__always)
    public func authenticate<Result>(_ message: UnsafeRawBufferPointer, body: (UnsafeRawBufferPointer) throws -> Result)
        rethrows -> Result
    {
        try authenticate({ $0.update(message) }, body: body)
    }
}
