import ConsignCore
import Foundation

/// A file written under a hidden temporary name beside its destination and renamed into place only when
/// complete, so that a failed or interrupted write never leaves a half-written file under the real name.
/// Writes go through a 1 MiB buffer (one `write(2)` per MiB, not per record).
public final class AtomicFile {
    public let destination: URL
    let temporary: URL
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let bufferSize = 1 << 20

    public init(_ destination: URL) throws(InputError) {
        self.destination = destination
        temporary = destination.deletingLastPathComponent()
            .appending(path: ".\(destination.lastPathComponent).\(getpid()).partial")
        descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw InputError.cannotWrite(destination.path, InputText.cannotWriteHere.text())
        }
        buffer.reserveCapacity(AtomicFile.bufferSize)
    }

    deinit {
        // Not committed: leave nothing behind.
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporary.path)
        }
    }

    @inline(__always)
    public func append(_ byte: UInt8) throws(InputError) {
        buffer.append(byte)
        if buffer.count >= AtomicFile.bufferSize { try flush() }
    }

    public func append(_ bytes: some Sequence<UInt8>) throws(InputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= AtomicFile.bufferSize { try flush() }
    }

    private func flush() throws(InputError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else {
                throw InputError.cannotWrite(destination.path)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes` as the whole of a new `url`, atomically.
    public static func write(_ bytes: some Sequence<UInt8>, to url: URL) throws(InputError) {
        let file = try AtomicFile(url)
        try file.append(bytes)
        try file.commit()
    }

    /// Flushes, syncs and renames the file into place.
    public func commit() throws(InputError) {
        try flush()
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw InputError.cannotWrite(destination.path)
        }
        descriptor = -1
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw InputError(InputText.cannotMoveIntoPlace(reason: reason).text(), file: destination.path)
        }
    }
}
