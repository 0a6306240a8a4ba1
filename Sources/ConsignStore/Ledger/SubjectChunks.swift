import ConsignCore
import ConsignKeys
import Foundation

/// How a transfer's subject set is stored (DESIGN: Subjects): the keyed 64-bit hashes of the subjects
/// sent, sorted and distinct, in chunks of `size` hashes, one row per chunk keyed by the transfer's event
/// and the chunk's first hash, so that recording half a million subjects costs about a thousand inserts
/// (a few milliseconds in one transaction) and a lookup reads one small chunk per transfer. Hashes are
/// stored as 8-byte big-endian values, whose byte order is their numeric order. A chunk of 120 hashes
/// (960 bytes) is stored whole inside its B-tree page: the chunk table is WITHOUT ROWID, an index B-tree,
/// where SQLite keeps at most about a quarter of a 4 KiB page (1,002 bytes) of a row in the page and
/// moves the rest to overflow pages. Chunks of 500 hashes spilled, so a lookup followed an overflow chain
/// in every transfer: 10 ms over 1,000 transfers against 3.5 ms for 120-hash chunks (sqlite3's own timer,
/// same data). The size is only how chunks are cut: lookups and the set's SHA-256 do not depend on it,
/// and a register written with other chunks reads the same.
public enum SubjectChunks {
    public static let size = 120

    /// The count and SHA-256 of a sorted, distinct subject set: the SHA-256 of its 8-byte big-endian values.
    public static func summary(of sorted: [UInt64]) -> Transfer.SubjectSet {
        var sha = SHA256State()
        forEachChunk(of: sorted) { bytes in sha.update(bytes) }
        return Transfer.SubjectSet(count: sorted.count, sha256: withUnsafeBytes(of: sha.finalize()) { Array($0) }.hex)
    }

    /// Hands each chunk to `body` as big-endian bytes (its first eight are the chunk's first hash), through
    /// one reused buffer: the set is never copied whole.
    static func forEachChunk(of sorted: [UInt64], _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size * 8, alignment: 8)
        defer { buffer.deallocate() }
        for start in stride(from: 0, to: sorted.count, by: size) {
            let end = min(start + size, sorted.count)
            for index in start..<end {
                buffer.storeBytes(of: sorted[index].bigEndian, toByteOffset: 8 * (index - start), as: UInt64.self)
            }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<8 * (end - start)]))
        }
    }

    /// A hash as a chunk key: its 8 big-endian bytes (compared as a BLOB, their order is numeric order).
    package static func key(_ hash: UInt64) -> Data { withUnsafeBytes(of: hash.bigEndian) { Data($0) } }

    /// Whether a stored chunk holds `hash` (binary search over its big-endian values).
    package static func contains(_ chunk: UnsafeRawBufferPointer, _ hash: UInt64) -> Bool {
        var low = 0, high = chunk.count / 8
        while low < high {
            let middle = (low + high) / 2
            let value = chunk.loadUnaligned(fromByteOffset: 8 * middle, as: UInt64.self).bigEndian
            if value == hash { return true }
            if value < hash { low = middle + 1 } else { high = middle }
        }
        return false
    }

    /// Calls `body` with each of the `sorted` hashes that a stored chunk holds, in order. A chunk of random
    /// hashes spans nearly the whole range of a long list, so walking the list across the chunk's range costs
    /// the list's length for every chunk (quadratic over a register); each of the chunk's hashes is looked up
    /// in the list instead when that is cheaper.
    static func forEachMatch(in chunk: UnsafeRawBufferPointer, of sorted: [UInt64], _ body: (UInt64) -> Void) {
        let count = chunk.count / 8
        guard count > 0, !sorted.isEmpty else { return }
        func hash(_ index: Int) -> UInt64 { chunk.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self).bigEndian }
        /// The first position in `sorted` whose hash is not below `value`, from `low` on.
        func position(of value: UInt64, from low: Int) -> Int {
            var low = low, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let start = position(of: hash(0), from: 0)
        let last = hash(count - 1)
        let end = last == .max ? sorted.count : position(of: last + 1, from: start)
        let searches = count * (Int.bitWidth - sorted.count.leadingZeroBitCount)
        if end - start <= searches {
            for value in sorted[start..<end] where contains(chunk, value) { body(value) }
        } else {
            var from = start
            for index in 0..<count {
                let value = hash(index)
                from = position(of: value, from: from)
                if from < end, sorted[from] == value { body(value) }
            }
        }
    }
}
