import Foundation
import Testing

/// A register whose only findings are warnings (today 2026-11-18): an evaluation more than a year old,
/// agreements lacking clauses, ending soon and ended, each beside the case the check must leave alone.
struct WarningsLab: Sendable {
    let workspace: AuditWorkspace
    let transfers: [String: String]
    /// `consign audit --format json --as-of 2026-11-18`.
    let audit: AuditOutcome

    @TaskLocal static var current: WarningsLab?

    func transfer(_ name: String) -> String { "transfer \(transfers[name]!)" }

    static func build() throws -> (value: WarningsLab, directory: URL) {
        let ws = try AuditWorkspace.create("consign-audit-warnings")
        do {
            var t: [String: String] = [:]
            func contractor(_ id: String, _ agreements: [AgreementDocument], selected: String = "2026-01-15") throws {
                try ws.addContractor(id)
                for agreement in agreements { try ws.addAgreement(agreement) }
                try ws.evaluate(id, on: selected)
            }

            // Selected on 2025-06-01 and never evaluated since; beside it, one re-evaluated on 2026-06-01.
            try contractor(
                "stale-review", [AgreementDocument(id: "AG-STALE-REVIEW", contractor: "stale-review", from: "2025-01-01")], selected: "2025-06-01")
            try contractor(
                "fresh-review", [AgreementDocument(id: "AG-FRESH-REVIEW", contractor: "fresh-review", from: "2025-01-01")], selected: "2025-06-01")
            try ws.evaluate("fresh-review", kind: "periodic", on: "2026-06-01")

            // A former contractor: its agreement ended on 2025-12-31, when it was terminated.
            try contractor(
                "retired", [AgreementDocument(id: "AG-RETIRED", contractor: "retired", from: "2024-01-01", to: "2025-12-31")],
                selected: "2023-12-15")
            try ws.run(["contractor", "terminate", "retired", "--on", "2025-12-31", "--note", "contract ended"])

            // Clauses: two missing from the agreement in force; one missing from a superseded version only;
            // one missing from the next version, signed but not yet in force (which also renews the first
            // version, ending on 2026-12-01, so that its end is no warning).
            try contractor(
                "loose-terms",
                [AgreementDocument(id: "AG-LOOSE", contractor: "loose-terms", missingClauses: ["compliance-check", "incident-reporting"])])
            try contractor(
                "mended-terms",
                [
                    AgreementDocument(id: "AG-MENDED", contractor: "mended-terms", from: "2025-01-01", missingClauses: ["security"]),
                    AgreementDocument(id: "AG-MENDED", version: 2, contractor: "mended-terms", from: "2026-04-01"),
                ])
            try contractor(
                "future-terms",
                [
                    AgreementDocument(id: "AG-FUTURE", contractor: "future-terms", from: "2025-01-01", to: "2026-12-01"),
                    AgreementDocument(
                        id: "AG-FUTURE", version: 2, contractor: "future-terms", from: "2026-12-02", to: "2031-12-31",
                        missingClauses: ["after-termination"]),
                ])

            // Renewed with a gap: version 1 ends on 2026-12-01, version 2 takes effect on 2027-01-01.
            try contractor(
                "gap-terms",
                [
                    AgreementDocument(id: "AG-GAP", contractor: "gap-terms", from: "2025-12-01", to: "2026-12-01"),
                    AgreementDocument(id: "AG-GAP", version: 2, contractor: "gap-terms", from: "2027-01-01", to: "2031-12-31"),
                ])

            // Ends: on 2026-12-01 (in 13 days), and on 2026-12-31 (in 43 days).
            try contractor("ending-soon", [AgreementDocument(id: "AG-ENDING", contractor: "ending-soon", from: "2025-12-01", to: "2026-12-01")])
            try contractor("ending-later", [AgreementDocument(id: "AG-LATER", contractor: "ending-later", from: "2025-12-01", to: "2026-12-31")])

            // Ended on 2026-10-31: with one transfer still open (due 2026-12-19) and one confirmed deleted;
            // and one whose only transfer is confirmed deleted.
            try contractor("expired-open", [AgreementDocument(id: "AG-EXPIRED", contractor: "expired-open", from: "2025-11-01", to: "2026-10-31")])
            t["open"] = try ws.record("expired-open", on: "2026-10-20").id
            t["deleted"] = try ws.record("expired-open", on: "2026-10-10").id
            try ws.confirmDeletion(t["deleted"]!, on: "2026-11-01")
            try contractor("expired-closed", [AgreementDocument(id: "AG-CLOSED", contractor: "expired-closed", from: "2025-11-01", to: "2026-10-31")])
            t["closed"] = try ws.record("expired-closed", on: "2026-10-01").id
            try ws.confirmDeletion(t["closed"]!, on: "2026-10-25")

            let audit = try ws.audit(asOf: "2026-11-18")
            return (WarningsLab(workspace: ws, transfers: t, audit: audit), ws.root)
        } catch {
            ws.remove()
            throw error
        }
    }
}

extension Trait where Self == SharedWorkspace<WarningsLab> {
    static var warningsLab: Self { SharedWorkspace(build: WarningsLab.build, local: WarningsLab.$current) }
}

/// The warning codes of `consign audit`, and the one that turns into an error: agreement-expired once a
/// transfer under the ended agreement is past its deletion due date.
@Suite(.warningsLab) struct AuditWarningFindingsTests {
    var lab: WarningsLab { get throws { try shared(WarningsLab.$current) } }

    func only(_ code: String, naming record: String, in outcome: AuditOutcome? = nil) throws -> AuditReportJSON.Finding {
        let audit = try outcome ?? self.lab.audit
        let found = audit.findings(code, naming: record)
        try #require(found.count == 1, "\(code) for \(record):\n\(audit.listing)")
        return found[0]
    }

    @Test func warningsAloneExitZeroAndAreTheOnlyFindings() throws {
        let lab = try self.lab
        #expect(lab.audit.run.status == 0, "\(lab.audit.run.stderr)")
        let found = lab.audit.findings.map { "\($0.code) \($0.records[0])" }.sorted()
        #expect(
            found == [
                "agreement-expired agreement AG-CLOSED v1",
                "agreement-expired agreement AG-EXPIRED v1",
                "agreement-expired agreement AG-RETIRED v1",
                "agreement-expiring agreement AG-ENDING v1",
                "agreement-expiring agreement AG-GAP v1",
                "clause-missing agreement AG-FUTURE v2",
                "clause-missing agreement AG-LOOSE v1",
                "periodic-evaluation-overdue contractor stale-review",
            ], "\(lab.audit.listing)")
        #expect(lab.audit.findings.allSatisfy { $0.severity == "warning" })
        #expect(lab.audit.report.errors == 0 && lab.audit.report.warnings == 8)

        let text = try consign(["audit", "--as-of", "2026-11-18"], in: lab.workspace.root)
        #expect(text.status == 0)
        #expect(
            text.stdout.hasPrefix(
                "audit as of 2026-11-18: 0 error(s), 8 warning(s); checked 3 transfer(s), 11 contractor(s), 11 agreement(s)"),
            "\(text.stdout)")
        #expect(text.stdout.components(separatedBy: "\nwarning: [").count - 1 == 8)
        #expect(!text.stdout.contains("\nerror: ["))
    }

    @Test func anEvaluationMoreThanAYearOldIsAWarning() throws {
        let lab = try self.lab
        let finding = try only("periodic-evaluation-overdue", naming: "contractor stale-review")
        #expect(finding.severity == "warning")
        #expect(finding.records == ["contractor stale-review"])
        #expect(finding.message.contains("last evaluated on 2025-06-01 (selection); a periodic evaluation is overdue"), "\(finding.message)")
        // Re-evaluated within the year, or terminated: nothing.
        #expect(lab.audit.findings(naming: "contractor fresh-review").isEmpty)
        #expect(lab.audit.findings("periodic-evaluation-overdue", naming: "contractor retired").isEmpty)
        // As of 2026-06-01, exactly a year after the selection, it is not overdue yet.
        let onTheDay = try lab.workspace.audit(asOf: "2026-06-01")
        #expect(onTheDay.findings("periodic-evaluation-overdue").isEmpty, "\(onTheDay.listing)")
    }

    @Test func aMissingClauseOfTheAgreementInForceOrToComeIsAWarning() throws {
        let lab = try self.lab
        let loose = try only("clause-missing", naming: "agreement AG-LOOSE v1")
        #expect(loose.severity == "warning")
        #expect(loose.records == ["agreement AG-LOOSE v1", "contractor loose-terms"])
        #expect(loose.rule == "JIS Q 15001 A.3.4.3.4 e), g)")
        #expect(
            loose.message.contains("lacks clause e), g) of JIS Q 15001 A.3.4.3.4: the company's right to check compliance; incident reporting"),
            "\(loose.message)")
        let future = try only("clause-missing", naming: "agreement AG-FUTURE v2")
        #expect(future.rule == "JIS Q 15001 A.3.4.3.4 h)")
        // A version no longer in force is not reported.
        #expect(lab.audit.findings(naming: "contractor mended-terms").isEmpty)
        #expect(lab.audit.findings("clause-missing", naming: "agreement AG-FUTURE v1").isEmpty)
    }

    @Test func anAgreementEndingWithinThirtyDaysWithoutARenewalIsAWarning() throws {
        let lab = try self.lab
        let soon = try only("agreement-expiring", naming: "agreement AG-ENDING v1")
        #expect(soon.severity == "warning")
        #expect(soon.records == ["agreement AG-ENDING v1", "contractor ending-soon"])
        #expect(soon.message.contains("(ending-soon) ends on 2026-12-01, in 13 day(s)"), "\(soon.message)")
        // 43 days ahead, or renewed by a next version: nothing.
        #expect(lab.audit.findings(naming: "agreement AG-LATER v1").isEmpty)
        #expect(lab.audit.findings("agreement-expiring", naming: "contractor future-terms").isEmpty)
        // On 2026-12-02 the later one ends in 29 days, and the first has expired.
        let later = try lab.workspace.audit(asOf: "2026-12-02")
        #expect(try only("agreement-expiring", naming: "agreement AG-LATER v1", in: later).message.contains("ends on 2026-12-31, in 29 day(s)"))
        let ended = try only("agreement-expired", naming: "agreement AG-ENDING v1", in: later)
        #expect(ended.message.contains("expired on 2026-12-01 (v1); no transfer was made under it"), "\(ended.message)")
        #expect(later.findings("agreement-expiring", naming: "agreement AG-ENDING v1").isEmpty)
    }

    /// A next version that does not follow the day after leaves the data without an agreement in force:
    /// the end is reported before and after it, naming the next version.
    @Test func aRenewalWithAGapStillReportsTheEnd() throws {
        let lab = try self.lab
        let soon = try only("agreement-expiring", naming: "agreement AG-GAP v1")
        #expect(
            soon.message.contains(
                "(gap-terms) ends on 2026-12-01, in 13 day(s); its next version (v2) takes effect only on 2027-01-01, "
                    + "leaving no agreement in force in between"), "\(soon.message)")
        let inTheGap = try lab.workspace.audit(asOf: "2026-12-10")
        let ended = try only("agreement-expired", naming: "agreement AG-GAP v1", in: inTheGap)
        #expect(
            ended.message.contains("expired on 2026-12-01 (v1); its next version (v2) takes effect only on 2027-01-01"),
            "\(ended.message)")
        // Once version 2 is in force, neither.
        let renewed = try lab.workspace.audit(asOf: "2027-01-01")
        #expect(renewed.findings(naming: "contractor gap-terms").filter { $0.code.hasPrefix("agreement-") }.isEmpty, "\(renewed.listing)")
    }

    @Test func theNoticeOfAnAgreementsEndLooksThirtyDaysAhead() throws {
        let lab = try self.lab
        // AG-LATER's last day is 2026-12-31: 31 days after 2026-11-30, 30 days after 2026-12-01.
        #expect(try lab.workspace.audit(asOf: "2026-11-30").findings("agreement-expiring", naming: "agreement AG-LATER v1").isEmpty)
        let thirty = try lab.workspace.audit(asOf: "2026-12-01")
        let found = thirty.findings("agreement-expiring", naming: "agreement AG-LATER v1")
        #expect(found.count == 1, "\(thirty.listing)")
        #expect(found.first?.message.contains("ends on 2026-12-31, in 30 day(s)") == true)
    }

    @Test func anEndedAgreementIsAWarningListingItsOpenTransfers() throws {
        let lab = try self.lab
        let open = try only("agreement-expired", naming: "agreement AG-EXPIRED v1")
        #expect(open.severity == "warning")
        // The open transfer is named; the one confirmed deleted is not.
        #expect(open.records == ["agreement AG-EXPIRED v1", "contractor expired-open", lab.transfer("open")])
        #expect(
            open.message.hasSuffix(
                "expired on 2026-10-31 (v1); transfers not yet confirmed deleted or returned: \(lab.transfers["open"]!) (due 2026-12-19)"),
            "\(open.message)")
        let closed = try only("agreement-expired", naming: "agreement AG-CLOSED v1")
        #expect(closed.records == ["agreement AG-CLOSED v1", "contractor expired-closed"])
        #expect(closed.message.hasSuffix("every transfer under it is confirmed deleted or returned"), "\(closed.message)")
        let retired = try only("agreement-expired", naming: "agreement AG-RETIRED v1")
        #expect(retired.message.hasSuffix("no transfer was made under it"))
    }

    @Test func anEndedAgreementIsAnErrorOnceAnOpenTransferIsPastItsDueDate() throws {
        let lab = try self.lab
        // On the due date, still a warning; the day after, an error, listed before every warning.
        #expect(try only("agreement-expired", naming: "agreement AG-EXPIRED v1", in: lab.workspace.audit(asOf: "2026-12-19")).severity == "warning")
        let after = try lab.workspace.audit(asOf: "2026-12-20")
        #expect(after.run.status == 1)
        let expired = try only("agreement-expired", naming: "agreement AG-EXPIRED v1", in: after)
        #expect(expired.severity == "error")
        #expect(expired.message.hasSuffix("\(lab.transfers["open"]!) (due 2026-12-19); 1 past the due date"), "\(expired.message)")
        #expect(try only("deletion-overdue", naming: lab.transfer("open"), in: after).severity == "error")
        // The agreement whose transfers are all confirmed deleted stays a warning.
        #expect(try only("agreement-expired", naming: "agreement AG-CLOSED v1", in: after).severity == "warning")
        let severities = after.findings.map(\.severity)
        #expect(severities == severities.sorted(), "errors first: \(after.listing)")
        #expect(after.report.errors == severities.filter { $0 == "error" }.count)
        #expect(after.report.errors == 2, "\(after.listing)")
    }
}
