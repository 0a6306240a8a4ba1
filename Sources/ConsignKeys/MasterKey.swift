import ConsignCore
import Crypto
import Foundation

/// The workspace master key: 32 random bytes in `.consign/master.key`, readable by its owner only. It
/// never leaves the company; every other key is derived from it with HKDF-SHA-256 (salt `consign/v1`,
/// 32 bytes): `ledger` for the event chain, `subject` for subject hashes, `pseudonym:<contractor>` for a
/// contractor's `hmac` forms, and `derived-state` for the digests `ledger verify` compares the register's
/// derived rows by.
public struct MasterKey: Sendable {
    public static let salt = Array("consign/v1".utf8)

    private let key: SymmetricKey

    init(bytes: [UInt8]) { key = SymmetricKey(data: bytes) }

    /// Creates a new random key file; refuses to overwrite one.
    public static func create(at url: URL) throws(InputError) -> MasterKey {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { [UInt8]($0) }
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw InputError(InputText.cannotCreateKeyFile(reason: String(cString: strerror(errno))).text(), file: url.path)
        }
        defer { close(fd) }
        // The mode given to open() is reduced by the umask; make sure it is exactly 0600.
        fchmod(fd, 0o600)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw InputError.cannotWrite(url.path, InputText.cannotWriteKeyFile.text())
        }
        return MasterKey(bytes: bytes)
    }

    /// Loads the key file, refusing one that anyone but its owner can read or write.
    public static func load(from url: URL) throws(InputError) -> MasterKey {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw InputError(InputText.noWorkspaceKey(reason: String(cString: strerror(errno))).text(), file: url.path)
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw InputError(
                InputText.keyReadableByOthers(mode: String(mode, radix: 8), path: url.path).text(), file: url.path)
        }
        guard let data = FileManager.default.contents(atPath: url.path), data.count == 32 else {
            throw InputError(InputText.keySize.text(), file: url.path)
        }
        return MasterKey(bytes: [UInt8](data))
    }

    /// The keyed hash under which the register knows data subjects (16 bytes of the `subject` key).
    public var subjectHasher: SubjectHasher {
        SubjectHasher(key: derive("subject").withUnsafeBytes { Array($0) })
    }

    /// The keyed hash of the register's derived rows in `ledger verify`'s digests (16 bytes of the
    /// `derived-state` key).
    public var derivedStateHasher: SubjectHasher {
        SubjectHasher(key: derive("derived-state").withUnsafeBytes { Array($0) })
    }

    /// The key of the register's chain (the `ledger` key).
    public var ledgerKey: KeyedHMAC { KeyedHMAC(key: derive("ledger")) }

    /// The key derived for `info` (e.g. `ledger`).
    public func derive(_ info: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, salt: MasterKey.salt, info: Array(info.utf8), outputByteCount: 32)
    }
}
