import ConsignCore
import Foundation

/// A regular file mapped read-only into memory, so that several threads can scan blocks of it. Pages
/// that have been scanned are handed back (`release(below:)`), so the process's resident memory stays
/// a few blocks deep however large the file is.
public final class MappedFile: @unchecked Sendable {
    public let bytes: UnsafePointer<UInt8>
    public let count: Int
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps `url`; nil when it is not a regular, non-empty file that can be mapped (a pipe, say).
    public init?(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return nil }
        count = Int(info.st_size)
        guard let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            return nil
        }
        madvise(address, count, MADV_SEQUENTIAL)
        bytes = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes), count) }

    /// Drops the pages wholly below `offset` from memory (they are re-read from the file if touched again).
    /// Called by one thread only.
    public func release(below offset: Int) {
        let limit = offset / MappedFile.pageSize * MappedFile.pageSize
        guard limit > released else { return }
        madvise(UnsafeMutableRawPointer(mutating: bytes + released), limit - released, MADV_DONTNEED)
        released = limit
    }
}
