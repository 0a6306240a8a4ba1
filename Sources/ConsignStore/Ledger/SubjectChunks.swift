import ConsignCore
import Crypto

/// How a transfer's subject set is stored (DESIGN: Subjects): the keyed 64-bit hashes of the subjects
/// sent, sorted and distinct, in chunks of `size` hashes, one row per chunk keyed by the transfer's event
/// and the chunk's first hash, so that recording half a million subjects costs about a hundred inserts and
/// a lookup reads one small chunk per transfer. Hashes are stored as 8-byte big-endian values, whose byte
/// order is their numeric order.
public enum SubjectChunks {
    public static let size = 4096

    /// The count and SHA-256 of a sorted, distinct subject set: the SHA-256 of its 8-byte big-endian values.
    public static func summary(of sorted: [UInt64]) -> Transfer.SubjectSet {
        let bytes = bigEndianBytes(sorted)
        let digest = SHA256.hash(data: bytes)
        return Transfer.SubjectSet(count: sorted.count, sha256: Array(digest).hex)
    }

    /// The chunks to store: (first hash, hashes), each as big-endian bytes.
    static func chunks(of sorted: [UInt64]) -> [(first: [UInt8], hashes: [UInt8])] {
        let bytes = bigEndianBytes(sorted)
        return stride(from: 0, to: bytes.count, by: size * 8).map { start in
            let chunk = Array(bytes[start..<min(start + size * 8, bytes.count)])
            return (Array(chunk[0..<8]), chunk)
        }
    }

    /// The hashes of a stored chunk.
    static func hashes(_ bytes: [UInt8]) -> [UInt64] {
        bytes.withUnsafeBytes { raw in
            (0..<raw.count / 8).map { raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self).bigEndian }
        }
    }

    /// The values as consecutive 8-byte big-endian numbers.
    private static func bigEndianBytes(_ values: [UInt64]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: values.count * 8) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: value.bigEndian, toByteOffset: 8 * index, as: UInt64.self)
            }
            count = values.count * 8
        }
    }
}
