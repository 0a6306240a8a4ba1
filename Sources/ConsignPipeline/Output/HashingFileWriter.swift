import ConsignCore
import ConsignDelivery
import Crypto
import Foundation

/// Writes a new file through a 1 MiB buffer (one `write(2)` per MiB), computing its SHA-256 and size on
/// the way, for the files of an extract package (which is itself made visible atomically, as a folder).
/// Sealed to an age recipient, it encrypts each MiB as it goes (`AgeSealer`): the plaintext is never
/// written, and the SHA-256 and size are the ciphertext's, the bytes the contractor receives.
public final class HashingFileWriter: ByteSink {
    public let url: URL
    private let displayName: String
    private var descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private var used = 0
    private var sha = SHA256()
    private var written = 0
    private static let capacity = 1 << 20
    private var sealer: AgeSealer?
    /// The ciphertext of one flush, written at once.
    private var sealed: [UInt8] = []

    /// A new file at `url`; sealed to `recipient`, its name should end in `.age`.
    package init(_ url: URL, displayName: String, sealedTo recipient: AgeRecipient? = nil) throws(InputError) {
        self.url = url
        self.displayName = displayName
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw InputError.cannotWrite(displayName)
        }
        buffer = .allocate(capacity: HashingFileWriter.capacity)
        if let recipient {
            let sealer = AgeSealer(recipients: [recipient])
            pendingError = sealer.head.withUnsafeBytes { writeAll($0) }
            self.sealer = sealer
            sealed.reserveCapacity(HashingFileWriter.capacity + HashingFileWriter.capacity / 64)
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        buffer.deallocate()
    }

    @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer) {
        if used + bytes.count > HashingFileWriter.capacity { flushPending() }
        if bytes.count > HashingFileWriter.capacity {
            pendingError = pendingError ?? write(plaintext: bytes)
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
        pendingError = pendingError ?? write(plaintext: UnsafeRawBufferPointer(start: buffer, count: used))
        used = 0
    }

    /// Writes plaintext as it is, or sealed.
    private func write(plaintext bytes: UnsafeRawBufferPointer) -> InputError? {
        guard sealer != nil else { return writeAll(bytes) }
        sealer!.seal(bytes) { sealed.append(contentsOf: $0) }
        return writeSealed()
    }

    private func writeSealed() -> InputError? {
        defer { sealed.removeAll(keepingCapacity: true) }
        return sealed.withUnsafeBytes { writeAll($0) }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> InputError? {
        sha.update(bufferPointer: bytes)
        written += bytes.count
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return InputError.cannotWrite(displayName) }
            offset += n
        }
        return nil
    }

    /// Flushes, syncs and closes the file; its name, size and SHA-256.
    public func finish() throws(InputError) -> Transfer.File {
        flushPending()
        if sealer != nil {
            sealer!.finish { sealed.append(contentsOf: $0) }
            pendingError = pendingError ?? writeSealed()
        }
        if let pendingError { throw pendingError }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw InputError.cannotWrite(displayName)
        }
        descriptor = -1
        return Transfer.File(name: url.lastPathComponent, bytes: written, sha256: Array(sha.finalize()).hex)
    }
}

/// The name a package file has on disk: sealed to an age recipient, `.age` is appended, as age does.
package enum PackageFileName {
    package static let sealedSuffix = ".age"

    package static func of(_ name: String, sealed: Bool) -> String { sealed ? name + sealedSuffix : name }
}
