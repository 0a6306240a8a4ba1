import ConsignCore
import ConsignKeys
import Foundation
import Testing

/// The workspace's master key file and the keys derived from it as DESIGN says (whatever database holds
/// the register: the chain those keys make is checked on every backend by `RegisterStoreContractTests`).
@Suite struct MasterKeyTests {
    let directory: URL
    let key: MasterKey

    init() throws {
        directory = try temporaryDirectory("consign-key")
        key = try MasterKey.create(at: directory.appending(path: "master.key"))
    }

    /// The ledger's and the derived rows' keys, derived here from the key file with an independent HKDF.
    @Test func theLedgerAndDerivedStateKeysAreHKDFOfTheKeyFile() throws {
        let master = try #require(FileManager.default.contents(atPath: directory.appending(path: "master.key").path))
        let ledgerKey = rfc5869(ikm: [UInt8](master), salt: Array("consign/v1".utf8), info: Array("ledger".utf8), length: 32)
        #expect(key.derive("ledger").withUnsafeBytes { Array($0) } == ledgerKey)
        let stateKey = rfc5869(ikm: [UInt8](master), salt: Array("consign/v1".utf8), info: Array("derived-state".utf8), length: 32)
        #expect(key.derive("derived-state").withUnsafeBytes { Array($0) } == stateKey)
    }

    @Test func theIndependentHKDFMatchesRFC5869TestCase1() {
        let okm = rfc5869(
            ikm: [UInt8](repeating: 0x0b, count: 22), salt: Array(0x00...0x0c), info: Array(0xf0...0xf9), length: 42)
        #expect(
            hexString(okm)
                == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test func derivedKeysDifferByPurposeAndContractor() {
        let keys = ["ledger", "subject", "derived-state", "pseudonym:hayate-transport", "pseudonym:sakura-mailing"].map {
            key.derive($0).withUnsafeBytes { Array($0) }
        }
        #expect(Set(keys).count == 5)
    }

    @Test func theKeyFileIsOwnerOnlyAndALooserOneIsRefused() throws {
        let path = directory.appending(path: "master.key").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(FileManager.default.contents(atPath: path)?.count == 32)
        _ = try WorkspaceKeys.read(from: directory.appending(path: "master.key"))
        chmod(path, 0o644)
        #expect(throws: InputError.self) { try WorkspaceKeys.read(from: directory.appending(path: "master.key")) }
        chmod(path, 0o600)
        #expect(throws: InputError.self) { try MasterKey.create(at: directory.appending(path: "master.key")) }
    }
}
