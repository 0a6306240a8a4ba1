import ConsignCore
import ConsignKeys
import Crypto

/// HMAC-SHA-256 of values under one contractor's pseudonym key, in lowercase hex.
public final class Pseudonymizer: Sendable {
    private let mac: KeyedHMAC

    public init(key: SymmetricKey) { mac = KeyedHMAC(key: key) }

    /// Writes the 64 hex digits of the value's HMAC to `out`.
    @inline(__always)
    public func hex(_ value: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        mac.authenticate(value) { digest in
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
