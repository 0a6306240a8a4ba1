import Foundation
import Testing

/// The roles' key files as their users meet them: the staff export one from a `consign demo` workspace
/// (`consign key export`), its holder installs it (`consign init --key`) and works on the same register, a
/// copy of the demo's, as they would on the shared one; each command that needs a key the file lacks stops
/// first, naming it.
@Suite struct RoleKeysCLITests {
    /// `role`'s workspace beside the demo's `ws`: the example documents, the role's key file exported from
    /// `ws`, and a copy of `ws`'s register.
    func roleWorkspace(_ role: String, from ws: URL, in root: URL) throws -> URL {
        let file = root.appending(path: "\(role).key")
        let export = try consign(["key", "export", "--role", role, "--out", file.path], in: ws)
        #expect(export.status == 0 && export.stdout.contains("the \(role) role's key file"), "\(export.stderr)")
        let initialized = try consign(["init", role, "--example", "--key", file.path], in: root)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains(".consign/\(role).key"), "\(initialized.stdout)")
        let workspace = root.appending(path: role)
        let register = workspace.appending(path: ".consign/register.sqlite")
        try FileManager.default.removeItem(at: register)
        try FileManager.default.copyItem(at: ws.appending(path: ".consign/register.sqlite"), to: register)
        return workspace
    }

    func pseudonymKey(_ contractor: String, masterKey: [UInt8]) -> [UInt8] {
        rfc5869(ikm: masterKey, salt: Array("consign/v1".utf8), info: Array("pseudonym:\(contractor)".utf8), length: 32)
    }

    @Test func anAuditorVerifiesAuditsAndLooksUpSubjectsButCannotExtract() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let auditor = try roleWorkspace("auditor", from: ws, in: root)
        #expect(try FileManager.default.contentsOfDirectory(atPath: auditor.appending(path: ".consign").path).sorted()
            == ["auditor.key", "register.sqlite"])
        for command in [["ledger", "verify"], ["audit"], ["subject", "show", "C00000002"]] {
            let asAuditor = try consign(command, in: auditor)
            let asStaff = try consign(command, in: ws)
            #expect(asAuditor.status == asStaff.status && asAuditor.stdout == asStaff.stdout, "\(command): \(asAuditor.stderr)")
            #expect(asAuditor.stderr.isEmpty, "\(command): \(asAuditor.stderr)")
        }
        let extract = try extract(
            "prize-shipping", "hayate-transport", source: ws.appending(path: "data/customers.csv").path, out: "sent", in: auditor)
        #expect(extract.status == 2)
        #expect(extract.stderr.contains("this needs the key 'pseudonym:hayate-transport'"), "\(extract.stderr)")
        #expect(extract.stderr.contains("auditor.key, the auditor role's key file, does not hold"), "\(extract.stderr)")
        #expect(!FileManager.default.fileExists(atPath: auditor.appending(path: "sent").path))

        // No byte string of the installed file is the master key or any contractor's pseudonym key.
        let installed = [UInt8](try Data(contentsOf: auditor.appending(path: ".consign/auditor.key")))
        let master = try masterKeyBytes(ws)
        let contractors = try FileManager.default.contentsOfDirectory(atPath: ws.appending(path: "agreements/contractors").path)
            .filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }
        #expect(contractors.contains("hayate-transport"))
        let text = String(decoding: installed, as: UTF8.self)
        for secret in [master] + contractors.map({ pseudonymKey($0, masterKey: master) }) {
            #expect(!installed.indices.contains { installed[$0...].starts(with: secret) })
            #expect(!text.contains(hexString(secret)))
        }
    }

    @Test func procurementRegistersAContractorButLacksTheSubjectKey() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appending(path: "procurement.key")
        #expect(try consign(["key", "export", "--role", "procurement", "--out", file.path], in: ws).status == 0)
        #expect(try consign(["init", "procurement", "--example", "--key", file.path], in: root).status == 0)
        let procurement = root.appending(path: "procurement")
        let add = try consign(["contractor", "add", "agreements/contractors/nordstat.xml"], in: procurement)
        #expect(add.status == 0 && add.stdout.contains("registered nordstat version 1"), "\(add.stderr)")
        for command in [["subject", "show", "C00000002"], ["subject", "stop-use", "C00000002", "--reason", "asked"]] {
            let lacking = try consign(command, in: procurement)
            #expect(lacking.status == 2, "\(command)")
            #expect(lacking.stderr.contains("this needs the key 'subject'"), "\(command): \(lacking.stderr)")
            #expect(lacking.stderr.contains("the procurement role's key file"))
            #expect(lacking.stderr.contains("consign key export --role privacy|auditor --out FILE"))
        }
        let export = try consign(["key", "export", "--role", "auditor", "--out", "auditor.key"], in: procurement)
        #expect(export.status == 2 && export.stderr.contains("only the master key derives a role's key file"), "\(export.stderr)")

        // Chained with procurement's keys, the register verifies under the master key, installed by a second
        // member of staff with the same `init --key`.
        let staff = root.appending(path: "staff")
        let installed = try consign(["init", "staff", "--example", "--key", ws.appending(path: ".consign/master.key").path], in: root)
        #expect(installed.status == 0 && installed.stdout.contains(".consign/master.key"), "\(installed.stderr)")
        #expect(try Data(contentsOf: staff.appending(path: ".consign/master.key")) == Data(try masterKeyBytes(ws)))
        let register = staff.appending(path: ".consign/register.sqlite")
        try FileManager.default.removeItem(at: register)
        try FileManager.default.copyItem(at: procurement.appending(path: ".consign/register.sqlite"), to: register)
        let verify = try consign(["ledger", "verify"], in: staff)
        #expect(verify.status == 0 && verify.stdout.hasPrefix("intact: 1 events"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test func privacyRecordsAStopUseThatTheMasterKeyVerifies() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let privacy = try roleWorkspace("privacy", from: ws, in: root)
        let stop = try consign(["subject", "stop-use", "C00000043", "--reason", "asked by phone"], in: privacy)
        #expect(stop.status == 0, "\(stop.stderr)")
        let register = ws.appending(path: ".consign/register.sqlite")
        try FileManager.default.removeItem(at: register)
        try FileManager.default.copyItem(at: privacy.appending(path: ".consign/register.sqlite"), to: register)
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 0 && verify.stdout.hasPrefix("intact:"), "\(verify.stdout)\(verify.stderr)")
        let show = try consign(["subject", "show", "C00000043"], in: ws)
        #expect(show.stdout.contains("on the stop-use list from 2026-11-18"), "\(show.stdout)")
    }

    @Test func keyFilesAreOwnerOnlyAndTheStaffKeepTheMasterKey() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let auditor = try roleWorkspace("auditor", from: ws, in: root)
        let installed = auditor.appending(path: ".consign/auditor.key")
        for file in [root.appending(path: "auditor.key"), installed] {
            #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
        }
        chmod(installed.path, 0o640)
        let loose = try consign(["ledger", "verify"], in: auditor)
        #expect(loose.status == 2 && loose.stderr.contains("readable by others (mode 640); run: chmod 600"), "\(loose.stderr)")

        let staff = try consign(["key", "export", "--role", "staff", "--out", "staff.key"], in: ws)
        #expect(staff.status == 2 && staff.stderr.contains("--role staff: the staff keep the master key itself"), "\(staff.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "staff.key").path))
        let unknown = try consign(["key", "export", "--role", "board", "--out", "board.key"], in: ws)
        #expect(unknown.status == 2 && unknown.stderr.contains("'procurement', 'privacy' or 'auditor'"), "\(unknown.stderr)")
        let again = try consign(["key", "export", "--role", "auditor", "--out", root.appending(path: "auditor.key").path], in: ws)
        #expect(again.status == 2 && again.stderr.contains("cannot create the key file: File exists"), "\(again.stderr)")

        // A file that is no key stops init before it writes anything.
        try Data("not a key".utf8).write(to: root.appending(path: "notes.txt"))
        chmod(root.appending(path: "notes.txt").path, 0o600)
        let bad = try consign(["init", "bad", "--key", "notes.txt"], in: root)
        #expect(bad.status == 2 && bad.stderr.contains("not a key file"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "bad").path))
    }
}
