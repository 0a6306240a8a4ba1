import Crypto
import Foundation
import Testing

/// `consign transfer list|show`: the transfers the register holds, as their events record them.
@Suite struct TransferCLITests {
    @Test func theDemosExtractsAreListedAndShownAsRecorded() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        let list = try consign(["transfer", "list", "--format", "json"], in: ws)
        #expect(list.status == 0, "\(list.stderr)")
        let transfers = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        // One per example task with a plan, each with its package on disk and a manifest naming its event, and the
        // disclosure to the police recorded by hand.
        #expect(transfers.count == 11)
        #expect(Set(transfers.compactMap { ($0["task"] as? [String: Any])?["id"] as? String }).count == 11)
        let prize = try #require(transfers.first { ($0["task"] as? [String: Any])?["id"] as? String == "prize-shipping" })
        #expect(prize["contractor"] as? String == "hayate-transport")
        #expect(prize["origin"] as? String == "extract")
        #expect(prize["retention_due"] as? String == "2027-01-17")
        #expect(prize["deletion"] as? String == "not confirmed (due 2027-01-17)")
        let id = try #require(prize["id"] as? String)
        let manifest = try String(contentsOf: ws.appending(path: "extracts/\(id)/manifest.xml"), encoding: .utf8)
        #expect(manifest.contains("<ledger event=\"\(prize["event"] as! Int)\" chain-hash=\"\(prize["chain_hash"] as! String)\"/>"))
        #expect(manifest.contains("<rows>\(prize["rows"] as! Int)</rows>"))

        let show = try consign(["transfer", "show", id], in: ws)
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("transfer \(id) (extract) on 2026-11-18"))
        #expect(show.stdout.contains("sent: customer.id:hmac, person.name, address.postal_code"))
        #expect(show.stdout.contains("sub-contractors approved for the purpose: kita-delivery"))

        // After the retention due date, the deletion is overdue until a confirmation is recorded.
        let later = try consign(["transfer", "show", id, "--format", "json"], in: ws, environment: ["SOURCE_DATE_EPOCH": "1810000000"])
        #expect(later.stdout.contains("\"deletion\" : \"overdue (due 2027-01-17)\""), "\(later.stdout)")
        #expect(try consign(["transfer", "show", "T-00000000-nothing"], in: ws).status == 2)
    }

    @Test func aDeletionCertificateConfirmsATransferOnceAndIsChained() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        let list = try consign(["transfer", "list", "--format", "json"], in: ws)
        let transfers = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let id = try #require(transfers.first?["id"] as? String)
        let certificate = root.appending(path: "certificate.pdf")
        try Data("%PDF-1.7 deletion certificate".utf8).write(to: certificate)
        let expectedSHA = hexString(Array(SHA256.hash(data: Array("%PDF-1.7 deletion certificate".utf8))))

        // Not before the transfer; not for an unknown transfer; not without a readable certificate.
        let early = try consign(["transfer", "confirm-deletion", id, "--on", "2026-11-17", "--certificate", certificate.path], in: ws)
        #expect(early.status == 1 && early.stderr.contains("cannot have been deleted on 2026-11-17"), "\(early.stderr)")
        #expect(try consign(["transfer", "confirm-deletion", "T-0-none", "--certificate", certificate.path], in: ws).status == 2)
        #expect(try consign(["transfer", "confirm-deletion", id, "--certificate", root.appending(path: "none").path], in: ws).status == 2)

        let done = try consign(["transfer", "confirm-deletion", id, "--on", "2026-11-18", "--certificate", certificate.path], in: ws)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("deletion of transfer \(id) confirmed on 2026-11-18: certificate sha256 \(expectedSHA)"))
        let again = try consign(["transfer", "confirm-deletion", id, "--certificate", certificate.path], in: ws)
        #expect(again.status == 1 && again.stderr.contains("already confirmed (on 2026-11-18"))

        // Long after the due date, the confirmed transfer is not overdue; the others are.
        let later = try consign(["transfer", "list"], in: ws, environment: ["SOURCE_DATE_EPOCH": "1830000000"])
        let lines = later.stdout.split(separator: "\n").dropFirst()
        #expect(lines.filter { $0.contains("confirmed on 2026-11-18") }.count == 1)
        // The demo's disclosure to the police is kept ten years by its task: not due yet.
        #expect(lines.filter { $0.contains("overdue") }.count == transfers.count - 2)
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    @Test func aTransferMadeOutsideConsignIsRecordedWithTheAgreementThenInForce() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        let sheet = root.appending(path: "labels.csv")
        try Data("name,postal_code\r\n山田 太郎,100-0001\r\n".utf8).write(to: sheet)
        let made = try consign(
            [
                "transfer", "record", "--contractor", "hayate-transport", "--task", "prize-shipping", "--on", "2026-10-01",
                "--fields", "person.name, address.postal_code,customer.id:hmac", "--rows", "12", "--file", sheet.path,
                "--sub-contractor", "kita-delivery", "--note", "labels printed from the old system",
            ], in: ws)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("to hayate-transport (AG-2024-011 v2)"))
        // Without an agreement in force it is recorded all the same, for the audit to report.
        let unagreed = try consign(
            [
                "transfer", "record", "--contractor", "tsubame-print", "--task", "seminar-invitation-mailing", "--on",
                "2026-10-02", "--fields", "person.name", "--rows", "3", "--note", "sent by fax",
            ], in: ws)
        #expect(unagreed.status == 0 && unagreed.stdout.contains("(no agreement in force)"), "\(unagreed.stderr)")

        let list = try consign(["transfer", "list", "--format", "json"], in: ws)
        let transfers = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        // The demo recorded its disclosure to the police by hand first.
        let byHand = transfers.filter { $0["origin"] as? String == "recorded" && $0["contractor"] as? String != "shibuya-police" }
        #expect(byHand.count == 2)
        let first = try #require(byHand.first)
        #expect(first["forms"] as? [String] == ["person.name", "address.postal_code", "customer.id:hmac"])
        #expect(first["rows"] as? Int == 12 && first["on"] as? String == "2026-10-01")
        #expect(first["receiving_sub_contractors"] as? [String] == ["kita-delivery"])
        #expect(first["retention_due"] as? String == "2026-11-30")
        let files = try #require(first["files"] as? [[String: Any]])
        #expect(files.first?["sha256"] as? String == hexString(Array(SHA256.hash(data: try Data(contentsOf: sheet)))))
        #expect(byHand[1]["agreement"] == nil && byHand[1]["legal_basis"] as? String == "none: no agreement in force for the purpose")
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)

        for bad in [
            ["--contractor", "nobody", "--task", "prize-shipping"], ["--contractor", "hayate-transport", "--task", "no-task"],
        ] {
            let run = try consign(
                ["transfer", "record"] + bad + ["--on", "2026-10-01", "--fields", "person.name", "--rows", "1", "--note", "x"], in: ws)
            #expect(run.status == 2, "\(bad)")
        }
        let unknownForm = try consign(
            [
                "transfer", "record", "--contractor", "hayate-transport", "--task", "prize-shipping", "--on", "2026-10-01",
                "--fields", "person.name:hmac", "--rows", "1", "--note", "x",
            ], in: ws)
        #expect(unknownForm.status == 2 && unknownForm.stderr.contains("not in the catalog: person.name:hmac"))
    }
}
