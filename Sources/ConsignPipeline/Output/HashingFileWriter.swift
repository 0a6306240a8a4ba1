import ConsignCore
import Crypto
import Foundation

/// Writes a new file through a 1 MiB buffer (one `write(2)` per MiB), computing its SHA-256 and size on
/// the way, for the files of an extract package (which is itself made visible atomically, as a folder).
public final class HashingFileWriter: ByteSink {
    public let url: URL
    private let displayName: String
    private var descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private var used = 0
    private var sha = SHA256()
    private var written = 0
    private static let capacity = 1 << 20

    public init(_ url: URL, displayName: String) throws(InputError) {
        self.url = url
        self.displayName = displayName
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw InputError.cannotWrite(displayName)
        }
        buffer = .allocate(capacity: HashingFileWriter.capacity)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        buffer.deallocate()
    }

    @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer) {
        if used + bytes.count > HashingFileWriter.capacity { flushPending() }
        if bytes.count > HashingFileWriter.capacity {
            pendingError = pendingError ?? writeAll(bytes)
            return
        }
        if let base = bytes.baseAddress { (buffer + used).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count) }
        used += bytes.count
    }

    @inline(__always)
    public func append(_ byte: UInt8) {
        if used == HashingFileWriter.capacity { flushPending() }
        buffer[used] = byte
        used += 1
    }

    /// A write error is kept and reported by `finish()`, so that appending stays cheap.
    private var pendingError: InputError?

    private func flushPending() {
        guard used > 0 else { return }
        pendingError = pendingError ?? writeAll(UnsafeRawBufferPointer(start: buffer, count: used))
        used = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> InputError? {
        sha.update(bufferPointer: bytes)
        written += bytes.count
        var offset = 0
        while offset < bytes.count {
            let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return InputError.cannotWrite(displayName) }
            offset += n
        }
        return nil
    }

    /// Flushes, syncs and closes the file; its name, size and SHA-256.
    public func finish() throws(InputError) -> Transfer.File {
        flushPending()
        if let pendingError { throw pendingError }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw InputError.cannotWrite(displayName)
        }
        descriptor = -1
        return Transfer.File(name: url.lastPathComponent, bytes: written, sha256: Array(sha.finalize()).hex)
    }
}
