import ConsignCore
import Foundation

/// A file that holds keys (the master key, a role's key file): readable and writable by its owner only,
/// and never overwritten.
package enum KeyFile {
    /// Writes a new key file, mode exactly 0600, all or nothing: under a temporary name beside it, flushed,
    /// then linked into place, which fails when `url` exists, so that no key file is overwritten or ever seen
    /// half written.
    package static func create(_ bytes: [UInt8], at url: URL) throws(InputError) {
        let temporary = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).\(UUID().uuidString)")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw cannotCreate(url) }
        defer { unlink(temporary.path) }
        // The mode given to open() is reduced by the umask; make sure it is exactly 0600.
        fchmod(fd, 0o600)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let flushed = written == bytes.count && fsync(fd) == 0
        let failure = errno
        close(fd)
        guard flushed else { throw InputError.cannotWrite(url.path, InputText.cannotWriteKeyFile.text(), code: failure) }
        guard link(temporary.path, url.path) == 0 else { throw cannotCreate(url) }
    }

    /// The file's bytes, refusing a file that anyone but its owner can read or write.
    static func read(_ url: URL) throws(InputError) -> [UInt8] {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw InputError(InputText.noWorkspaceKey(reason: String(cString: strerror(errno))).text(), file: url.path)
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw InputError(
                InputText.keyReadableByOthers(mode: String(mode, radix: 8), path: url.path).text(), file: url.path)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InputError(InputText.cannotBeRead.text(), file: url.path)
        }
        return [UInt8](data)
    }

    private static func cannotCreate(_ url: URL) -> InputError {
        InputError(InputText.cannotCreateKeyFile(reason: String(cString: strerror(errno))).text(), file: url.path)
    }
}
