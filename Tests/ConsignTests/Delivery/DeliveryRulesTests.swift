import ConsignCore
import Foundation
import Testing

/// The rules of delivery through the CLI: an agreement that requires encryption, the password-ZIP channel,
/// and the rotation of the pseudonym keys.
@Suite struct DeliveryRulesTests {
    static func record(_ arguments: [String], in ws: URL) throws {
        let run = try consign(arguments, in: ws)
        try #require(run.status == 0, "consign \(arguments.joined(separator: " ")): \(run.stderr)")
    }

    /// AG-2024-011 v3: v2 with `encrypted-delivery="true"` in its security clause, registered.
    static func requireEncryption(in ws: URL) throws {
        let amended = ws.appending(path: "agreements/AG-2024-011-v3.xml")
        try FileManager.default.copyItem(at: ws.appending(path: "agreements/AG-2024-011-v2.xml"), to: amended)
        try edit(amended, replacing: #"version="2""#, with: #"version="3""#)
        try edit(amended, replacing: #"<security section="Art. 5"/>"#, with: #"<security section="Art. 5" encrypted-delivery="true"/>"#)
        try record(["agreement", "add", "agreements/AG-2024-011-v3.xml"], in: ws)
    }

    @Test("an agreement that requires encryption: the plain extract is refused, the one by hand reported, the encrypted one clean")
    func encryptedDeliveryRequired() throws {
        let (root, ws, _) = try DeliveryCLITests.keyedWorkspace()
        try Self.requireEncryption(in: ws)
        let plain = try consign(DeliveryCLITests.extractArguments + ["--out", root.appending(path: "plain").path], in: ws)
        #expect(plain.status == 1, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.contains("requires encrypted delivery"), "\(plain.stdout)")
        #expect(entries(root.appending(path: "plain")).isEmpty)
        let sealed = try consign(
            DeliveryCLITests.extractArguments + ["--out", root.appending(path: "sealed").path, "--encrypt"], in: ws)
        #expect(sealed.status == 0, "\(sealed.stderr)")
        let clean = try consign(["audit", "--format", "json"], in: ws).stdout
        #expect(!clean.contains("\"encryption-required\""), "\(clean)")
        try Self.record(
            ["transfer", "record", "--contractor", "hayate-transport", "--task", "prize-shipping", "--on", "2026-11-18",
             "--fields", "person.name", "--rows", "3", "--note", "sent by mail"], in: ws)
        let audit = try consign(["audit"], in: ws)
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("[encryption-required]") && audit.stdout.contains("requires encrypted delivery"), "\(audit.stdout)")
        #expect(audit.stdout.components(separatedBy: "[encryption-required]").count == 2, "only the transfer by hand: \(audit.stdout)")
    }

    @Test("a transfer recorded as a password ZIP sent by the same route is an error of the audit")
    func passwordZIPIsReported() throws {
        let (_, ws) = try demoWorkspace()
        try Self.record(
            ["transfer", "record", "--contractor", "hayate-transport", "--task", "prize-shipping", "--on", "2026-11-18",
             "--fields", "person.name", "--rows", "3", "--note", "x", "--channel", "password-zip-same-route",
             "--channel-note", "password in a second mail"], in: ws)
        let audit = try consign(["audit"], in: ws)
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("error: [password-zip-channel]"), "\(audit.stdout)")
        let shown = try consign(["transfer", "list", "--format", "json"], in: ws).stdout
        #expect(shown.contains("password-zip-same-route"), "\(shown)")
        let recipients = try consign(["report", "recipients", "--format", "csv"], in: ws).stdout
        #expect(recipients.contains("password-zip-same-route"), "\(recipients)")
    }

    @Test("key rotate: new pseudonyms from the next extract on, the generation recorded, earlier ones unchanged")
    func rotationChangesThePseudonyms() async throws {
        let (root, ws) = try demoWorkspace()
        let arguments = ["extract", "--task", "statistics-abroad", "--contractor", "nordstat", "--source", "data/customers.csv"]
        #expect(try consign(arguments + ["--out", root.appending(path: "g0").path], in: ws).status == 0)
        let rotated = try consign(["key", "rotate", "--note", "yearly"], in: ws)
        #expect(rotated.status == 0 && rotated.stdout.contains("started generation 1 of the pseudonym keys"), "\(rotated.stderr)")
        #expect(try consign(arguments + ["--out", root.appending(path: "g1").path], in: ws).status == 0)
        let g0 = try pythonRows(csv: try onlyPackage(in: root.appending(path: "g0")).appending(path: "extract.csv"))
        let g1 = try pythonRows(csv: try onlyPackage(in: root.appending(path: "g1")).appending(path: "extract.csv"))
        #expect(g0.count == g1.count && g0.count > 1)
        // The first column is the hmac pseudonym of the customer: another key, other values, for every row.
        #expect(zip(g0.dropFirst(), g1.dropFirst()).allSatisfy { $0[0] != $1[0] && $0.dropFirst() == $1.dropFirst() })
        let master = try masterKeyBytes(ws)
        let customers = try pythonRows(csv: ws.appending(path: "data/customers.csv"))
        let id = customers[1][0]
        let g1Key = rfc5869(ikm: master, salt: Array("consign/v1".utf8), info: Array("pseudonym/g1:nordstat".utf8), length: 32)
        #expect(g1.dropFirst().map { $0[0] }.contains(hexString(hmacSHA256(key: g1Key, message: Array(id.utf8)))))
        #expect(g0.dropFirst().map { $0[0] }.contains(expectedPseudonym(id, contractor: "nordstat", masterKey: master)))
        let transfers = try await recordedTransfers(ws)
        #expect(transfers.suffix(2).map(\.value.delivery.pseudonymGeneration) == [0, 1])
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    @Test("a rotation between plan and commit refuses an extract that sends pseudonyms")
    func rotationMeanwhileIsRefused() throws {
        let (root, ws) = try demoWorkspace()
        let run = try consign(
            ["extract", "--task", "statistics-abroad", "--contractor", "nordstat", "--source", "data/customers.csv", "--out",
             root.appending(path: "out").path], in: ws, pausingAt: "before-commit"
        ) { try Self.record(["key", "rotate"], in: ws) }
        #expect(run.status == 1)
        #expect(run.stderr.contains("the pseudonym keys were rotated since (generation 1"), "\(run.stderr)")
        #expect(entries(root.appending(path: "out")).isEmpty)
    }

    @Test("only the master key rotates pseudonym keys and prints the company's key")
    func roleKeyFilesCannotRotateOrSign() throws {
        let (root, ws) = try demoWorkspace()
        let file = root.appending(path: "procurement.key")
        #expect(try consign(["key", "export", "--role", "procurement", "--out", file.path], in: ws).status == 0)
        #expect(try consign(["init", "procurement", "--example", "--key", file.path], in: root).status == 0)
        let procurement = root.appending(path: "procurement")
        let rotate = try consign(["key", "rotate"], in: procurement)
        #expect(rotate.status == 2 && rotate.stderr.contains("only the staff's master key derives it"), "\(rotate.stderr)")
        let companyKey = try consign(["company-key"], in: procurement)
        #expect(companyKey.status == 2 && companyKey.stderr.contains("this needs the key 'signing'"), "\(companyKey.stderr)")
    }
}
