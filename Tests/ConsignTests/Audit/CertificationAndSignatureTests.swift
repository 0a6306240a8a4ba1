import ConsignKeys
import Foundation
import Testing

/// Certifications an agreement or the catalog requires, checked by the planner and by the audit for each
/// transfer's date; certifications about to expire or expired; agreements signed after they took effect or
/// after their first transfer; and signed documents against the SHA-256 their agreements record. Through
/// the command only; today is 2026-11-18.
@Suite struct CertificationAndSignatureTests {
    func plan(_ contractor: String, on date: String? = nil, in ws: AuditWorkspace) throws -> (status: Int32, codes: [String], reasons: [String]) {
        let run = try consign(
            ["plan", "--task", "prize-shipping", "--contractor", contractor, "--format", "json"] + (date.map { ["--on", $0] } ?? []),
            in: ws.root, environment: ["SOURCE_DATE_EPOCH": AuditClock.today])
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return (run.status, answer["reason_codes"] as? [String] ?? [], answer["reasons"] as? [String] ?? [])
    }

    /// An agreement requiring a Privacy Mark or an ISMS: the plan is refused once the contractor's only one
    /// has expired, a transfer after that is an error, one before it is not.
    @Test func aRequiredCertificationThatLapsedRefusesThePlanAndIsFoundForLaterTransfers() throws {
        let ws = try AuditWorkspace.create("consign-certification-lapsed")
        defer { ws.remove() }
        try ws.addContractor("marked-courier", certifications: [("privacy-mark", "2026-10-31"), ("soc2", "2030-01-01")])
        try ws.addAgreement(
            AgreementDocument(id: "AG-MARKED", contractor: "marked-courier", requiresCertification: "privacy-mark isms"))
        try ws.evaluate("marked-courier", on: "2026-01-15")
        let shown = try ws.run(["agreement", "show", "AG-MARKED"]).stdout
        #expect(shown.contains("  requires          a valid privacy-mark or isms certification on each transfer's date\n"), "\(shown)")
        #expect(try plan("marked-courier", on: "2026-10-31", in: ws).status == 0, "valid through its expiry date")
        let refused = try plan("marked-courier", in: ws)
        #expect(refused.status == 1)
        #expect(refused.codes == ["certification-lapsed"])
        #expect(
            refused.reasons == [
                "contractor marked-courier has no valid privacy-mark or isms certification on 2026-11-18, which agreement "
                    + "AG-MARKED v1 requires (its privacy-mark certification N-1 expired on 2026-10-31)"
            ])
        let before = try ws.record("marked-courier", on: "2026-10-30").id
        let after = try ws.record("marked-courier", on: "2026-11-02").id
        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(audit.findings("certification-lapsed").map(\.records.first) == ["transfer \(after)"], "\(audit.listing)")
        #expect(audit.findings("certification-lapsed").first?.severity == "error")
        #expect(audit.findings(naming: "transfer \(before)").isEmpty, "\(audit.listing)")
        // The lapsed certification is the last of its scheme: expired.
        #expect(
            audit.findings("certification-expired").map(\.message) == [
                "the privacy-mark certification N-1 of contractor marked-courier (profile v1) expired on 2026-10-31, and no later "
                    + "one of the scheme is registered"
            ], "\(audit.listing)")

        // A renewed certification in a new profile version: planned again, and the audit is content.
        try ws.addContractor("marked-courier", version: 2, certifications: [("isms", "2029-03-31")])
        #expect(try plan("marked-courier", in: ws).status == 0)
        let renewed = try ws.audit(asOf: "2026-11-18")
        #expect(renewed.findings("certification-expired").isEmpty, "\(renewed.listing)")
        #expect(renewed.findings("certification-lapsed").count == 1, "the transfer made while it had lapsed stays an error")
    }

    /// The catalog may require a certification of every contractor.
    @Test func theCatalogMayRequireOneOfEveryContractor() throws {
        let ws = try AuditWorkspace.create("consign-certification-catalog")
        defer { ws.remove() }
        try edit(
            ws.root.appending(path: "templates/catalog.xml"), replacing: "<time-zone>Asia/Tokyo</time-zone>",
            with: "<time-zone>Asia/Tokyo</time-zone>\n    <requires-certification any-of=\"privacy-mark\"/>")
        try ws.addContractor("plain-courier", agreement: AgreementDocument(id: "AG-PLAIN", contractor: "plain-courier"))
        try ws.evaluate("plain-courier", on: "2026-01-15")
        let refused = try plan("plain-courier", in: ws)
        #expect(refused.codes == ["certification-lapsed"])
        #expect(refused.reasons.first?.hasSuffix("which the company's catalog requires (its profile lists none)") == true)
        let t = try ws.record("plain-courier", on: "2026-11-01").id
        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(audit.findings("certification-lapsed").map(\.records.first) == ["transfer \(t)"], "\(audit.listing)")
        let japanese = try consign(["--lang", "ja", "audit", "--as-of", "2026-11-18"], in: ws.root)
        #expect(japanese.stdout.contains("に有効な privacy-mark の認証がありません。会社のカタログが求めています"), "\(japanese.stdout)")
    }

    @Test func aCertificationAboutToExpireIsAWarning() throws {
        let ws = try AuditWorkspace.create("consign-certification-expiring")
        defer { ws.remove() }
        try ws.addContractor(
            "soon-courier", certifications: [("privacy-mark", "2027-02-15"), ("isms", "2027-02-17"), ("isms", "2025-01-01")])
        try ws.addAgreement(AgreementDocument(id: "AG-SOON", contractor: "soon-courier"))
        let audit = try ws.audit(asOf: "2026-11-18")
        // 89 days ahead is reported, 91 is not; the old isms is not the last of its scheme.
        #expect(
            audit.findings("certification-expiring").map(\.message) == [
                "the privacy-mark certification N-1 of contractor soon-courier (profile v1) expires on 2027-02-15, in 89 day(s): "
                    + "register a profile version with the renewed one"
            ], "\(audit.listing)")
        #expect(audit.findings("certification-expiring").first?.severity == "warning")
        #expect(audit.findings("certification-expired").isEmpty, "\(audit.listing)")
    }

    /// Signed after it took effect: a warning in `check` and the audit; signed after a transfer under it:
    /// an error.
    @Test func anAgreementSignedLateIsReported() throws {
        let ws = try AuditWorkspace.create("consign-signed-late")
        defer { ws.remove() }
        try ws.addContractor(
            "late-signer", agreement: AgreementDocument(id: "AG-LATE", contractor: "late-signer", from: "2026-01-01", signed: "2026-03-01"))
        try ws.evaluate("late-signer", on: "2026-01-15")
        let check = try consign(["check"], in: ws.root)
        #expect(
            check.stderr.contains(
                "agreements/AG-LATE-v1.xml:2: warning: agreement AG-LATE v1 (late-signer) was signed on 2026-03-01, after it took "
                    + "effect on 2026-01-01"), "\(check.stderr)")
        let warned = try ws.audit(asOf: "2026-11-18")
        #expect(warned.findings("agreement-signed-late").map(\.severity) == ["warning"], "\(warned.listing)")

        let early = try ws.record("late-signer", on: "2026-02-10").id
        let audit = try ws.audit(asOf: "2026-11-18")
        let found = audit.findings("agreement-signed-late")
        #expect(found.map(\.severity) == ["error"], "\(audit.listing)")
        #expect(
            found.first?.message
                == "agreement AG-LATE v1 (late-signer) was signed on 2026-03-01, after its first transfer \(early) on 2026-02-10")
        #expect(found.first?.records == ["agreement AG-LATE v1", "contractor late-signer", "transfer \(early)"])
    }

    /// `agreement verify-document` and `check --signed-documents` compare signed documents with the SHA-256
    /// their agreements record.
    @Test func signedDocumentsAreCheckedAgainstTheirRecordedHashes() throws {
        let ws = try AuditWorkspace.create("consign-signed-documents")
        defer { ws.remove() }
        let signed = "%PDF-1.7 the agreement AG-DOC as signed by both parties"
        try ws.write("contracts/AG-DOC-v1.pdf", signed)
        try ws.addContractor(
            "doc-courier",
            agreement: AgreementDocument(id: "AG-DOC", contractor: "doc-courier", documentSHA256: sha256Hex(Array(signed.utf8))))
        try ws.addContractor("other-courier", agreement: AgreementDocument(id: "AG-OTHER", contractor: "other-courier"))

        let matches = try consign(["agreement", "verify-document", "AG-DOC", "contracts/AG-DOC-v1.pdf"], in: ws.root)
        #expect(matches.status == 0, "\(matches.stderr)")
        #expect(
            matches.stdout
                == "contracts/AG-DOC-v1.pdf is the signed document of agreement AG-DOC v1 (contracts/AG-DOC-v1.pdf, sha256 "
                + "\(sha256Hex(Array(signed.utf8))))\n")
        try ws.write("contracts/forged.pdf", signed + " and a clause added later")
        let differs = try consign(["agreement", "verify-document", "AG-DOC", "contracts/forged.pdf", "--version", "1"], in: ws.root)
        #expect(differs.status == 1)
        #expect(differs.stdout.hasPrefix("contracts/forged.pdf: this is not the signed document agreement AG-DOC v1 records: its sha256 is "))
        let missing = try consign(["agreement", "verify-document", "AG-DOC", "contracts/none.pdf"], in: ws.root)
        #expect(missing.status == 2 && missing.stderr.contains("contracts/none.pdf: error: no such file"), "\(missing.stderr)")
        #expect(try consign(["agreement", "verify-document", "AG-DOC", "contracts/AG-DOC-v1.pdf", "--version", "2"], in: ws.root).status == 2)

        // The folder: AG-DOC's is there and matches, AG-OTHER's is missing (a warning).
        let folder = try consign(["check", "--signed-documents", "."], in: ws.root)
        #expect(folder.status == 0, "\(folder.stderr)")
        #expect(
            folder.stderr.contains(
                "agreements/AG-OTHER-v1.xml:2: warning: the signed document of agreement AG-OTHER v1 (contracts/AG-OTHER-v1.pdf) is not in ."),
            "\(folder.stderr)")
        #expect(!folder.stderr.contains("AG-DOC"), "\(folder.stderr)")
        // Changed: an error, exit 2.
        try ws.write("contracts/AG-DOC-v1.pdf", signed + ".")
        let changed = try consign(["check", "--signed-documents", "."], in: ws.root)
        #expect(changed.status == 2)
        #expect(
            changed.stderr.contains("contracts/AG-DOC-v1.pdf: error: this is not the signed document agreement AG-DOC v1 records"),
            "\(changed.stderr)")
    }
}
