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

/// SHA-256 of bytes, lowercase hex: how documents, evidence and signed files are addressed.
public func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
    Array(SHA256.hash(data: Array(bytes))).hex
}
