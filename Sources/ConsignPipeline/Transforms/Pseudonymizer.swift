import ConsignCore
import Crypto

/// HMAC-SHA-256 (RFC 2104) of values under one contractor's pseudonym key, in lowercase hex. The inner and
/// outer padded keys are absorbed once into two SHA-256 states, and each value only continues copies of
/// them: about a quarter of the cost of `HMAC.authenticationCode(for:using:)`, which re-keys every call.
public final class Pseudonymizer: Sendable {
    private let inner: SHA256
    private let outer: SHA256

    public init(key: SymmetricKey) {
        var block = key.withUnsafeBytes { Array($0) }
        if block.count > 64 { block = Array(SHA256.hash(data: block)) }
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        var outer = SHA256()
        block.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update(bufferPointer: $0) }
        block.map { $0 ^ 0x5C }.withUnsafeBytes { outer.update(bufferPointer: $0) }
        self.inner = inner
        self.outer = outer
    }

    /// Writes the 64 hex digits of the value's HMAC to `out`.
    @inline(__always)
    public func hex(_ value: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        var inner = self.inner
        inner.update(bufferPointer: value)
        let innerDigest = inner.finalize()
        var outer = self.outer
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        outer.finalize().withUnsafeBytes { digest in
            for (i, byte) in digest.enumerated() {
                out[2 * i] = Pseudonymizer.digits[Int(byte >> 4)]
                out[2 * i + 1] = Pseudonymizer.digits[Int(byte & 0x0F)]
            }
        }
    }

    /// The pseudonym of a value as text.
    public func hex(_ value: String) -> String {
        var digits = [UInt8](repeating: 0, count: 64)
        var utf8 = Array(value.utf8)
        digits.withUnsafeMutableBufferPointer { out in utf8.withUnsafeMutableBytes { hex(UnsafeRawBufferPointer($0), into: out.baseAddress!) } }
        return String(decoding: digits, as: UTF8.self)
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)
}
