import ConsignCore
import Foundation
import Testing

/// Provisions to third parties through the CLI: consent per row on generated data, the Art. 29 records and
/// their report, disclosures under law, joint use, personal-related information, and the audit's findings.
@Suite struct ProvisionCLITests {
    static func succeed(_ arguments: [String], in ws: URL) throws -> Run {
        let run = try consign(arguments, in: ws)
        try #require(run.status == 0, "consign \(arguments.joined(separator: " ")): \(run.stdout)\(run.stderr)")
        return run
    }

    /// The demo's provision records, as JSON.
    static func provisions(_ ws: URL, _ extra: [String] = []) throws -> [[String: Any]] {
        let run = try succeed(["report", "provisions", "--format", "json"] + extra, in: ws)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return try #require(object?["provisions"] as? [[String: Any]])
    }

    @Test("only the customers whose consent to the provision is dated on or before the transfer are provided, exactly")
    func consentDecidesTheRowsOnGeneratedData() async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let customers = try pythonRows(csv: ws.appending(path: "data/customers.csv"))
        let header = customers[0]
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let (id, newsletter, linkad, value) = (
            try column("customer_id"), try column("consent_newsletter"), try column("consent_provision_linkad"),
            try column("lifetime_value")
        )
        let rows = customers.dropFirst()
        // The generated data mixes every case: no consent, consent before the transfer, consent after it.
        let dates = rows.map { $0[linkad] }
        #expect(dates.contains("") && dates.contains { !$0.isEmpty && $0 <= "2026-11-18" } && dates.contains { $0 > "2026-11-18" })
        let master = try masterKeyBytes(ws)
        // The row scope, said independently: newsletter consent, the provision's consent dated by the transfer's
        // day, a lifetime value of at least 1, and not C00000002 (who asked to stop use).
        let expected = Set(
            rows.filter { row in
                ["true", "1", "yes"].contains(row[newsletter].lowercased()) && !row[linkad].isEmpty && row[linkad] <= "2026-11-18"
                    && (Double(row[value]) ?? 0) >= 1 && row[id] != "C00000002"
            }.map { expectedPseudonym($0[id], contractor: "linkad-network", masterKey: master) })
        let transfer = try #require(try await recordedTransfers(ws).first { $0.value.task.id == "ad-audience-matching" })
        let package = ws.appending(path: "extracts/\(transfer.value.id)")
        let extract = try pythonRows(csv: package.appending(path: "extract.csv"))
        let reference = try #require(extract[0].firstIndex(of: "customer_ref"))
        let sent = Set(extract.dropFirst().map { $0[reference] })
        #expect(!expected.isEmpty && sent == expected, "sent \(sent.count), expected \(expected.count)")
        #expect(transfer.value.subjects.count == expected.count)

        // A person provided is in subject show with the provision; one who never consented is not.
        let provided = try #require(rows.first { row in
            expected.contains(expectedPseudonym(row[id], contractor: "linkad-network", masterKey: master))
        })[id]
        let refused = try #require(rows.first { $0[linkad].isEmpty && $0[id] != "C00000002" })[id]
        let later = try #require(rows.first { $0[linkad] > "2026-11-18" && $0[id] != "C00000002" })[id]
        #expect(try Self.succeed(["subject", "show", provided], in: ws).stdout.contains(transfer.value.id))
        for person in [refused, later] {
            #expect(!(try Self.succeed(["subject", "show", person], in: ws).stdout.contains(transfer.value.id)), "\(person)")
        }
    }

    @Test("report provisions: every item the rules require, for every provision of the demo, and when each may be discarded")
    func theProvisionRecordsOfTheDemo() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let transfers = try Self.succeed(["transfer", "list", "--format", "json"], in: ws).stdout
        let records = try Self.provisions(ws)
        #expect(records.map { $0["recipient"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") } == ["hoshizora-toys", "linkad-network", "shibuya-police"])
        for record in records {
            for key in ["on", "transfer", "recipient", "recipient_name", "recipient_address", "recipient_representative", "basis", "basis_words", "discardable_from", "persons_sha256"] {
                #expect(!((record[key] as? String) ?? "").isEmpty, "\(key) of \(record)")
            }
            #expect(((record["items"] as? [String]) ?? []).count > 0)
            #expect(((record["persons"] as? Int) ?? 0) > 0)
            #expect(transfers.contains("\"\(record["transfer"] as? String ?? "-")\""))
        }
        let byRecipient = Dictionary(uniqueKeysWithValues: records.map { ($0["recipient"] as! String, $0) })
        let linkad = try #require(byRecipient["linkad-network"])
        #expect(linkad["basis"] as? String == "consent" && linkad["consent_field"] as? String == "consent.provision_linkad")
        #expect(linkad["agreement"] as? String == "AG-2025-015 v2" && linkad["discardable_from"] as? String == "2029-11-19")
        #expect((linkad["recipient_purposes"] as? String ?? "").contains("advertisements"))
        // The giveaway's terms stand for the sponsor's record: one year after the last provision.
        let sponsor = try #require(byRecipient["hoshizora-toys"])
        #expect(sponsor["record_method"] as? String == "contract" && sponsor["discardable_from"] as? String == "2027-11-19")
        let police = try #require(byRecipient["shibuya-police"])
        #expect(police["basis"] as? String == "law" && (police["legal_reference"] as? String ?? "").contains("197(2)"))
        #expect(police["recipient_name"] as? String == "Shibuya Police Station (渋谷警察署)" && police["persons"] as? Int == 1)

        // The period, the formats and the language.
        #expect(try Self.provisions(ws, ["--from", "2026-11-19"]).isEmpty)
        #expect(try Self.provisions(ws, ["--to", "2026-11-18"]).count == 3)
        let csv = try Self.succeed(["report", "provisions", "--lang", "ja"], in: ws).stdout
        #expect(csv.hasPrefix("\u{FEFF}提供年月日,提供ID,提供先ID,委託先名称,所在地,代表者,本人の数"), "\(csv.prefix(80))")
        _ = try Self.succeed(["report", "provisions", "--format", "xml", "--out", "provisions.xml"], in: ws)
        let parsed = try run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            ["-c", "import sys, xml.dom.minidom; d = xml.dom.minidom.parse(sys.argv[1]); print(len(d.getElementsByTagName('provision')))",
             ws.appending(path: "provisions.xml").path])
        #expect(parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3", "\(parsed.stderr)")
        let written = try Self.succeed(["report", "provisions", "--out", "provisions.csv"], in: ws)
        #expect(written.stdout.contains("provision records as of 2026-11-18: 3 provision(s); written to provisions.csv"))

        // A later provision under the sponsor's agreement keeps every record the contract stands for a year after it.
        _ = try Self.succeed(
            ["transfer", "record", "--contractor", "hoshizora-toys", "--task", "sponsor-prize-shipping", "--on", "2026-12-20",
             "--fields", "person.name,address.postal_code", "--rows", "2", "--note", "December winners"], in: ws)
        let later = try Self.provisions(ws, ["--on", "2026-12-31"]).filter { $0["recipient"] as? String == "hoshizora-toys" }
        #expect(later.count == 2 && later.allSatisfy { $0["discardable_from"] as? String == "2027-12-21" }, "\(later)")
        #expect(try Self.provisions(ws, ["--on", "2026-12-31"]).first { $0["recipient"] as? String == "linkad-network" }?["discardable_from"] as? String == "2029-11-19")
    }

    @Test("a disclosure under law: accepted by the audit with its reference, reported without, shown apart in recipients")
    func disclosuresUnderLaw() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let clean = try consign(["audit", "--format", "json"], in: ws).stdout
        for code in ["disclosure-without-reference", "no-agreement-in-force", "no-selection-evaluation", "deletion-overdue"] {
            #expect(!clean.contains("\"\(code)\""), "\(code): \(clean)")
        }
        let recipients = try Self.succeed(["report", "recipients"], in: ws).stdout
        #expect(recipients.contains("disclosures without consent"))
        #expect(recipients.contains("disclosure without consent under APPI Art. 27(1)(i) (law): Code of Criminal Procedure Art. 197(2)"))
        try FileManager.default.createDirectory(at: ws.appending(path: "data"), withIntermediateDirectories: true)
        try Data("C00000011\n".utf8).write(to: ws.appending(path: "data/court.txt"))
        _ = try Self.succeed(
            ["transfer", "record", "--basis", "public-authority", "--contractor", "tokyo-district-court", "--recipient-name",
             "Tokyo District Court", "--task", "legal-disclosure", "--on", "2026-11-18", "--fields", "person.name",
             "--rows", "1", "--subjects", "data/court.txt", "--note", "asked by telephone; written request to follow"], in: ws)
        let audit = try consign(["audit"], in: ws)
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("error: [disclosure-without-reference]") && audit.stdout.contains("APPI Art. 27(1)(iv)"), "\(audit.stdout)")
        #expect(audit.stdout.components(separatedBy: "[disclosure-without-reference]").count == 2)
        #expect(try Self.provisions(ws).contains { $0["recipient"] as? String == "tokyo-district-court" && $0["basis"] as? String == "public-authority" })
    }

    @Test("transfer record: what goes only with --basis, and an unregistered recipient without one, are input errors")
    func badDisclosureInput() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let events = try registerRows(ws)
        let base = ["transfer", "record", "--task", "legal-disclosure", "--on", "2026-11-18", "--fields", "person.name", "--rows", "1", "--note", "x"]
        let cases: [([String], String)] = [
            (["--contractor", "hayate-transport", "--legal-reference", "Act X"], "--legal-reference goes with --basis"),
            (["--contractor", "somebody", "--recipient-name", "Somebody"], "--recipient-name"),
            (["--contractor", "somebody", "--basis", "law", "--recipient-name", ""], "--recipient-name"),
            (["--contractor", "somebody", "--basis", "law"], "unknown contractor 'somebody'"),
            (["--contractor", "somebody", "--basis", "subpoena"], "subpoena"),
        ]
        for (extra, words) in cases {
            let run = try consign(base + extra, in: ws)
            #expect(run.status == 2, "\(extra): \(run.status) \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains(words), "\(extra): \(run.stderr)")
        }
        #expect(try registerRows(ws) == events)
    }

    @Test("a provision recorded by hand whose task requires no consent is provision-without-consent; its record is appended")
    func provisionWithoutConsentIsReported() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Self.succeed(
            ["transfer", "record", "--contractor", "hoshizora-toys", "--task", "prize-shipping", "--on", "2026-11-18",
             "--fields", "person.name,address.postal_code", "--rows", "40", "--note", "winners' list sent by the campaign team"], in: ws)
        let audit = try consign(["audit"], in: ws)
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("error: [provision-without-consent]"), "\(audit.stdout)")
        #expect(audit.stdout.contains("relies on each person's consent in consent.provision_prize_sponsors"), "\(audit.stdout)")
        #expect(!audit.stdout.contains("[provision-not-recorded]"))
        #expect(try Self.provisions(ws).filter { $0["recipient"] as? String == "hoshizora-toys" }.count == 2)
    }

    @Test("personal-related information sent under a provision that records no consent method is reported")
    func personalRelatedIsReported() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try edit(
            ws.appending(path: "templates/catalog.xml"), replacing: #"<field id="address.prefecture" column="prefecture""#,
            with: #"<field id="address.prefecture" personal-related="true" column="prefecture""#)
        _ = try Self.succeed(
            ["transfer", "record", "--contractor", "linkad-network", "--task", "ad-audience-matching", "--on", "2026-11-18",
             "--fields", "address.prefecture", "--rows", "10", "--note", "x"], in: ws)
        let audit = try consign(["audit"], in: ws)
        #expect(audit.stdout.contains("error: [personal-related-unconfirmed]"), "\(audit.stdout)")
        #expect(audit.stdout.contains("sent personal-related information (address.prefecture) under agreement AG-2025-015 v2"), "\(audit.stdout)")
        // With the agreement's confirmation recorded, the plan sends it and the record keeps the confirmation.
        let amended = ws.appending(path: "agreements/AG-2025-015-v3.xml")
        try FileManager.default.copyItem(at: ws.appending(path: "agreements/AG-2025-015-v2.xml"), to: amended)
        try edit(amended, replacing: #"version="2""#, with: #"version="3""#)
        try edit(amended, replacing: "</agreement>", with: "  <personal-related-consent>The network asks each user's consent on its own sign-up page before linking.</personal-related-consent>\n</agreement>")
        _ = try Self.succeed(["agreement", "add", "agreements/AG-2025-015-v3.xml"], in: ws)
        _ = try Self.succeed(
            ["extract", "--task", "ad-audience-matching", "--contractor", "linkad-network", "--source", "data/customers.csv",
             "--out", root.appending(path: "out").path], in: ws)
        let latest = try #require(try Self.provisions(ws).filter { $0["agreement"] as? String == "AG-2025-015 v3" }.first)
        #expect((latest["personal_related_consent"] as? String ?? "").contains("sign-up page"))
        #expect((latest["items"] as? [String] ?? []).contains("address.prefecture"))
    }

    @Test("joint use: refused and reported before its items were announced, planned after, with no provision record")
    func jointUse() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let amended = ws.appending(path: "agreements/AG-2024-011-v3.xml")
        try FileManager.default.copyItem(at: ws.appending(path: "agreements/AG-2024-011-v2.xml"), to: amended)
        try edit(amended, replacing: #"version="2""#, with: #"version="3""#)
        try edit(amended, replacing: "<relationship>entrustment</relationship>", with: "<relationship>joint-use</relationship>")
        try edit(
            amended, replacing: "</agreement>",
            with: """
                  <joint-use announced-on="2026-11-20" reference="https://kumo-learning.example/privacy#joint-use">
                    <joint-users>Kumo Learning K.K. and Hayate Transport Co., Ltd.</joint-users>
                    <purpose>To deliver prizes and rewards to customers.</purpose>
                    <responsible>Kumo Learning K.K., 1-2-3 Kudan, Chiyoda-ku, Tokyo; Haruka Sato, Representative Director</responsible>
                  </joint-use>
                </agreement>
                """)
        _ = try Self.succeed(["agreement", "add", "agreements/AG-2024-011-v3.xml"], in: ws)
        let plan = try consign(["plan", "--task", "prize-shipping", "--contractor", "hayate-transport"], in: ws)
        #expect(plan.status == 1)
        #expect(plan.stdout.contains("is joint use announced on 2026-11-20, after 2026-11-18"), "\(plan.stdout)")
        _ = try Self.succeed(
            ["transfer", "record", "--contractor", "hayate-transport", "--task", "prize-shipping", "--on", "2026-11-18",
             "--fields", "person.name", "--rows", "3", "--note", "x"], in: ws)
        let audit = try consign(["audit"], in: ws)
        #expect(audit.stdout.contains("error: [joint-use-not-announced]"), "\(audit.stdout)")
        let later = try consign(["plan", "--task", "prize-shipping", "--contractor", "hayate-transport", "--on", "2026-11-20"], in: ws)
        #expect(later.status == 0 && later.stdout.contains("(joint-use, sha256"), "\(later.stdout)")
        #expect(try Self.provisions(ws).count == 3, "joint use is no provision")
    }

    @Test("documents: a provision without its terms, terms that do not belong, a consent field that records no consent")
    func provisionDocumentErrors() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let agreement = ws.appending(path: "agreements/AG-2026-009-v1.xml")
        let original = try readText(agreement)
        let cases: [(file: URL, old: String, new: String, words: String)] = [
            (agreement, "<relationship>provision</relationship>", "<relationship>entrustment</relationship>",
             "this element does not belong in an agreement with relationship entrustment"),
            (agreement, #"consent-field="consent.provision_prize_sponsors""#, #"consent-field="consent.prize""#,
             "catalog field 'consent.prize' does not record a consent to provision to hoshizora-toys or to category prize-sponsors"),
            (agreement, #"consent-field="consent.provision_prize_sponsors""#, #"consent-field="consent.nothing""#,
             "the provision's consent field 'consent.nothing' is not in the catalog"),
        ]
        for change in cases {
            try Data(original.utf8).write(to: agreement)
            try edit(change.file, replacing: change.old, with: change.new)
            let check = try consign(["check"], in: ws)
            #expect(check.status == 2, "\(change.old)")
            #expect(check.stdout.contains(change.words) || check.stderr.contains(change.words), "\(check.stdout)\(check.stderr)")
            #expect(check.stderr.contains("agreements/AG-2026-009-v1.xml:41: error: \(change.words)") || change.new.contains("entrustment"), "\(check.stderr)")
        }
        try Data(original.utf8).write(to: agreement)
        try edit(agreement, replacing: #"<provision consent-field="#, with: #"<provisional consent-field="#)
        try edit(agreement, replacing: "</provision>", with: "</provisional>")
        let misnamed = try consign(["check"], in: ws)
        #expect(misnamed.status == 2 && misnamed.stderr.contains("AG-2026-009-v1.xml:41:3: error: <provisional> is not expected here; the schema expects <requires-certification> or <provision>"), "\(misnamed.stderr)")
        try Data(original.replacingOccurrences(of: #"<provision consent-field"#, with: "<!-- <provision consent-field").replacingOccurrences(of: "</provision>", with: "</provision> -->").utf8).write(to: agreement)
        let missing = try consign(["check"], in: ws)
        #expect((missing.stdout + missing.stderr).contains("an agreement with relationship provision needs its <provision> element"), "\(missing.stdout)\(missing.stderr)")
        try Data(original.utf8).write(to: agreement)
        let catalog = ws.appending(path: "templates/catalog.xml")
        try edit(catalog, replacing: #"<consent-to-provision category="prize-sponsors"/>"#, with: #"<consent-to-provision category="prize-sponsors" recipient="hoshizora-toys"/>"#)
        let both = try consign(["check"], in: ws)
        #expect((both.stdout + both.stderr).contains("consent-to-provision names either a recipient or a category, exactly one of them"), "\(both.stdout)\(both.stderr)")
    }
}

/// The answer to a request for disclosure: a self-contained HTML letter, checked in Chromium.
@Suite struct DisclosureLetterTests {
    @Test("the letter lists every provision of the person's data, the consented provision with its record, in Chromium")
    func theLetterListsEveryRecipient() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let customers = try pythonRows(csv: ws.appending(path: "data/customers.csv"))
        let header = customers[0]
        let (id, newsletter, linkad, value) = (
            header.firstIndex(of: "customer_id")!, header.firstIndex(of: "consent_newsletter")!,
            header.firstIndex(of: "consent_provision_linkad")!, header.firstIndex(of: "lifetime_value")!
        )
        let provided = try #require(customers.dropFirst().first { row in
            row[newsletter] == "true" && !row[linkad].isEmpty && row[linkad] <= "2026-11-18" && (Double(row[value]) ?? 0) >= 1
                && row[id] != "C00000002"
        })[id]
        let notConsenting = try #require(customers.dropFirst().first { $0[linkad].isEmpty && $0[newsletter] == "true" && $0[id] != "C00000002" })[id]
        let linkadTransfer = try #require(
            try ProvisionCLITests.provisions(ws).first { $0["recipient"] as? String == "linkad-network" }?["transfer"] as? String)

        for (person, consented) in [(provided, true), (notConsenting, false)] {
            let letter = root.appending(path: "letter-\(person).html")
            let run = try consign(["subject", "disclose", person, "--out", letter.path], in: ws)
            #expect(run.status == 0 && run.stdout.contains("the disclosure letter for \(person)"), "\(run.stderr)")
            let html = try readText(letter)
            #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
            #expect(html.matches(of: #/(?i)https?://[^\s"'<>)]*/#).isEmpty)
            // The browser's DOM: one row per transfer `subject show` lists, the provision's with its consent.
            let dom = try HeadlessChromium(scratch: root).dumpDOM(of: letter)
            let rows = dom.matches(of: #/<tr class="recipient" data-transfer="(T-[0-9a-f-]+)" data-contractor="([a-z-]+)" data-basis="([a-z-]*)">/#)
                .map { (String($0.1), String($0.2), String($0.3)) }
            let show = try JSONSerialization.jsonObject(with: Data(try consign(["subject", "show", person, "--format", "json"], in: ws).stdout.utf8))
            let shown = ((show as? [String: Any])?["transfers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(Set(rows.map(\.0)) == Set(shown) && rows.count == shown.count, "\(rows) \(shown)")
            #expect(rows.contains { $0.0 == linkadTransfer && $0.2 == "consent" } == consented, "\(person)")
            #expect(dom.contains("<tr class=\"provision\" data-transfer=\"\(linkadTransfer)\">") == consented)
            #expect(dom.contains("the disclosure of your personal data"))
        }
        let japanese = root.appending(path: "letter-ja.html")
        #expect(try consign(["subject", "disclose", provided, "--out", japanese.path, "--lang", "ja"], in: ws).status == 0)
        let dom = try HeadlessChromium(scratch: root).dumpDOM(of: japanese)
        #expect(dom.contains("<html lang=\"ja\">") && dom.contains("保有個人データの開示") && dom.contains("第三者提供の記録"))
    }
}

/// A request to stop providing one's data to third parties (APPI Art. 35(3)): later provisions leave the person
/// out, one planned before it and committed after it is refused, and the audit reports one made anyway.
@Suite struct StopProvisionTests {
    /// A customer the demo's provision to the ad network included, and a proof of identity.
    static func providedCustomer(_ ws: URL, root: URL) throws -> (id: String, pseudonym: String, proof: String) {
        let customers = try pythonRows(csv: ws.appending(path: "data/customers.csv"))
        let header = customers[0]
        let (id, newsletter, linkad, value) = (
            header.firstIndex(of: "customer_id")!, header.firstIndex(of: "consent_newsletter")!,
            header.firstIndex(of: "consent_provision_linkad")!, header.firstIndex(of: "lifetime_value")!
        )
        let person = try #require(customers.dropFirst().first { row in
            row[newsletter] == "true" && !row[linkad].isEmpty && row[linkad] <= "2026-11-18" && (Double(row[value]) ?? 0) >= 1
                && row[id] != "C00000002"
        })[id]
        let proof = root.appending(path: "proof.pdf")
        try Data("proof".utf8).write(to: proof)
        return (person, expectedPseudonym(person, contractor: "linkad-network", masterKey: try masterKeyBytes(ws)), proof.path)
    }

    static let extract = ["extract", "--task", "ad-audience-matching", "--contractor", "linkad-network", "--source", "data/customers.csv"]

    @Test("a later provision leaves the person out; entrusted work goes on")
    func laterProvisionsLeaveThePersonOut() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (person, pseudonym, proof) = try Self.providedCustomer(ws, root: root)
        _ = try ProvisionCLITests.succeed(
            ["subject", "request", person, "--kind", "stop-provision", "--identity-evidence", proof, "--note", "no more ads"], in: ws)
        let run = try ProvisionCLITests.succeed(Self.extract + ["--out", root.appending(path: "again").path], in: ws)
        #expect(run.stdout.contains("1 on the stop-use list"), "\(run.stdout)")
        let rows = try pythonRows(csv: try onlyPackage(in: root.appending(path: "again")).appending(path: "extract.csv"))
        #expect(!rows.contains { $0.contains(pseudonym) })
        #expect(!(try consign(["audit"], in: ws)).stdout.contains("[provision-not-stopped]"))
    }

    @Test("planned before the request and committed after it: refused")
    func theRecheckAtCommitRefusesIt() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (person, _, proof) = try Self.providedCustomer(ws, root: root)
        let run = try consign(Self.extract + ["--out", root.appending(path: "late").path], in: ws, pausingAt: "before-commit") {
            _ = try ProvisionCLITests.succeed(
                ["subject", "request", person, "--kind", "stop-provision", "--identity-evidence", proof, "--note", "x"], in: ws)
        }
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("asked that their data no longer be provided to third parties (event "), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "late").path))
    }

    @Test("a provision recorded by hand after the request is provision-not-stopped")
    func aProvisionMadeAnywayIsReported() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (person, _, proof) = try Self.providedCustomer(ws, root: root)
        _ = try ProvisionCLITests.succeed(
            ["subject", "request", person, "--kind", "stop-provision", "--identity-evidence", proof, "--note", "x"], in: ws)
        let subjects = root.appending(path: "subjects.txt")
        try Data("\(person)\n".utf8).write(to: subjects)
        _ = try ProvisionCLITests.succeed(
            ["transfer", "record", "--contractor", "linkad-network", "--task", "ad-audience-matching", "--on", "2026-11-18",
             "--fields", "customer.id:hmac", "--rows", "1", "--subjects", subjects.path, "--note", "an old list sent by mistake"], in: ws)
        let audit = try consign(["audit"], in: ws)
        #expect(audit.stdout.contains("error: [provision-not-stopped]") && audit.stdout.contains("that it no longer be provided"), "\(audit.stdout)")
    }
}
