import ConsignCore
import ConsignKeys

/// The HMAC chain that makes the register tamper-evident: each event's hash is HMAC-SHA-256, keyed with
/// the `ledger` key, over the previous event's hash (32 zero bytes before the first), the event's
/// sequence number (8 bytes, big-endian) and its canonical encoding. Changing, removing, inserting or
/// reordering any event changes every later hash, and nobody without the key can recompute them.
public struct LedgerChain: Sendable {
    public static let genesis = [UInt8](repeating: 0, count: 32)

    private let mac: KeyedHMAC
    /// What the digests of the register's derived rows are keyed with (`DerivedDigests`).
    public let derivedHasher: SubjectHasher

    /// The chain under the `ledger` key, its derived rows' digests under `derived-state` (16 bytes of it).
    package init(keys: WorkspaceKeys) throws(InputError) {
        mac = KeyedHMAC(key: try keys.key(.ledger))
        derivedHasher = SubjectHasher(key: try keys.key(.derivedState).withUnsafeBytes { Array($0) })
    }

    public func hash(previous: [UInt8], sequence: Int, body: [UInt8]) -> [UInt8] {
        previous.withUnsafeBytes { previous in
            body.withUnsafeBytes { body in hash(previous: previous, sequence: sequence, body: body) { Array($0) } }
        }
    }

    /// The chain hash, passed to `result` as its 32 bytes (no allocation).
    @inline(__always)
    public func hash<Result>(
        previous: UnsafeRawBufferPointer, sequence: Int, body: UnsafeRawBufferPointer,
        _ result: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        try withUnsafeBytes(of: UInt64(sequence).bigEndian) { sequence in
            try mac.authenticate(
                { hash in
                    hash.update(previous)
                    hash.update(sequence)
                    hash.update(body)
                }, body: result)
        }
    }
}
