import Foundation
import Testing

/// `consign subject show` ("who received my data?") and `consign subject erase`, through the CLI only, each
/// test on its own copy of one `consign demo` workspace (1,000 sample customers, six extracts of 2026-11-18,
/// C00000002 on the stop-use list). What a transfer held is read back from the packages themselves: the id
/// in clear, or its pseudonym recomputed from the key file.
@Suite struct SubjectShowEraseTests {
    /// `SOURCE_DATE_EPOCH` of 2026-11-20 in Tokyo, two days after the usual fixed clock.
    static let twentiethOfNovember = "1795172800"

    @Test func showListsBothExtractsThatIncludedACustomerAndNoneForACustomerLeftOut() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // Two customers the demo's data does not hold: one consents to prizes and newsletters, one to nothing.
        let source = root.appending(path: "new-customers.csv")
        try writeNewCustomers([("C90000001", true), ("C90000002", false)], like: ws, to: source)
        let prize = try extract("prize-shipping", "hayate-transport", source: source.path, out: "sent", in: ws)
        #expect(prize.status == 0, "\(prize.stderr)")
        let seminar = try extract(
            "seminar-invitation-mailing", "sakura-mailing", source: source.path, out: "sent", format: "csv,xml", in: ws,
            environment: ["SOURCE_DATE_EPOCH": Self.twentiethOfNovember])
        #expect(seminar.status == 0, "\(seminar.stderr)")
        let sent = try packages(in: ws.appending(path: "sent"))
        try #require(sent.count == 2, "\(sent.keys)")
        let prizePackage = try #require(sent.values.first { $0.contractor == "hayate-transport" })
        let seminarPackage = try #require(sent.values.first { $0.contractor == "sakura-mailing" })
        // Only C90000001 was in scope of either task.
        #expect(prizePackage.rows == 1 && seminarPackage.rows == 1)
        #expect(prizePackage.transfer.hasPrefix("T-20261118-") && seminarPackage.transfer.hasPrefix("T-20261120-"))

        let show = try decodeJSON(SubjectJSON.self, from: try consign(["subject", "show", "C90000001", "--format", "json"], in: ws))
        #expect(show.subject == "C90000001")
        #expect(show.subjectHash == (try subjectHashHex("C90000001", in: ws)))
        #expect(show.stopUse == nil && show.erasure == nil)
        // Both extracts, oldest first, and none of the demo's own transfers.
        #expect(show.transfers.map(\.id) == [prizePackage.transfer, seminarPackage.transfer])
        let profiles = try profileFacts(ws)
        let expected: [(package: PackageFacts, on: String, agreement: String, version: Int, purpose: String)] = [
            (prizePackage, "2026-11-18", "AG-2024-011", 2, "surveys-prizes"),
            (seminarPackage, "2026-11-20", "AG-2025-002", 1, "seminars"),
        ]
        for (transfer, want) in zip(show.transfers, expected) {
            #expect(transfer.on == want.on)
            #expect(transfer.contractor == want.package.contractor)
            #expect(transfer.contractorName == profiles[want.package.contractor]?.legalName)
            #expect(transfer.task == want.package.task)
            #expect(transfer.purpose == want.purpose)
            // The agreement in force that day, with the SHA-256 of its registered document's bytes.
            #expect(transfer.agreement?.id == want.agreement && transfer.agreement?.version == want.version)
            let document = ws.appending(path: "agreements/\(want.agreement)-v\(want.version).xml")
            #expect(transfer.agreement?.sha256 == (try sha256OfFile(document)))
            // What was sent is what the package's manifest lists.
            #expect(transfer.forms == want.package.fields)
            #expect(transfer.countries == ["JP"])
            #expect(transfer.legalBasis.contains("entrustment"))
        }
        #expect(show.transfers[0].approvedSubContractors == ["kita-delivery"])
        #expect(show.transfers[1].approvedSubContractors.isEmpty)

        let text = try consign(["subject", "show", "C90000001"], in: ws)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("included in 2 transfer(s)"))
        for id in [prizePackage.transfer, seminarPackage.transfer] {
            #expect(text.stdout.contains(id))
        }
        #expect(text.stdout.contains("AG-2024-011 v2") && text.stdout.contains("AG-2025-002 v1"))

        // The customer who consented to nothing is in no transfer at all.
        let none = try decodeJSON(SubjectJSON.self, from: try consign(["subject", "show", "C90000002", "--format", "json"], in: ws))
        #expect(none.transfers.isEmpty)
        #expect(none.subjectHash == (try subjectHashHex("C90000002", in: ws)))
        let noneText = try consign(["subject", "show", "C90000002"], in: ws)
        #expect(noneText.status == 0)
        #expect(noneText.stdout.contains("included in 0 transfer(s)") && !noneText.stdout.contains("TRANSFER"))
    }

    /// The subject sets the register stores agree with the packages: a customer is listed in exactly the
    /// transfers whose files hold their id or their pseudonym.
    @Test func showListsExactlyTheDemoPackagesThatHoldTheCustomer() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = try packages(in: ws.appending(path: "extracts"))
        try #require(demo.count == 10)
        let key = try masterKeyBytes(ws)
        // The first customer, one without consent to prizes, the last one, and the one on the stop-use list.
        let records = try demoCustomers(ws)
        let prize = try #require(records[0].firstIndex(of: "consent_prize"))
        let noPrize = try #require(records.dropFirst().first { $0[prize] == "false" && $0[0] != "C00000002" })[0]
        // The sponsor's package holds no id nor pseudonym: a customer is in it when they entered prize competitions
        // and consented, by the demo's day, to the provision to prize sponsors.
        let sponsor = try #require(demo.values.first { $0.task == "sponsor-prize-shipping" }).transfer
        let sponsorConsent = try #require(records[0].firstIndex(of: "consent_provision_prize_sponsors"))
        func heldBySponsor(_ id: String) -> Bool {
            records.contains { $0[0] == id && $0[prize] == "true" && !$0[sponsorConsent].isEmpty && $0[sponsorConsent] <= "2026-11-18" }
                && id != "C00000002"
        }
        #expect(records.dropFirst().contains { heldBySponsor($0[0]) } && records.dropFirst().contains { $0[prize] == "true" && !heldBySponsor($0[0]) })
        for id in ["C00000001", noPrize, "C00001000", "C00000002"] {
            let show = try decodeJSON(SubjectJSON.self, from: try consign(["subject", "show", id, "--format", "json"], in: ws))
            let holding = transfersHolding(id, packages: demo, masterKey: key).union(heldBySponsor(id) ? [sponsor] : [])
            #expect(Set(show.transfers.map(\.id)) == holding, "\(id)")
            #expect(show.transfers.count == holding.count, "\(id): a transfer listed twice")
            for transfer in show.transfers {
                #expect(transfer.contractor == demo[transfer.id]?.contractor, "\(id)")
                #expect(transfer.forms == demo[transfer.id]?.fields, "\(id)")
            }
            if id == "C00000002" {
                // Stopped before the demo's extracts: in none of them, and shown on the list.
                #expect(show.transfers.isEmpty)
                #expect(show.stopUse?.request == "stop-use" && show.stopUse?.subjectHash == show.subjectHash)
            } else {
                #expect(!show.transfers.isEmpty, "\(id)")
                #expect(show.stopUse == nil, "\(id)")
            }
        }
        // The customer without consent to prizes is not in the prize-shipping package.
        let prizeTransfer = try #require(demo.values.first { $0.task == "prize-shipping" }).transfer
        #expect(!transfersHolding(noPrize, packages: demo, masterKey: key).contains(prizeTransfer))
    }

    @Test func eraseRecordsTheRequestListsTheRecipientsAndLaterExtractsLeaveTheCustomerOut() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = try packages(in: ws.appending(path: "extracts"))
        let key = try masterKeyBytes(ws)
        // A customer who consented to prizes, so that hayate-transport (and its sub-contractor) received them.
        let records = try demoCustomers(ws)
        let prize = try #require(records[0].firstIndex(of: "consent_prize"))
        let id = try #require(records.dropFirst().first { $0[prize] == "true" && $0[0] != "C00000002" })[0]
        let holding = transfersHolding(id, packages: demo, masterKey: key)
        let prizePackage = try #require(demo.values.first { $0.contractor == "hayate-transport" })
        try #require(holding.contains(prizePackage.transfer))
        let before = try decodeJSON(SubjectJSON.self, from: try consign(["subject", "show", id, "--format", "json"], in: ws))
        #expect(Set(before.transfers.map(\.id)) == holding)
        let head = try ledgerHead(ws)
        let headEvent = try #require(Int(head.split(separator: ":")[0]))

        let erase = try decodeJSON(
            ErasureJSON.self,
            from: try consign(["subject", "erase", id, "--reason", "asked by letter to erase all their data", "--format", "json"], in: ws))
        // The request, its stop and its answer, chained; received and answered today (the fixed clock).
        #expect(erase.event == headEvent + 2 && erase.answerEvent == headEvent + 3 && erase.answered == "2026-11-18")
        #expect(erase.request.wholeMatch(of: /R-20261118-[0-9a-f]{8}/) != nil)
        #expect(erase.on == "2026-11-18")
        #expect(erase.subject.subjectHash == (try subjectHashHex(id, in: ws)))
        #expect(erase.subject.erasure?.event == erase.event && erase.subject.erasure?.request == "erasure")
        #expect(erase.subject.stopUse?.event == erase.event)
        // Exactly the contractors whose packages held the customer, each with its own transfers, the privacy
        // contact of its registered profile, and the sub-contractors approved for those transfers.
        let contractors = Set(holding.compactMap { demo[$0]?.contractor })
        #expect(erase.recipients.map(\.contractor) == contractors.sorted())
        let profiles = try profileFacts(ws)
        for recipient in erase.recipients {
            let profile = try #require(profiles[recipient.contractor])
            #expect(recipient.legalName == profile.legalName)
            #expect(recipient.privacyContact == ErasureJSON.Contact(name: profile.name, email: profile.email, phone: profile.phone))
            #expect(
                Set(recipient.transfers) == holding.filter { demo[$0]?.contractor == recipient.contractor },
                "\(recipient.contractor)")
            #expect(recipient.subContractors == (recipient.contractor == "hayate-transport" ? ["kita-delivery"] : []))
            #expect(recipient.deletion.count == recipient.transfers.count)
        }

        // A new extract leaves them out: one row fewer than the demo's, and not listed for them.
        let again = try extract("prize-shipping", "hayate-transport", source: "data/customers.csv", out: "after", in: ws)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("1 on the stop-use list"))
        let after = try packages(in: ws.appending(path: "after"))
        let newPackage = try #require(after.values.first)
        #expect(newPackage.rows == prizePackage.rows - 1)
        #expect(try csvDataRows(ws.appending(path: "after/\(newPackage.transfer)/extract.csv")) == prizePackage.rows - 1)
        #expect(transfersHolding(id, packages: after, masterKey: key).isEmpty)
        let shown = try decodeJSON(SubjectJSON.self, from: try consign(["subject", "show", id, "--format", "json"], in: ws))
        #expect(!shown.transfers.map(\.id).contains(newPackage.transfer))
        #expect(Set(shown.transfers.map(\.id)) == holding)
        #expect(shown.erasure?.reason == "asked by letter to erase all their data")

        // A second request for the same person is refused, and so is a stop-use request: they are listed.
        let second = try consign(["subject", "erase", id, "--reason", "asked again"], in: ws)
        #expect(second.status == 1)
        #expect(second.stderr.contains("refused") && second.stderr.contains("erasure"))
        #expect(try consign(["subject", "stop-use", id, "--reason", "asked again"], in: ws).status == 1)

        // The stop-use list shows the request as an erasure.
        let stopped = try decodeJSON([StopUseJSON].self, from: try consign(["subject", "stopped", "--format", "json"], in: ws))
        let entry = try #require(stopped.first { $0.subjectHash == erase.subject.subjectHash })
        #expect(entry.request == "erasure" && entry.on == "2026-11-18" && entry.event == erase.event)
        #expect(entry.reason == "asked by letter to erase all their data")
        #expect(stopped.filter { $0.request == "erasure" }.count == 1)

        // The chain is intact, extends the head taken before the erasure, and still matches every package.
        let verify = try consign(["ledger", "verify", "--anchor", head, "--packages", "extracts"], in: ws)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("intact"))
    }

    @Test func eraseTellsNobodyForSomeoneNeverSentAndAcceptsAnEarlierStopUseRequest() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // Never sent: recorded all the same, with the date the request was received.
        let never = try consign(["subject", "erase", "C90000009", "--reason", "erase my account", "--on", "2026-11-10"], in: ws)
        #expect(never.status == 0, "\(never.stderr)")
        #expect(never.stdout.contains("received 2026-11-10"))
        #expect(never.stdout.contains("nobody to tell"))
        // C00000002 asked to stop use (the demo); a later erasure request is recorded beside it.
        let stopped = try consign(["subject", "erase", "C00000002", "--reason", "now asks for erasure", "--format", "json"], in: ws)
        let erased = try decodeJSON(ErasureJSON.self, from: stopped)
        #expect(erased.recipients.isEmpty)
        #expect(erased.subject.stopUse?.request == "stop-use")
        #expect(erased.subject.erasure?.request == "erasure" && erased.subject.erasure?.event == erased.event)
        let list = try decodeJSON([StopUseJSON].self, from: try consign(["subject", "stopped", "--format", "json"], in: ws))
        let hash9 = try subjectHashHex("C90000009", in: ws)
        #expect(list.first { $0.subjectHash == hash9 }.map { [$0.request, $0.on] } == ["erasure", "2026-11-10"])

        // The text output of an erasure with recipients names each, with its privacy contact's e-mail.
        let text = try consign(["subject", "erase", "C00000001", "--reason", "erase"], in: ws)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("tell these recipients"))
        let profiles = try profileFacts(ws)
        let shown = try decodeJSON(SubjectJSON.self, from: try consign(["subject", "show", "C00000001", "--format", "json"], in: ws))
        for contractor in Set(shown.transfers.map(\.contractor)) {
            #expect(text.stdout.contains(contractor))
            #expect(text.stdout.contains(try #require(profiles[contractor]).email), "\(contractor)")
        }
        #expect(text.stdout.contains("kita-delivery"))
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    @Test func anEmptyIdIsAnInputErrorAndRecordsNothing() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let head = try ledgerHead(ws)
        for arguments in [["subject", "show", ""], ["subject", "show", "", "--format", "json"], ["subject", "erase", "", "--reason", "x"]] {
            let run = try consign(arguments, in: ws)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stdout.isEmpty, "\(arguments)")
            #expect(run.stderr.contains("empty"), "\(arguments): \(run.stderr)")
        }
        // A request without its reason is a usage error.
        #expect(try consign(["subject", "erase", "C00000001"], in: ws).status == 2)
        #expect(try ledgerHead(ws) == head)
    }
}
