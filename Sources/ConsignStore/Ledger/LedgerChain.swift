import ConsignCore
import Crypto

/// The HMAC chain that makes the register tamper-evident: each event's hash is HMAC-SHA-256, keyed with
/// the `ledger` key, over the previous event's hash (32 zero bytes before the first), the event's
/// sequence number (8 bytes, big-endian) and its canonical encoding. Changing, removing, inserting or
/// reordering any event changes every later hash, and nobody without the key can recompute them.
public struct LedgerChain: Sendable {
    public static let genesis = [UInt8](repeating: 0, count: 32)

    private let key: SymmetricKey

    public init(masterKey: MasterKey) { key = masterKey.derive("ledger") }

    public func hash(previous: [UInt8], sequence: Int, body: [UInt8]) -> [UInt8] {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: previous)
        let s = UInt64(sequence)
        mac.update(data: (0..<8).map { UInt8(truncatingIfNeeded: s >> (56 - 8 * $0)) })
        mac.update(data: body)
        return Array(mac.finalize())
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hexadecimal.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses lowercase or uppercase hexadecimal; nil for anything else.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        for i in stride(from: 0, to: utf8.count, by: 2) {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self = bytes
    }
}

/// SHA-256 of bytes, lowercase hex: how documents, evidence and signed files are addressed.
public func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
    Array(SHA256.hash(data: Array(bytes))).hex
}
