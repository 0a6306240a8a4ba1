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
        var sha = SHA256()
        var block = [UInt8]()
        block.reserveCapacity(size * 8)
        var index = 0
        while index < sorted.count {
            let chunk = sorted[index..<min(index + size, sorted.count)]
            block.removeAll(keepingCapacity: true)
            append(chunk, to: &block)
            block.withUnsafeBytes { sha.update(bufferPointer: $0) }
            index += size
        }
        return Transfer.SubjectSet(count: sorted.count, sha256: Array(sha.finalize()).hex)
    }

    /// The chunks to store: (first hash, hashes), each as big-endian bytes.
    static func chunks(of sorted: [UInt64]) -> [(first: [UInt8], hashes: [UInt8])] {
        stride(from: 0, to: sorted.count, by: size).map { start in
            let chunk = sorted[start..<min(start + size, sorted.count)]
            var bytes = [UInt8]()
            bytes.reserveCapacity(chunk.count * 8)
            append(chunk, to: &bytes)
            return (Array(bytes[0..<8]), bytes)
        }
    }

    /// The hashes of a stored chunk.
    static func hashes(_ bytes: [UInt8]) -> [UInt64] {
        stride(from: 0, to: bytes.count - bytes.count % 8, by: 8).map { offset in
            (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[offset + $1]) }
        }
    }

    private static func append(_ values: ArraySlice<UInt64>, to bytes: inout [UInt8]) {
        for value in values {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
    }
}
