import ConsignCore
import Foundation
import Testing

/// The audit's findings, the ledger's breaks and verdict, the reports and the help of `audit`, `report` and
/// `ledger` come from the catalogue in English and Japanese: every entry has both.
@Suite struct AuditTextTests {
    static let on = CalendarDate("2026-11-18")!

    static let transfer = Transfer(
        id: "T-20261118-1", origin: .recorded, on: on, contractor: "hayate-transport",
        agreement: .init(id: "AG-1", version: 2, sha256: "ab"), relationship: .entrustment, legalBasis: "entrustment",
        countries: ["JP"], approvedSubContractors: [], receivingSubContractors: [],
        task: .init(id: "prize-shipping", version: 1, sha256: "cd"), catalog: .init(id: "catalog", version: 3, sha256: "ef"),
        purpose: "prize-delivery", forms: [], rows: 5, files: [], package: "", retentionDue: on.adding(days: 30),
        encryption: "none", subjects: .init(count: 0, sha256: ""), note: "")

    /// An agreement without clauses (all of a)–h) missing), and the version that follows it.
    static let agreements = (
        current: agreement("AG-1", version: 2, contractor: "hayate-transport", from: "2025-04-01", to: "2026-12-01", purposes: ["p", "q"]),
        next: agreement("AG-1", version: 3, contractor: "hayate-transport", from: "2027-01-01", to: "2028-03-31", purposes: ["p"])
    )

    static var findings: [AuditText] {
        let (a, next) = agreements
        let t = transfer
        let problems: [AuditText.ForeignBasisProblem] = [
            .missing(a), .checkFailed(a, on: on), .neverChecked(a), .checkOverdue(a, last: on.adding(years: -1)),
        ]
        return [
            .noAgreementInForce(t), .purposeNotCovered(t, inForce: [a, next]), .evaluationFailed(t, .periodic, on: on),
            .contractorStatus(t, .suspended), .contractorStatus(t, .terminated), .deletionOverdue(t),
            .fieldNotCollected(t, forms: [FieldForm("person.name"), FieldForm("customer.id", .hmac)]),
            .pseudonymisationBroken(
                t, task: "survey", version: 2, [.relationship(.provision), .directIdentifiers([FieldForm("person.name")]), .contactsPerson]),
            .formNotPermitted(t, forms: [FieldForm("person.name")], agreement: a),
            .specialCareNotPermitted(t, fields: ["notes"], agreement: a),
            .pseudonymisationBroken(t, task: "survey", version: 2, [.paymentCredentials([FieldForm("account.card")])]),
            .mixOrEnrichUnderEntrustment(t, task: "survey", version: 2, agreement: a),
            .subContractorNotApproved(t, subContractor: "kita-delivery", .namedOnTransfer, agreement: a),
            .subContractorNotApproved(t, subContractor: "kita-delivery", .declaredInProfile(version: 2), agreement: a),
            .stopUseNotHonoured(t, subjects: ["00ab", "00cd"]), .noSelectionEvaluation(firstTransfer: t), .subjectsNotRecorded(t),
            .notMinimal(t, beyond: [FieldForm("contact.phone")], cost: 37, minimum: 30, sends: [FieldForm("person.name")]),
            .certificationLapsed(
                t, CertificationLapse(schemes: ["privacy-mark", "isms"], requiredBy: .agreement("AG-1", version: 2), on: on, last: nil)),
            .certificationLapsed(
                t,
                CertificationLapse(
                    schemes: ["privacy-mark"], requiredBy: .catalog, on: on,
                    last: Certification(scheme: "privacy-mark", number: "1(02)", expires: on))),
            .certificationExpiring(contractor: "c", profile: 2, Certification(scheme: "isms", number: "IS 1", expires: on), days: 30),
            .certificationExpired(contractor: "c", profile: 2, Certification(scheme: "isms", number: "IS 1", expires: on)),
            .agreementSignedLate(a, firstTransfer: nil), .agreementSignedLate(a, firstTransfer: t),
            .contractorReportOverdue(contractor: "c", last: nil, since: on, agreement: a, days: 90),
            .contractorReportOverdue(contractor: "c", last: on, since: on, agreement: a, days: 90),
            .incidentNoticeLate(incident: "INC-1", contractor: "c", hours: 72, agreement: a, allowed: 48),
            .incidentReportOverdue(incident: "INC-1", .preliminary, due: on, made: on, people: 4),
            .incidentReportOverdue(incident: "INC-1", .final, due: on, made: nil, people: 4),
            .countryNotCovered(
                t, agreement: a, profile: 2,
                [
                    CountryGap(place: .storage, country: "US", problem: .notInAgreement),
                    CountryGap(place: .agreement, country: "SG", problem: .outsideAdequacy),
                ]),
            .periodicEvaluationOverdue(contractor: "c", last: on, .selection),
            .clauseMissing(a, subjects: ["the company's right to check compliance"]),
            .agreementExpiring(a, last: on, days: 12, next: next), .agreementExpiring(a, last: on, days: 12, next: nil),
            .agreementExpired(a, next: next, .noTransfers), .agreementExpired(a, next: nil, .allConfirmed),
            .agreementExpired(a, next: nil, .open([t], overdue: 1)), .agreementExpired(a, next: nil, .open([t], overdue: 0)),
            .ledgerBroken("event 5 does not decode"), .documentMissing(schema: "task", sha256: "ab"),
            .summary(asOf: on, errors: 1, warnings: 2, transfers: 100_000, contractors: 8, agreements: 8, events: 100_030),
            .findingLine(severity: AuditText.error, code: "deletion-overdue", message: "m"), .ruleLine("APPI Art. 35"),
            .recordsLine(["transfer T-1", "contractor c"]), .coverageHeading(asOf: on), .coverageWritten(asOf: on, to: "c.json"),
        ] + problems.map { .foreignTransferWithoutBasis(t, countries: ["SG", "US"], $0) }
            + problems.map { .foreignBasisCheckOverdue(contractor: "c", $0) }
    }

    static let records: [AuditText.Record] = [
        .transfer("T-1"), .contractor("c"), .agreement("AG-1", version: 2), .event(5), .subContractor("kita"), .subject("00ab"),
    ]

    static let sentences: [Sentence] = [
        AuditText.error, AuditText.warning, AuditText.contractorColumn, AuditText.agreementsInForceColumn, AuditText.noAgreements,
        AuditText.coverageFormat, AuditText.coverageLegend,
        LedgerText.anchor, LedgerText.notYetInPlace, LedgerText.unreadablePackages, LedgerText.noLedgerElement,
        LedgerText.noManifest, LedgerText.anchorFormat,
        ReportText.none, ReportText.htmlFormatNeedsOut,
        ReportText.RegisterColumn.legalName, ReportText.RegisterColumn.deletionsConfirmed, ReportText.RegisterColumn.clauses,
        ReportText.RecipientColumn.legalBasis, ReportText.RecipientColumn.agreements,
        ReportText.Page.summary, ReportText.Page.agreementsInForce, ReportText.Page.ledgerBroken, ReportText.Page.ledgerIntact,
        ReportText.Page.noFindings, ReportText.Page.coverage, ReportText.Page.sentNotPermitted, ReportText.Page.coverageLegend,
        ReportText.Page.timeline, ReportText.Page.noAgreements, ReportText.Page.monthly, ReportText.Page.noTransfers,
        AuditHelp.audit, AuditHelp.findings, AuditHelp.coverage, AuditHelp.coverageDiscussion, AuditHelp.auditOn,
        AuditHelp.auditFormat, AuditHelp.out, AuditHelp.report, AuditHelp.reportOn, AuditHelp.recipients,
        AuditHelp.recipientsDiscussion, AuditHelp.recipientsFormat, AuditHelp.contractors, AuditHelp.contractorsDiscussion,
        AuditHelp.contractorsFormat, AuditHelp.html, AuditHelp.htmlDiscussion, AuditHelp.ledger, AuditHelp.head,
        AuditHelp.headDiscussion, AuditHelp.verify, AuditHelp.verifyDiscussion, AuditHelp.anchor, AuditHelp.packages,
    ] + AuditText.csvColumns

    static let ledger: [LedgerText] = [
        .newestEventsRemoved(anchor: "the anchor", anchorEvent: 30, lastEvent: 28),
        .newestEventsRemoved(anchor: "out/T-1/manifest.xml", anchorEvent: 30, lastEvent: 28),
        .anchorDisagrees(event: 12, anchor: "out/T-1/manifest.xml"), .eventMissing(4), .hashMismatch(event: 5),
        .doesNotDecode(event: 5), .subjectsWithoutTransfer(event: 6), .subjectsDisagree(transfer: "T-1", event: 7),
        .derivedDiffers(table: .transfers, stored: 2, implied: 3), .derivedDiffers(table: .deletions, stored: 0, implied: 1),
        .derivedDiffers(table: .stopUse, stored: 1, implied: 1), .derivedDiffers(table: .subjectIndex, stored: 9, implied: 8),
        .eventsMissing(from: 7, through: 9), .outOfPlace(event: 9, after: 6), .somethingElseAt("out/T-1"),
        .broken(events: [6, 8], message: "m"), .broken(events: [], message: "m"), .intact(events: 28, head: "ab"),
    ]

    static let reports: [ReportText] = [
        .deletionsConfirmed(1, of: 2, last: on), .deletionsConfirmed(0, of: 2, last: nil),
        .clauseCoverage(letters: "a b c d - f g h", missing: ["e"]),
        .retention(agreement: "AG-1", maxDays: 90, returnOrDeleteDays: 14), .retention(agreement: "AG-1", maxDays: 90, returnOrDeleteDays: nil),
        .written("audit as of 2026-11-18", to: "a.json"), .recipientsWritten(asOf: on, contractors: 3, to: "r.csv"),
        .contractorRegisterWritten(asOf: on, contractors: 3, to: "c.csv"), .title(company: "Kumo", asOf: on),
        .heading(company: "Kumo"), .asOf(on, ledgerHead: "ab", events: 28),
        .coverageCellTitle(permitted: ["person.name"], sent: ["person.name"], notPermitted: ["person.email"]),
        .versionSpan(agreement: "AG-1", version: 2, from: on, to: on.adding(days: 30)),
        .agreementEnd(agreement: "AG-1", on: on, passed: true), .agreementEnd(agreement: "AG-1", on: on, passed: false),
        .timelineLegend(asOf: on, noticeDays: 30), .monthlyBar(month: "2026-11", contractor: "c", transfers: 2),
        .olderTransfers(1_200, before: "2024-01"),
    ]

    static func isJapanese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
    }

    static func isEnglish(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII || "…×–·—".unicodeScalars.contains($0) }
    }

    @Test func everyEntryHasEnglishAndJapanese() {
        let entries: [any CatalogueEntry] =
            Self.findings + Self.records + Self.sentences + Self.ledger + Self.reports
            + [AuditHelp.auditDiscussion(codes: ["no-agreement-in-force", "ledger-broken"])]
        for entry in entries {
            let english = entry.text(.en), japanese = entry.text(.ja)
            // The one Japanese word in English: the register's name, which a Privacy Mark auditor asks for by it.
            #expect(Self.isEnglish(english.replacingOccurrences(of: "委託先管理台帳", with: "")), "\(english)")
            #expect(Self.isJapanese(japanese), "\(japanese)")
            #expect(english != japanese)
        }
    }

    /// A rule's law references stay; the prose around them (APPI, PPC, a reason in brackets) is Japanese.
    @Test func everyRuleIsGivenInBothLanguages() {
        let rules: [Sentence] = [
            AuditText.Rule.noAgreementInForce, AuditText.Rule.purposeNotCovered, AuditText.Rule.formNotPermitted,
            AuditText.Rule.fieldNotCollectedForPurpose, AuditText.Rule.pseudonymisationBroken, AuditText.Rule.contractorStatus,
            AuditText.Rule.noSelectionEvaluation, AuditText.Rule.evaluationFailed, AuditText.Rule.periodicEvaluationOverdue,
            AuditText.Rule.foreignBasisCheckOverdue, AuditText.Rule.foreignTransferWithoutBasis, AuditText.Rule.clauseMissing,
            AuditText.Rule.deletionOverdue, AuditText.Rule.agreementExpiring, AuditText.Rule.agreementExpired,
            AuditText.Rule.subContractorNotApproved, AuditText.Rule.mixOrEnrichUnderEntrustment, AuditText.Rule.stopUseNotHonoured,
            AuditText.Rule.ledgerBroken, AuditText.Rule.clockOverridden, AuditText.Rule.countryNotCovered,
            AuditText.Rule.subjectsNotRecorded, AuditText.Rule.certification, AuditText.Rule.agreementSignedLate,
            AuditText.Rule.notMinimal, AuditText.Rule.specialCareNotPermitted,
        ]
        for rule in rules {
            #expect(Self.isEnglish(rule.english), "\(rule.english)")
            let bareReference = !rule.english.contains("APPI") && !rule.english.contains("PPC") && !rule.english.contains("(")
            #expect(bareReference || Self.isJapanese(rule.japanese), "\(rule.japanese)")
            #expect(!rule.japanese.contains("APPI") && !rule.japanese.contains("PPC") && !rule.japanese.contains("Art."))
            if rule.english.contains("JIS Q 15001") { #expect(rule.japanese.contains("JIS Q 15001 A.3.4.3.4")) }
        }
    }

    @Test func aJapaneseFindingNamesTheTransferWithItsIdsAndSpacedTokens() {
        let text = AuditText.deletionOverdue(Self.transfer).text(.ja)
        #expect(
            text == "委託先 hayate-transport への 2026-11-18 の提供 T-20261118-1（業務 prize-shipping、利用目的 prize-delivery）："
                + "データの削除・返却の期限は 2026-12-18 でしたが、削除証明書が記録されていません"
                + "（consign transfer confirm-deletion T-20261118-1 --certificate FILE で記録します）")
        #expect(LedgerText.anchorDisagrees(event: 3, anchor: "out/T-1/manifest.xml").text(.ja).contains("が out/T-1/manifest.xml の記録"))
        #expect(LedgerText.anchorDisagrees(event: 3, anchor: LedgerText.anchor.japanese).text(.ja).contains("がアンカーの記録"))
    }
}
