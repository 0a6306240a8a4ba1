import ConsignCore
import Crypto
import Foundation

/// The HMAC chain that makes the register tamper-evident: each event's hash is HMAC-SHA-256, keyed with
/// the `ledger` key, over the previous event's hash (32 zero bytes before the first), the event's
/// sequence number (8 bytes, big-endian) and its canonical encoding. Changing, removing, inserting or
/// reordering any event changes every later hash, and nobody without the key can recompute them.
public struct LedgerChain: Sendable {
    public static let genesis = [UInt8](repeating: 0, count: 32)

    private let mac: KeyedHMAC

    public init(masterKey: MasterKey) { mac = KeyedHMAC(key: masterKey.derive("ledger")) }

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

/// SHA-256 of bytes, lowercase hex: how documents, evidence and signed files are addressed.
public func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
    Array(SHA256.hash(data: Array(bytes))).hex
}

/// The size and SHA-256 (lowercase hex) of a file, read in 1 MiB pieces (packages can be gigabytes); nil
/// when it cannot be read.
public func sha256Hex(ofFile url: URL) -> (bytes: Int, sha256: String)? {
    let descriptor = open(url.path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var hash = SHA256()
    var total = 0
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while true {
        let n = read(descriptor, buffer.baseAddress, buffer.count)
        if n < 0 && errno == EINTR { continue }
        guard n >= 0 else { return nil }
        if n == 0 { return (total, Array(hash.finalize()).hex) }
        hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        total += n
    }
}
