import ConsignCore
import Foundation
import GRDB
import Testing

/// Every package's manifest signed by the company, checked by ssh-keygen, by consign receive and by ledger verify.
@Suite struct PackageSignatureTests {
    static let sshKeygen = URL(fileURLWithPath: "/usr/bin/ssh-keygen")

    /// A demo workspace, its package of prize-shipping for hayate-transport, and the allowed_signers file
    /// `consign company-key` gives contractors.
    static func signedPackage() throws -> (root: URL, ws: URL, package: URL, allowedSigners: URL) {
        let (root, ws) = try demoWorkspace()
        let run = try consign(DeliveryCLITests.extractArguments + ["--out", root.appending(path: "out").path], in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let companyKey = try consign(["company-key"], in: ws)
        #expect(companyKey.status == 0, "\(companyKey.stderr)")
        let line = try #require(companyKey.stdout.split(separator: "\n").first { $0.contains("namespaces=\"consign\"") })
        let allowedSigners = root.appending(path: "allowed_signers")
        try Data((line + "\n").utf8).write(to: allowedSigners)
        return (root, ws, try onlyPackage(in: root.appending(path: "out")), allowedSigners)
    }

    static func sshVerify(_ package: URL, allowedSigners: URL, principal: String = "kumo-learning-k.k.") throws -> Run {
        try run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "\(sshKeygen.path) -Y verify -f \(allowedSigners.path) -I \(principal) -n consign -s manifest.xml.sig "
                + "< manifest.xml"], in: package)
    }

    @Test("ssh-keygen -Y verify accepts every manifest's signature with the line consign company-key prints")
    func sshKeygenAcceptsTheSignature() throws {
        let (_, ws, package, allowedSigners) = try Self.signedPackage()
        let good = try Self.sshVerify(package, allowedSigners: allowedSigners)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("Good \"consign\" signature for kumo-learning-k.k. with ED25519 key SHA256:"))
        // The demo's own packages too.
        for demoPackage in entries(ws.appending(path: "extracts")).map({ ws.appending(path: "extracts/\($0)") }) {
            #expect(try Self.sshVerify(demoPackage, allowedSigners: allowedSigners).status == 0, "\(demoPackage.lastPathComponent)")
        }
        try edit(package.appending(path: "manifest.xml"), replacing: "<rows>", with: "<rows>1")
        #expect(try Self.sshVerify(package, allowedSigners: allowedSigners).status != 0)
    }

    @Test("receive checks the signature: changed, removed, or by another key, nothing is written")
    func receiveChecksTheSignature() throws {
        let (root, _, package, allowedSigners) = try Self.signedPackage()
        let identity = root.appending(path: "unused.key")
        #expect(try consign(["keygen", "--out", identity.path], in: root).status == 0)
        func receive(_ folder: URL, companyKey: URL? = allowedSigners) throws -> (Run, [String]) {
            let out = root.appending(path: "out-\(UUID().uuidString)")
            var arguments = ["receive", folder.path, "--identity", identity.path, "--out", out.path]
            if let companyKey { arguments += ["--company-key", companyKey.path] }
            return (try consign(arguments, in: root), entries(out))
        }
        let (good, written) = try receive(package)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("manifest.xml is signed by the company's key SHA256:"))
        #expect(written.sorted() == ["extract.csv", "extract.xml", "extract.xsd"])

        func copy() throws -> URL {
            let folder = root.appending(path: "copy-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: package, to: folder)
            return folder
        }
        let flipped = try copy()
        var signature = [UInt8](try Data(contentsOf: flipped.appending(path: "manifest.xml.sig")))
        signature[signature.count / 2] = signature[signature.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try Data(signature).write(to: flipped.appending(path: "manifest.xml.sig"))
        let (changed, none) = try receive(flipped)
        #expect(changed.status == 1 && none.isEmpty, "\(changed.stderr)")

        let removed = try copy()
        try FileManager.default.removeItem(at: removed.appending(path: "manifest.xml.sig"))
        let (unsigned, nothing) = try receive(removed)
        #expect(unsigned.status == 1 && nothing.isEmpty && unsigned.stderr.contains("not signed"), "\(unsigned.stderr)")

        let stranger = root.appending(path: "stranger")
        #expect(try run(Self.sshKeygen, ["-q", "-t", "ed25519", "-N", "", "-f", stranger.path, "-C", "x"]).status == 0)
        let (other, empty) = try receive(package, companyKey: URL(fileURLWithPath: stranger.path + ".pub"))
        #expect(other.status == 1 && empty.isEmpty && other.stderr.contains("not the company's key"), "\(other.stderr)")
    }

    @Test("ledger verify --packages finds a signature changed or removed")
    func ledgerVerifyChecksPackageSignatures() throws {
        let (_, ws, package, _) = try Self.signedPackage()
        let out = package.deletingLastPathComponent().path
        #expect(try consign(["ledger", "verify", "--packages", out], in: ws).status == 0)
        let signatureFile = package.appending(path: "manifest.xml.sig")
        let original = try Data(contentsOf: signatureFile)
        try FileManager.default.removeItem(at: signatureFile)
        let removed = try consign(["ledger", "verify", "--packages", out], in: ws)
        #expect(removed.status == 1 && removed.stdout.contains("the signature was removed"), "\(removed.stdout)")
        var lines = String(decoding: original, as: UTF8.self).split(separator: "\n").map(String.init)
        lines[2] = String(lines[2].reversed())
        try Data(lines.joined(separator: "\n").utf8).write(to: signatureFile)
        let changed = try consign(["ledger", "verify", "--packages", out], in: ws)
        #expect(changed.status == 1, "\(changed.stdout)")
    }

    @Test("an insider with the ledger key who rewrites a transfer is caught by the company's signature")
    func rewritingATransferWithTheLedgerKeyIsCaught() throws {
        let (_, ws, package, _) = try Self.signedPackage()
        let manifest = try Manifest(package)
        let ledgerKey = rfc5869(
            ikm: try masterKeyBytes(ws), salt: Array("consign/v1".utf8), info: Array("ledger".utf8), length: 32)
        try tamper(ws) { db in
            let body = [UInt8](try Data.fetchOne(db, sql: "SELECT body FROM event WHERE sequence = ?", arguments: [manifest.ledgerEvent])!)
            let rows = Array("\(manifest.rows)".utf8)
            let from = [0, 0, 0, 4] + Array("rows".utf8) + [0, 0, 0, UInt8(rows.count)] + rows
            let to = [0, 0, 0, 4] + Array("rows".utf8) + [0, 0, 0, UInt8(rows.count)] + Array("\(manifest.rows + 1)".utf8)
            let at = try #require(body.firstRange(of: from))
            var changed = body
            changed.replaceSubrange(at, with: to)
            try db.execute(
                sql: "UPDATE event SET body = ? WHERE sequence = ?", arguments: [Data(changed), manifest.ledgerEvent])
            try rechain(db, key: ledgerKey)
        }
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stdout.contains("signs a manifest whose SHA-256 is not that of the manifest transfer"), "\(verify.stdout)")
    }
}
