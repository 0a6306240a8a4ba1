import ConsignCore
@testable import ConsignWorkspace
import Testing

/// The audit's rules as of its date, on a register built in memory (`AuditLab`): evaluations falling due,
/// agreements' clauses, ends coming and ends past, and the one warning that turns into an error
/// (`agreement-expired` once an open transfer under it is past its deletion due date).
@Suite struct AuditAgreementRulesTests {
    typealias Lab = AuditLab

    /// A contractor selected on a date under one or more agreement versions.
    func contractor(_ id: String, _ agreements: [Agreement], selected: String = "2026-01-15", in lab: inout AuditLab) throws {
        try lab.contractor(id)
        for agreement in agreements { try lab.register(agreement) }
        try lab.evaluate(id, on: selected)
    }

    // MARK: Periodic evaluation

    @Test func anEvaluationMoreThanAYearOldIsAWarning() throws {
        var lab = Lab()
        try contractor("stale-review", [Lab.agreement("AG-STALE", with: "stale-review", from: "2025-01-01")], selected: "2025-06-01", in: &lab)
        try contractor("fresh-review", [Lab.agreement("AG-FRESH", with: "fresh-review", from: "2025-01-01")], selected: "2025-06-01", in: &lab)
        try lab.evaluate("fresh-review", .periodic, on: "2026-06-01")
        // A failed periodic evaluation, or a check of a foreign basis, renews nothing.
        try contractor("failing-review", [Lab.agreement("AG-FAILING", with: "failing-review", from: "2025-01-01")], selected: "2025-06-01", in: &lab)
        try lab.evaluate("failing-review", .periodic, .fail, on: "2026-05-01")
        try lab.evaluate("failing-review", .foreignBasis, on: "2026-05-01")
        // Re-evaluated on 2026-06-01: as of the day before, that evaluation does not count yet.
        try contractor("backdated", [Lab.agreement("AG-BACKDATED", with: "backdated", from: "2024-01-01")], selected: "2024-01-01", in: &lab)
        try lab.evaluate("backdated", .periodic, on: "2026-06-01")
        // Terminated: no longer supervised.
        try contractor("retired", [Lab.agreement("AG-RETIRED", with: "retired", from: "2024-01-01", to: "2025-12-31")], selected: "2023-12-15", in: &lab)
        try lab.terminate("retired", on: "2025-12-31")
        // Never evaluated: the selection rule speaks for it at its first transfer.
        try lab.contractor("never-reviewed")

        let onTheDay = lab.audit(asOf: "2026-06-01")
        #expect(onTheDay.findings(.periodicEvaluationOverdue).isEmpty, "exactly a year after: \(onTheDay.listing)")
        let dayAfter = lab.audit(asOf: "2026-06-02")
        let finding = try dayAfter.only(.periodicEvaluationOverdue, naming: .contractor("stale-review"))
        #expect(finding.severity == .warning)
        #expect(finding.records == [.contractor("stale-review")])
        #expect(finding.message == AuditText.periodicEvaluationOverdue(contractor: "stale-review", last: day("2025-06-01"), .selection).text())
        #expect(
            dayAfter.findings(.periodicEvaluationOverdue).map(\.records) == [[.contractor("failing-review")], [.contractor("stale-review")]],
            "\(dayAfter.listing)")
        #expect(
            lab.audit(asOf: "2026-05-31").findings(.periodicEvaluationOverdue).map(\.records) == [[.contractor("backdated")]])
    }

    // MARK: Clauses

    @Test func aMissingClauseOfTheAgreementInForceOrToComeIsAWarning() throws {
        var lab = Lab()
        let loose = Lab.agreement("AG-LOOSE", with: "loose", lacking: ["e", "g"])
        try contractor("loose", [loose], in: &lab)
        // Missing from a superseded version only.
        try contractor(
            "mended",
            [
                Lab.agreement("AG-MENDED", with: "mended", from: "2025-01-01", lacking: ["b"]),
                Lab.agreement("AG-MENDED", version: 2, with: "mended", from: "2026-04-01"),
            ], in: &lab)
        // Missing from the next version, signed but not yet in force.
        let next = Lab.agreement("AG-FUTURE", version: 2, with: "future", from: "2026-12-02", to: "2031-12-31", lacking: ["h"])
        try contractor("future", [Lab.agreement("AG-FUTURE", with: "future", from: "2025-01-01", to: "2026-12-01"), next], in: &lab)
        // Missing from a version that has ended.
        try contractor("past", [Lab.agreement("AG-PAST", with: "past", from: "2025-01-01", to: "2025-12-31", lacking: ["a"])], in: &lab)
        let audit = lab.audit(asOf: "2026-11-18")

        let finding = try audit.only(.clauseMissing, naming: .of(loose))
        #expect(finding.severity == .warning)
        #expect(finding.records == [.of(loose), .contractor("loose")])
        #expect(finding.rule == "JIS Q 15001 A.3.4.3.4 e), g)")
        #expect(try audit.only(.clauseMissing, naming: .of(next)).rule == "JIS Q 15001 A.3.4.3.4 h)")
        #expect(audit.findings(.clauseMissing).count == 2, "\(audit.listing)")
    }

    // MARK: An agreement's end

    @Test func anAgreementEndingWithinThirtyDaysWithoutARenewalIsAWarning() throws {
        var lab = Lab()
        let ending = Lab.agreement("AG-ENDING", with: "ending", from: "2025-12-01", to: "2026-12-31")
        try contractor("ending", [ending], in: &lab)
        // Renewed from the day after its end.
        try contractor(
            "renewed",
            [
                Lab.agreement("AG-RENEWED", with: "renewed", from: "2025-12-01", to: "2026-12-31"),
                Lab.agreement("AG-RENEWED", version: 2, with: "renewed", from: "2027-01-01", to: "2031-12-31"),
            ], in: &lab)
        // 31 days ahead, then 30.
        #expect(lab.audit(asOf: "2026-11-30").findings(.agreementExpiring).isEmpty)
        let thirty = lab.audit(asOf: "2026-12-01")
        let finding = try thirty.only(.agreementExpiring, naming: .of(ending))
        #expect(finding.severity == .warning)
        #expect(finding.records == [.of(ending), .contractor("ending")])
        #expect(finding.message == AuditText.agreementExpiring(ending, last: day("2026-12-31"), days: 30, next: nil).text())
        #expect(thirty.findings(.agreementExpiring).count == 1, "\(thirty.listing)")
        // On its last day, still ending (in 0 days); the day after, ended.
        #expect(
            try lab.audit(asOf: "2026-12-31").only(.agreementExpiring, naming: .of(ending)).message
                == AuditText.agreementExpiring(ending, last: day("2026-12-31"), days: 0, next: nil).text())
        let dayAfter = lab.audit(asOf: "2027-01-01")
        #expect(dayAfter.findings(.agreementExpiring).isEmpty, "\(dayAfter.listing)")
        #expect(dayAfter.findings(.agreementExpired).map(\.records[0]) == [.of(ending)], "\(dayAfter.listing)")
    }

    /// A next version that does not follow the day after leaves the data without an agreement in force:
    /// the end is reported before and after it, naming the next version.
    @Test func aRenewalWithAGapStillReportsTheEnd() throws {
        var lab = Lab()
        let first = Lab.agreement("AG-GAP", with: "gap", from: "2025-12-01", to: "2026-12-01")
        let next = Lab.agreement("AG-GAP", version: 2, with: "gap", from: "2027-01-01", to: "2031-12-31")
        try contractor("gap", [first, next], in: &lab)
        #expect(
            try lab.audit(asOf: "2026-11-18").only(.agreementExpiring, naming: .of(first)).message
                == AuditText.agreementExpiring(first, last: day("2026-12-01"), days: 13, next: next).text())
        let inTheGap = lab.audit(asOf: "2026-12-10")
        let ended = try inTheGap.only(.agreementExpired, naming: .of(first))
        #expect(ended.severity == .warning)
        #expect(ended.message == AuditText.agreementExpired(first, next: next, .noTransfers).text())
        #expect(lab.audit(asOf: "2027-01-01").findings(naming: .contractor("gap")).isEmpty)
    }

    @Test func anEndedAgreementIsAWarningListingItsOpenTransfers() throws {
        var lab = Lab()
        let expired = Lab.agreement("AG-EXPIRED", with: "expired-open", from: "2025-11-01", to: "2026-10-31")
        try contractor("expired-open", [expired], in: &lab)
        let open = try lab.transfer("expired-open", on: "2026-10-20")
        let deleted = try lab.transfer("expired-open", on: "2026-10-10")
        try lab.confirmDeletion(of: deleted, on: "2026-11-10")
        let closed = Lab.agreement("AG-CLOSED", with: "expired-closed", from: "2025-11-01", to: "2026-10-31")
        try contractor("expired-closed", [closed], in: &lab)
        let confirmed = try lab.transfer("expired-closed", on: "2026-10-01")
        try lab.confirmDeletion(of: confirmed, on: "2026-10-25")
        let unused = Lab.agreement("AG-UNUSED", with: "unused", from: "2025-11-01", to: "2026-10-31")
        try contractor("unused", [unused], in: &lab)
        let audit = lab.audit(asOf: "2026-11-18")

        let finding = try audit.only(.agreementExpired, naming: .of(expired))
        #expect(finding.severity == .warning)
        #expect(finding.records == [.of(expired), .contractor("expired-open"), .of(open)])
        #expect(finding.message == AuditText.agreementExpired(expired, next: nil, .open([open], overdue: 0)).text())
        let allConfirmed = try audit.only(.agreementExpired, naming: .of(closed))
        #expect(allConfirmed.records == [.of(closed), .contractor("expired-closed")])
        #expect(allConfirmed.message == AuditText.agreementExpired(closed, next: nil, .allConfirmed).text())
        #expect(try audit.only(.agreementExpired, naming: .of(unused)).message == AuditText.agreementExpired(unused, next: nil, .noTransfers).text())
        // On its last day nothing has expired; the day after, a certificate dated later does not count yet.
        #expect(lab.audit(asOf: "2026-10-31").findings(.agreementExpired).isEmpty)
        #expect(
            try lab.audit(asOf: "2026-11-01").only(.agreementExpired, naming: .of(expired)).records
                == [.of(expired), .contractor("expired-open"), .of(open), .of(deleted)])
    }

    @Test func anEndedAgreementIsAnErrorOnceAnOpenTransferIsPastItsDueDate() throws {
        var lab = Lab()
        let expired = Lab.agreement("AG-EXPIRED", with: "expired-open", from: "2025-11-01", to: "2026-10-31")
        try contractor("expired-open", [expired], in: &lab)
        let open = try lab.transfer("expired-open", on: "2026-10-20")
        #expect(open.retentionDue == day("2026-12-19"))
        #expect(try lab.audit(asOf: "2026-12-19").only(.agreementExpired, naming: .of(expired)).severity == .warning)
        let after = lab.audit(asOf: "2026-12-20")
        let finding = try after.only(.agreementExpired, naming: .of(expired))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(expired), .contractor("expired-open"), .of(open)])
        #expect(finding.message == AuditText.agreementExpired(expired, next: nil, .open([open], overdue: 1)).text())
        #expect(try after.only(.deletionOverdue, naming: .of(open)).severity == .error)
    }
}
