import ConsignCore
import Foundation
import Testing

/// Where a contractor holds the data against the countries its agreement names and the basis it gives
/// abroad (APPI Art. 28): `check` warns, the planner refuses and the audit reports each past transfer, as
/// procurement and staff would meet it, through the command only. Today is 2026-11-18.
@Suite struct CountryCoverageTests {
    /// A plan for prize-shipping: its exit status and JSON answer.
    func plan(_ contractor: String, in ws: AuditWorkspace) throws -> (status: Int32, reasons: [String], codes: [String]) {
        let run = try consign(["plan", "--task", "prize-shipping", "--contractor", contractor, "--format", "json"], in: ws.root,
            environment: ["SOURCE_DATE_EPOCH": AuditClock.today])
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return (run.status, answer["reasons"] as? [String] ?? [], answer["reason_codes"] as? [String] ?? [])
    }

    /// A contractor that moves its storage to the US after its agreement (JP only) was signed: the plan is
    /// refused from then on, `check` warns on the profile, and the audit reports the transfer made after
    /// the new profile version, not the one before it.
    @Test func storageMovedAbroadAfterTheAgreementIsRefusedWarnedAndFound() throws {
        let ws = try AuditWorkspace.create("consign-countries-storage")
        defer { ws.remove() }
        try ws.addContractor("moving-courier", agreement: AgreementDocument(id: "AG-MOVING", contractor: "moving-courier"))
        try ws.evaluate("moving-courier", on: "2026-01-15")
        #expect(try plan("moving-courier", in: ws).status == 0)
        let before = try ws.record("moving-courier", on: "2026-11-01").id
        try ws.addContractor("moving-courier", version: 2, storage: "JP US")
        let after = try ws.record("moving-courier", on: "2026-11-02").id

        let refused = try plan("moving-courier", in: ws)
        #expect(refused.status == 1)
        #expect(refused.codes == ["country-not-covered"])
        #expect(
            refused.reasons == [
                "agreement AG-MOVING v1 (countries JP) does not cover where contractor moving-courier (profile v2) holds the data "
                    + "(APPI Art. 28; PPC Rules 16-18): storage in US is not among the agreement's countries"
            ])

        let check = try consign(["check"], in: ws.root)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(
            check.stderr.contains(
                "agreements/contractors/moving-courier-v2.xml:2: warning: agreement AG-MOVING v1 (countries JP) does not cover where "
                    + "contractor moving-courier (profile v2) holds the data"), "\(check.stderr)")

        let audit = try ws.audit(asOf: "2026-11-18")
        let found = audit.findings("country-not-covered")
        #expect(found.count == 1, "\(audit.listing)")
        #expect(found.first?.records == ["transfer \(after)", "contractor moving-courier", "agreement AG-MOVING v1"])
        #expect(found.first?.severity == "error")
        #expect(found.first?.message.contains("storage in US is not among the agreement's countries (") == false)
        #expect(found.first?.message.hasSuffix("(profile v2): storage in US is not among the agreement's countries") == true)
        #expect(audit.findings(naming: "transfer \(before)").isEmpty, "\(audit.listing)")
        #expect(audit.run.status == 1)

        let japanese = try consign(["--lang", "ja", "audit", "--as-of", "2026-11-18"], in: ws.root)
        #expect(japanese.stdout.contains("保管の国 US は契約の国に含まれていません"), "\(japanese.stdout)")
    }

    /// A sub-contractor the profile declares for the task's purpose, in a country the agreement does not
    /// name; one declared for another purpose does not count.
    @Test func aSubContractorAbroadIsRefusedAndFound() throws {
        let ws = try AuditWorkspace.create("consign-countries-sub")
        defer { ws.remove() }
        try ws.addContractor(
            "relay-courier",
            subContractors: [
                DeclaredSubContractor(id: "seoul-relay", country: "KR"),
                DeclaredSubContractor(id: "manila-desk", purposes: "inquiries", country: "PH"),
            ],
            agreement: AgreementDocument(
                id: "AG-RELAY", contractor: "relay-courier", approved: [ApprovedSubContractor(id: "seoul-relay")]))
        try ws.evaluate("relay-courier", on: "2026-01-15")
        let refused = try plan("relay-courier", in: ws)
        #expect(refused.status == 1)
        #expect(refused.codes == ["country-not-covered"])
        #expect(refused.reasons.first?.hasSuffix("sub-contractor seoul-relay in KR is not among the agreement's countries") == true)
        #expect(refused.reasons.first?.contains("PH") == false)
        let t = try ws.record("relay-courier", on: "2026-11-01", subContractors: ["seoul-relay"]).id
        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(audit.findings("country-not-covered").map(\.records.first) == ["transfer \(t)"], "\(audit.listing)")
    }

    /// An agreement relying on EU/UK adequacy covers the EEA and the UK only: Germany is covered, the US it
    /// also names is not. A contract basis covers any country.
    @Test func anAdequacyBasisCoversTheEEAAndTheUKOnly() throws {
        let ws = try AuditWorkspace.create("consign-countries-adequacy")
        defer { ws.remove() }
        try ws.addContractor(
            "berlin-stats", country: "DE",
            agreement: AgreementDocument(id: "AG-BERLIN", contractor: "berlin-stats", countries: "DE", foreignBasis: "eu-uk-adequacy"))
        try ws.evaluate("berlin-stats", on: "2026-01-15")
        #expect(try plan("berlin-stats", in: ws).status == 0)

        try ws.addContractor(
            "atlantic-stats", country: "DE",
            agreement: AgreementDocument(
                id: "AG-ATLANTIC", contractor: "atlantic-stats", countries: "DE US", foreignBasis: "eu-uk-adequacy"))
        try ws.evaluate("atlantic-stats", on: "2026-01-15")
        let refused = try plan("atlantic-stats", in: ws)
        #expect(refused.status == 1)
        #expect(refused.codes == ["country-not-covered"])
        #expect(
            refused.reasons.first?.hasSuffix(
                "the agreement's country US is outside the EU/UK adequacy the agreement relies on (PPC Public Notice No. 1 of 2019: "
                    + "the EEA and the UK)") == true, "\(refused.reasons)")
        let check = try consign(["check"], in: ws.root)
        #expect(check.stderr.contains("agreements/AG-ATLANTIC-v1.xml:2: warning: agreement AG-ATLANTIC v1 (countries DE US)"), "\(check.stderr)")
        let t = try ws.record("atlantic-stats", on: "2026-11-01").id
        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(audit.findings("country-not-covered").map(\.records.first) == ["transfer \(t)"], "\(audit.listing)")

        try ws.addContractor(
            "contract-stats", country: "US",
            agreement: AgreementDocument(
                id: "AG-CONTRACT", contractor: "contract-stats", countries: "US", foreignBasis: "equivalent-measures-contract"))
        try ws.evaluate("contract-stats", on: "2026-01-15")
        try ws.evaluate("contract-stats", kind: "foreign-basis", on: "2026-06-01")
        #expect(try plan("contract-stats", in: ws).status == 0)
    }

    /// The rule itself, place by place.
    @Test func theGapsNameEachPlace() {
        let profile = ContractorProfile(
            id: "c", version: 3, legalName: "C", address: "x", addressCountry: "US", representative: "r",
            privacyContact: PrivacyContact(name: "p", email: "p@c.example"), processingCountries: ["JP", "SG"],
            storageCountries: ["US"],
            subContractors: [
                SubContractor(id: "a", name: "A", role: "r", country: "KR", purposes: ["p1"]),
                SubContractor(id: "b", name: "B", role: "r", country: "PH", purposes: ["p2"]),
            ])
        let jp = agreement("AG", from: "2026-01-01", to: "2030-12-31", purposes: ["p1"], countries: ["JP", "SG"])
        // The address alone is not where the data is held.
        #expect(
            jp.countryGaps(of: profile, purposes: ["p1"], home: "JP") == [
                CountryGap(place: .storage, country: "US", problem: .notInAgreement),
                CountryGap(place: .subContractor("a"), country: "KR", problem: .notInAgreement),
            ])
        var adequacy = agreement("AG", from: "2026-01-01", to: "2030-12-31", purposes: ["p1"], countries: ["JP", "FR", "US", "GB", "SG"])
        adequacy.foreignBasis = ForeignBasis(kind: .euUKAdequacy, explanation: "EU")
        #expect(
            adequacy.countryGaps(of: profile, purposes: ["p3"], home: "JP") == [
                CountryGap(place: .agreement, country: "US", problem: .outsideAdequacy),
                CountryGap(place: .agreement, country: "SG", problem: .outsideAdequacy),
            ])
        let gaps = adequacy.countryGaps(of: profile, purposes: ["p1", "p2"], home: "JP")
        for gap in gaps { expectEnglishAndJapanese(gap) }
        expectEnglishAndJapanese(
            PlanText.countryNotCovered(agreement: "AG", version: 1, countries: ["JP", "FR"], contractor: "c", profile: 3, gaps))
        expectEnglishAndJapanese(
            PlanText.certificationLapsed(
                contractor: "c",
                CertificationLapse(schemes: ["isms"], requiredBy: .catalog, on: CalendarDate("2026-11-18")!, last: nil)))
    }
}
