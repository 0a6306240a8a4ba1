import CMappedFileGuard
import ConsignCore
import Foundation

/// A regular file mapped read-only into memory, so that several threads can scan blocks of it. Pages
/// that have been scanned are handed back (`release(below:)`), so the process's resident memory stays
/// a few blocks deep however large the file is.
///
/// Another process may change the file while it is read. Truncating it would make every touch of a page
/// past its new end a SIGBUS; the mapping is guarded (`CMappedFileGuard`), so that those pages read as
/// zeros instead, and `change` says what happened: the reader reports it as an input error.
public final class MappedFile: @unchecked Sendable {
    public let bytes: UnsafePointer<UInt8>
    public let count: Int
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    /// Kept open to tell, at the end, whether the file changed while it was read.
    private let descriptor: Int32
    private let opened: FileIdentity
    private let guardSlot: Int32

    /// Maps `url`; nil when it is not a regular, non-empty file that can be mapped (a pipe, say).
    public init?(_ url: URL) {
        // Looked at before it is opened: opening a pipe to find out would take its writer's first bytes.
        var before = stat()
        guard stat(url.path, &before) == 0, before.st_mode & S_IFMT == S_IFREG else { return nil }
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0,
            let address = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED
        else {
            close(descriptor)
            return nil
        }
        count = Int(info.st_size)
        self.descriptor = descriptor
        opened = FileIdentity(info)
        guardSlot = consign_guard_register(address, count)
        madvise(address, count, MADV_SEQUENTIAL)
        bytes = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
    }

    deinit {
        consign_guard_unregister(guardSlot)
        munmap(UnsafeMutableRawPointer(mutating: bytes), count)
        close(descriptor)
    }

    /// Drops the pages wholly below `offset` from memory (they are re-read from the file if touched again).
    /// Called by one thread only.
    public func release(below offset: Int) {
        let limit = offset / MappedFile.pageSize * MappedFile.pageSize
        guard limit > released else { return }
        madvise(UnsafeMutableRawPointer(mutating: bytes + released), limit - released, MADV_DONTNEED)
        released = limit
    }

    /// How the file changed since it was mapped; nil when it did not.
    public var change: Message.SourceChange? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .unreadable }
        if consign_guard_faulted(guardSlot) != 0 { return .cutShort(from: count, to: Int(info.st_size)) }
        return FileIdentity(info).change(since: opened)
    }
}

/// What tells one state of a file from another: its size and its modification and change times.
struct FileIdentity {
    var size: Int
    var modified: timespec
    var changed: timespec

    init(_ info: stat) {
        size = Int(info.st_size)
        modified = info.st_mtim
        changed = info.st_ctim
    }

    /// The regular file at `url` now; nil when it is gone, or is no regular file (a pipe's times change as
    /// it is written: there is nothing to compare).
    init?(_ url: URL) {
        var info = stat()
        guard stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        self.init(info)
    }

    /// How this state differs from `earlier`; nil when it does not.
    func change(since earlier: FileIdentity) -> Message.SourceChange? {
        if size < earlier.size { return .cutShort(from: earlier.size, to: size) }
        let same =
            size == earlier.size && modified.tv_sec == earlier.modified.tv_sec && modified.tv_nsec == earlier.modified.tv_nsec
            && changed.tv_sec == earlier.changed.tv_sec && changed.tv_nsec == earlier.changed.tv_nsec
        return same ? nil : .writtenTo
    }

    /// How the file at `url` changed since `earlier`.
    static func change(of url: URL, since earlier: FileIdentity?) -> Message.SourceChange? {
        guard let earlier else { return nil }
        guard let now = FileIdentity(url) else { return .removed }
        return now.change(since: earlier)
    }
}
