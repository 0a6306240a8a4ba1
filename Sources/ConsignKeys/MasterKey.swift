import ConsignCore
import Crypto
import Foundation

/// The workspace master key: 32 random bytes in `.consign/master.key`, readable by its owner only, held by
/// the staff. It never leaves the company and never enters the database; every other key is derived from
/// it (`DerivedKey`, which draws the hierarchy). A workspace reads it as its `WorkspaceKeys`.
public struct MasterKey: Sendable {
    public static let salt = Array("consign/v1".utf8)

    private let key: SymmetricKey

    init(bytes: [UInt8]) { key = SymmetricKey(data: bytes) }

    /// Creates a new random key file; refuses to overwrite one.
    public static func create(at url: URL) throws(InputError) -> MasterKey {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { [UInt8]($0) }
        try KeyFile.create(bytes, at: url)
        return MasterKey(bytes: bytes)
    }

    /// The key file's bytes.
    var bytes: [UInt8] { key.withUnsafeBytes { Array($0) } }

    /// The key derived for `info` (e.g. `ledger`).
    public func derive(_ info: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, salt: MasterKey.salt, info: Array(info.utf8), outputByteCount: 32)
    }
}
