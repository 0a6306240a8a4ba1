import ConsignCore
import ConsignKeys
import ConsignStore
import Foundation
import Testing

/// The key hierarchy in memory: a role's key file holds exactly the keys its role's work needs, as the master
/// key derives them, and says which key it lacks; the file's format and mode. (`RoleKeysCLITests` runs the
/// roles' commands on a register.)
@Suite struct RoleKeysTests {
    let directory: URL
    let master: WorkspaceKeys
    let masterBytes: [UInt8]

    init() throws {
        directory = try temporaryDirectory("consign-role-keys")
        let file = directory.appending(path: "master.key")
        master = WorkspaceKeys(master: try MasterKey.create(at: file), file: file.path)
        masterBytes = [UInt8](try Data(contentsOf: file))
    }

    func export(_ role: Role) throws -> (keys: WorkspaceKeys, bytes: [UInt8]) {
        let file = directory.appending(path: "\(role.rawValue).key")
        _ = try master.export(role, to: file)
        return (try WorkspaceKeys.read(from: file), [UInt8](try Data(contentsOf: file)))
    }

    static func bytes(_ key: DerivedKey, of keys: WorkspaceKeys) throws -> [UInt8] {
        try keys.key(key).withUnsafeBytes { Array($0) }
    }

    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func eachRolesFileHoldsItsKeysAsTheMasterKeyDerivesThem() throws {
        for role in [Role.procurement, .privacy, .auditor] {
            let (keys, _) = try export(role)
            #expect(keys.role == role)
            for key in [DerivedKey.ledger, .derivedState] {
                #expect(try Self.bytes(key, of: keys) == rfc5869(ikm: masterBytes, salt: Array("consign/v1".utf8), info: Array(key.info.utf8), length: 32))
            }
            let subject = Self.message { _ = try keys.key(.subject) }
            #expect(subject.isEmpty == (role != .procurement), "\(role): \(subject)")
        }
    }

    /// What an auditor's or procurement's file holds cannot make a pseudonym nor rebuild the master key: none
    /// of their bytes, in binary or in hex, is the master key or a contractor's pseudonym key.
    @Test func noRolesFileHoldsTheMasterKeyOrAPseudonymKey() throws {
        let contractors = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appending(path: "agreements/contractors").path)
            .filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }
        #expect(contractors.count == 9)
        let secrets = [masterBytes] + (try contractors.map { try Self.bytes(.pseudonym(contractor: $0), of: master) })
        for role in [Role.procurement, .privacy, .auditor] {
            let (keys, bytes) = try export(role)
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            for secret in secrets {
                #expect(!bytes.indices.contains { bytes[$0...].starts(with: secret) }, "\(role)")
                #expect(!text.contains(secret.hex), "\(role)")
            }
            // The check can see a key: the file does hold the chain's, in hex.
            #expect(text.contains(try Self.bytes(.ledger, of: master).hex))
            let missing = Self.message { _ = try keys.key(.pseudonym(contractor: "hayate-transport")) }
            #expect(missing.contains("'pseudonym:hayate-transport'") && missing.contains("the \(role.rawValue) role's key file"), "\(missing)")
            #expect(missing.contains("only the staff's master key derives it"))
        }
    }

    /// A register chained under a role's file verifies under the master key, and the other way round: the
    /// master key's path derives the very same chain and derived rows' digests.
    @Test func theChainIsTheSameUnderTheMasterKeyAndUnderARolesFile() throws {
        let body = Array("an event".utf8)
        let underMaster = try LedgerChain(keys: master)
        for role in [Role.procurement, .privacy, .auditor] {
            let keys = try export(role).keys
            let underRole = try LedgerChain(keys: keys)
            #expect(underRole.hash(previous: LedgerChain.genesis, sequence: 1, body: body)
                == underMaster.hash(previous: LedgerChain.genesis, sequence: 1, body: body))
            #expect(underRole.derivedHasher.hash(1, 2) == underMaster.derivedHasher.hash(1, 2))
            if role != .procurement {
                #expect(try keys.subjectHasher().hash("C00000043") == (try master.subjectHasher().hash("C00000043")))
            }
        }
    }

    @Test func theFileIsTextNamingItsRoleAndKeysOwnerOnlyAndNeverOverwritten() throws {
        let (_, bytes) = try export(.procurement)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: " ") }
        #expect(lines.map { $0.dropLast().joined(separator: " ") } == ["consign-role-keys", "role", "ledger", "derived-state"])
        #expect(lines[1].last == "procurement" && lines.dropFirst(2).allSatisfy { $0.last?.count == 64 })
        let file = directory.appending(path: "procurement.key")
        #expect((try FileManager.default.attributesOfItem(atPath: file.path))[.posixPermissions] as? Int == 0o600)
        // Only the file itself is left: the temporary name it was written under is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["master.key", "procurement.key"])
        let again = Self.message { _ = try master.export(.auditor, to: file) }
        #expect(again.contains("cannot create the key file: File exists"), "\(again)")
        #expect([UInt8](try Data(contentsOf: file)) == bytes)
    }

    @Test func aLooserFileIsRefused() throws {
        let file = directory.appending(path: "auditor.key")
        _ = try export(.auditor)
        chmod(file.path, 0o640)
        let refused = Self.message { _ = try WorkspaceKeys.read(from: file) }
        #expect(refused.contains("readable by others (mode 640); run: chmod 600"), "\(refused)")
    }

    @Test func theStaffKeepTheMasterKeyAndOnlyItExports() throws {
        let staff = Self.message { _ = try master.export(.staff, to: directory.appending(path: "staff.key")) }
        #expect(staff.contains("the staff keep the master key itself"), "\(staff)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "staff.key").path))
        let auditor = try export(.auditor).keys
        let fromAuditor = Self.message { _ = try auditor.export(.procurement, to: directory.appending(path: "p.key")) }
        #expect(fromAuditor.contains("only the master key derives a role's key file") && fromAuditor.contains("auditor role's key file"))
    }

    @Test func theProcurementFileSaysWhoHoldsTheSubjectKey() throws {
        let procurement = try export(.procurement).keys
        let missing = Self.message { _ = try procurement.subjectHasher() }
        #expect(missing.contains("'subject'") && missing.contains("the procurement role's key file"), "\(missing)")
        #expect(missing.contains("consign key export --role privacy|auditor"), "\(missing)")
    }

    /// A file from a later release, a line out of place, a file that is no key at all: each refused, saying where.
    @Test(arguments: [
        ("consign-role-keys 2\nrole auditor\n", ":1: error: this key file is of version 2"),
        ("consign-role-keys 1\nrole staff\n", ":2: error: a role's key file has the line 'role ROLE'"),
        ("consign-role-keys 1\nrole auditor\nledger 00\n", ":3: error: a role's key file"),
        ("consign-role-keys 1\nrole auditor\npseudonym:nordstat \(String(repeating: "0", count: 64))\n", ":3: error:"),
        ("consign-role-keys 1\nrole auditor\nledger \(String(repeating: "0", count: 64))\nledger \(String(repeating: "0", count: 64))\n", ":4: error:"),
        ("not a key", ": error: not a key file"),
    ])
    func aFileThisReleaseCannotReadIsRefusedWhere(_ text: String, _ expected: String) throws {
        let file = directory.appending(path: "given.key")
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
        let refused = Self.message { _ = try WorkspaceKeys.read(from: file) }
        #expect(refused.contains(file.path + expected), "\(refused)")
    }
}
