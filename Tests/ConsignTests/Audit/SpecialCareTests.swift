import ConsignCore
import Foundation
import Testing

/// Special-care data (APPI 要配慮個人情報) goes only where the agreement names it as such, and says so in the
/// plan, the manifest, `transfer show` and the reports; payment credentials (PPC Rule 31(3)) never go in a
/// pseudonymised task. Through the command only; today is 2026-11-18.
@Suite struct SpecialCareTests {
    static let callCentreFields = [
        "customer.id", "person.name", "person.name_kana", "contact.phone", "contact.email", "person.birth_date:year",
        "address.postal_code", "notes",
    ]

    func plan(_ task: String, _ contractor: String, in ws: AuditWorkspace) throws -> (status: Int32, text: String) {
        let run = try consign(
            ["plan", "--task", task, "--contractor", contractor], in: ws.root, environment: ["SOURCE_DATE_EPOCH": AuditClock.today])
        return (run.status, run.stdout)
    }

    @Test func aSpecialCareFieldGoesOnlyWhereTheAgreementNamesItAsSuch() throws {
        let ws = try AuditWorkspace.create("consign-special-care")
        defer { ws.remove() }
        try ws.addContractor(
            "plain-centre",
            agreement: AgreementDocument(
                id: "AG-PLAIN", contractor: "plain-centre", purposes: "inquiries", permitted: Self.callCentreFields))
        try ws.evaluate("plain-centre", on: "2026-01-15")
        try ws.addContractor(
            "careful-centre",
            agreement: AgreementDocument(
                id: "AG-CAREFUL", contractor: "careful-centre", purposes: "inquiries", permitted: Self.callCentreFields,
                specialCare: ["notes"]))
        try ws.evaluate("careful-centre", on: "2026-01-15")

        let refused = try plan("inquiry-call-centre", "plain-centre", in: ws)
        #expect(refused.status == 1)
        #expect(
            refused.text.contains(
                "option notes: notes is of special care (APPI Art. 2(3)), and agreement AG-PLAIN v1 does not permit it as such "
                    + "(<field ref=\"notes\" special-care=\"true\"/>)"), "\(refused.text)")
        let planned = try plan("inquiry-call-centre", "careful-centre", in: ws)
        #expect(planned.status == 0 && planned.text.contains("notes (special care)  keep"), "\(planned.text)")

        // Sent by hand where it was not permitted as such: an error of the audit; where it was: recorded as such.
        let fields = "customer.id,person.name_kana,contact.email,person.birth_date:year,notes"
        let careless = try ws.record("plain-centre", task: "inquiry-call-centre", on: "2026-11-01", fields: fields).id
        let careful = try ws.record("careful-centre", task: "inquiry-call-centre", on: "2026-11-01", fields: fields).id
        let audit = try ws.audit(asOf: "2026-11-18")
        let found = audit.findings("special-care-not-permitted")
        #expect(found.map(\.records.first) == ["transfer \(careless)"], "\(audit.listing)")
        #expect(found.first?.message.hasSuffix("sent notes, of special care (APPI Art. 2(3)), which agreement AG-PLAIN v1 does not permit as such") == true)
        let shown = try ws.run(["transfer", "show", careful]).stdout
        #expect(shown.contains("of special care (APPI Art. 2(3)): notes"), "\(shown)")
        let register = try ws.run(["report", "contractors", "--format", "csv"]).stdout
        #expect(register.contains("special-care data sent"), "\(register)")
    }

    @Test func thePlannersSentencesAreInBothLanguages() {
        let entries: [any CatalogueEntry] = [
            PlanText.specialCareNotPermitted(field: "notes", agreement: "AG-1", version: 1),
            PlanText.paymentCredential(FieldForm("account.card")), PlanText.specialCareMark,
            WithholdingReason.specialCareNotPermitted(agreement: "AG-1", version: 1), WithholdingReason.paymentCredential,
            ReportText.RegisterColumn.specialCare, ReportText.RecipientColumn.specialCare,
        ]
        for entry in entries { expectEnglishAndJapanese(entry) }
    }

    @Test func anExtractMarksItsSpecialCareFieldsInTheManifest() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try extract("inquiry-call-centre", "kizuna-contact", source: "data/customers.csv", out: "../out", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try readText(try onlyPackage(in: root.appending(path: "out")).appending(path: "manifest.xml"))
        #expect(manifest.contains("<field id=\"notes\" form=\"keep\" special-care=\"true\"/>"), "\(manifest)")
        #expect(manifest.contains("<field id=\"contact.email\" form=\"keep\"/>"))
        #expect(try consign(["ledger", "verify", "--packages", "../out"], in: ws).status == 0)
    }

    /// A card number or payment credential is never in a pseudonymised task: the planner refuses it and the
    /// audit finds it in a transfer recorded by hand.
    @Test func aPaymentCredentialIsNeverInAPseudonymisedTask() throws {
        let ws = try AuditWorkspace.create("consign-payment-credential")
        defer { ws.remove() }
        try edit(
            ws.root.appending(path: "templates/catalog.xml"),
            replacing: #"<field id="account.lifetime_value" column="lifetime_value" category="account" weight="3" identifiability="quasi" numeric="true">"#,
            with: #"<field id="account.lifetime_value" column="lifetime_value" category="account" weight="3" identifiability="quasi" numeric="true" payment-credential="true">"#)
        try ws.addContractor(
            "stats-abroad", country: "DE",
            agreement: AgreementDocument(
                id: "AG-STATS", contractor: "stats-abroad", purposes: "statistics",
                permitted: [
                    "customer.id:hmac", "person.birth_date", "address.prefecture", "person.gender", "account.lifetime_value",
                    "account.registered_at",
                ], countries: "DE", foreignBasis: "eu-uk-adequacy"))
        try ws.evaluate("stats-abroad", on: "2026-01-15")
        let refused = try plan("statistics-abroad", "stats-abroad", in: ws)
        #expect(refused.text.contains("account.lifetime_value:bucket(10000) is a payment credential, which a pseudonymised task never sends (PPC Rule 31(3))"), "\(refused.text)")
        let t = try ws.record(
            "stats-abroad", task: "statistics-abroad", on: "2026-11-01", fields: "customer.id:hmac,account.lifetime_value:bucket(10000)").id
        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(
            audit.findings("pseudonymisation-broken").first { $0.records.first == "transfer \(t)" }?.message
                .contains("it sent the payment credential(s) account.lifetime_value:bucket(10000) (PPC Rule 31(3))") == true,
            "\(audit.listing)")
    }
}
