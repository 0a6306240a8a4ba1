import Foundation
import Testing

/// Incidents at contractors (APPI Art. 26), the company's reports of them to the PPC, and the reports
/// contractors send (JIS Q 15001 A.3.4.3.4 d)): recorded through the command, checked by the audit against
/// the agreement's notice hours and reporting frequency and the PPC's deadlines. Today is 2026-11-18 (JST).
@Suite struct IncidentAndReportTests {
    func incident(_ ws: AuditWorkspace, _ arguments: [String]) throws -> Run {
        try consign(["incident"] + arguments, in: ws.root, environment: ["SOURCE_DATE_EPOCH": AuditClock.today])
    }

    @Test func aLateNoticeAndLateReportsOfAnIncidentThatMustBeReportedAreFound() throws {
        let ws = try AuditWorkspace.create("consign-incidents")
        defer { ws.remove() }
        // The agreement allows 48 hours for the contractor's notice.
        try ws.addContractor("leaky-courier", agreement: AgreementDocument(id: "AG-LEAKY", contractor: "leaky-courier"))
        try ws.evaluate("leaky-courier", on: "2026-01-15")
        let first = try ws.record("leaky-courier", on: "2026-09-01", subjects: ["C1", "C2", "C3"]).id
        let second = try ws.record("leaky-courier", on: "2026-09-02", subjects: ["C2", "C3", "C4"]).id
        // Discovered on 1 October at 09:00 JST, told 72 hours later: unauthorised access, which must be reported.
        let recorded = try incident(
            ws,
            [
                "record", "--contractor", "leaky-courier", "--kind", "unauthorised-access", "--discovered", "2026-10-01T09:00",
                "--notified-by-contractor", "2026-10-04T09:00+09:00", "--transfer", first, "--transfer", second, "--note",
                "a stolen password",
            ])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let id = try #require(recorded.stdout.firstMatch(of: #/INC-20261001-[0-9a-f]{8}/#)?.0).description
        #expect(recorded.stdout.contains("discovered 2026-10-01T00:00:00Z; the contractor told us 2026-10-04T00:00:00Z (72 hours later)"))
        #expect(recorded.stdout.contains("transfers: \(first), \(second); 4 people affected"), "\(recorded.stdout)")
        #expect(
            recorded.stdout.contains(
                "must be reported to the PPC (APPI Art. 26, PPC Rule 7): preliminary report by 2026-10-09, final by 2026-12-03"))
        let preliminary = try incident(ws, ["report", id, "--stage", "preliminary", "--on", "2026-10-12"])
        #expect(preliminary.status == 0, "\(preliminary.stderr)")
        let again = try incident(ws, ["report", id, "--stage", "preliminary", "--on", "2026-10-13"])
        #expect(again.status == 1 && again.stderr.contains("the preliminary report of incident '\(id)' is already recorded"))

        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(
            audit.findings("incident-notice-late").map(\.message) == [
                "incident \(id): contractor leaky-courier told the company 72 hours after discovering it; agreement AG-LEAKY v1 allows 48"
            ], "\(audit.listing)")
        #expect(
            audit.findings("incident-report-overdue").map(\.message) == [
                "incident \(id) (4 people affected) must be reported to the PPC: its preliminary report was made on 2026-10-12, after "
                    + "it was due on 2026-10-09"
            ], "\(audit.listing)")
        #expect(audit.findings("incident-report-overdue").first?.records == ["incident \(id)", "contractor leaky-courier"])
        // Once the final report's 60 days have passed without it.
        let later = try ws.audit(asOf: "2026-12-05")
        #expect(
            later.findings("incident-report-overdue").map(\.message).last
                == "incident \(id) (4 people affected) must be reported to the PPC: its final report was due on 2026-12-03 and is "
                + "not recorded (consign incident report \(id) --stage final)", "\(later.listing)")
        let japanese = try consign(["--lang", "ja", "audit", "--as-of", "2026-11-18"], in: ws.root)
        #expect(japanese.stdout.contains("は発見から 72 時間後に通知しましたが、契約 AG-LEAKY 第 1 版の期限は 48 時間です"), "\(japanese.stdout)")

        let list = try incident(ws, ["list", "--format", "json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(listed.first?["people_affected"] as? Int == 4 && listed.first?["must_be_reported"] as? Bool == true, "\(list.stdout)")
    }

    /// A loss of a few people's ordinary data need not be reported to the PPC: only the notice is checked.
    @Test func anIncidentThatNeedNotBeReportedIsCheckedForItsNoticeOnly() throws {
        let ws = try AuditWorkspace.create("consign-incidents-minor")
        defer { ws.remove() }
        try ws.addContractor("careful-courier", agreement: AgreementDocument(id: "AG-CAREFUL", contractor: "careful-courier"))
        try ws.evaluate("careful-courier", on: "2026-01-15")
        let t = try ws.record("careful-courier", on: "2026-09-01").id
        let recorded = try incident(
            ws,
            [
                "record", "--contractor", "careful-courier", "--kind", "loss", "--discovered", "2026-10-01T09:00",
                "--notified-by-contractor", "2026-10-02T08:00", "--transfer", t, "--note", "one box of labels lost",
            ])
        #expect(recorded.stdout.contains("not one the PPC must be told of (PPC Rule 7)"), "\(recorded.stdout)")
        let audit = try ws.audit(asOf: "2026-12-31")
        #expect(audit.findings("incident-notice-late").isEmpty && audit.findings("incident-report-overdue").isEmpty, "\(audit.listing)")
    }

    /// What cannot be an incident is an input error, and nothing is recorded.
    @Test func badIncidentsAreInputErrors() throws {
        let ws = try AuditWorkspace.create("consign-incidents-bad")
        defer { ws.remove() }
        try ws.addContractor("one-courier", agreement: AgreementDocument(id: "AG-ONE", contractor: "one-courier"))
        try ws.addContractor("two-courier", agreement: AgreementDocument(id: "AG-TWO", contractor: "two-courier"))
        let t = try ws.record("two-courier", on: "2026-09-01").id
        let before = try ws.run(["ledger", "head"]).stdout
        func record(_ discovered: String, _ notified: String, _ extra: [String] = []) throws -> Run {
            try incident(
                ws,
                ["record", "--contractor", "one-courier", "--kind", "leak", "--discovered", discovered, "--notified-by-contractor", notified]
                    + extra + ["--note", "x"])
        }
        let backwards = try record("2026-10-02T09:00", "2026-10-01T09:00")
        #expect(backwards.status == 2 && backwards.stderr.contains("is before --discovered"), "\(backwards.stderr)")
        let future = try record("2026-11-18T09:00", "2026-11-30T09:00")
        #expect(future.status == 2 && future.stderr.contains("is after now"), "\(future.stderr)")
        let notATime = try record("2026-10-01", "2026-10-02T09:00")
        #expect(notATime.status == 2 && notATime.stderr.contains("'2026-10-01' is not a date and time"), "\(notATime.stderr)")
        let another = try record("2026-10-01T09:00", "2026-10-02T09:00", ["--transfer", t])
        #expect(another.status == 2 && another.stderr.contains("went to two-courier, not to the contractor of incident"), "\(another.stderr)")
        let stage = try incident(ws, ["report", "INC-20261001-00000000", "--stage", "interim"])
        #expect(stage.status == 2 && stage.stderr.contains("interim"), "\(stage.stderr)")
        let noReport = try consign(
            ["contractor", "report", "one-courier", "--evidence", "reports/none.pdf"], in: ws.root,
            environment: ["SOURCE_DATE_EPOCH": AuditClock.today])
        #expect(noReport.status == 2 && noReport.stderr.contains("reports/none.pdf: error: no such file"), "\(noReport.stderr)")
        let unknown = try incident(ws, ["report", "INC-20261001-00000000", "--stage", "final"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown incident 'INC-20261001-00000000'"), "\(unknown.stderr)")
        #expect(try ws.run(["ledger", "head"]).stdout == before)
    }

    /// The agreement asks for a report every 90 days, counted from the first transfer under it.
    @Test func aContractorWhoseReportsAreOverdueIsAWarning() throws {
        let ws = try AuditWorkspace.create("consign-contractor-reports")
        defer { ws.remove() }
        try ws.addContractor("quiet-courier", agreement: AgreementDocument(id: "AG-QUIET", contractor: "quiet-courier"))
        try ws.evaluate("quiet-courier", on: "2026-01-15")
        #expect(try ws.audit(asOf: "2026-11-18").findings("contractor-report-overdue").isEmpty, "no transfer, no report owed")
        try ws.record("quiet-courier", on: "2026-08-15")
        // Recorded later, made earlier: the count starts from it.
        try ws.record("quiet-courier", on: "2026-08-01")
        let owed = try ws.audit(asOf: "2026-11-18").findings("contractor-report-overdue")
        #expect(
            owed.map(\.message) == [
                "contractor quiet-courier owes a report: agreement AG-QUIET v1 asks for one every 90 days, and none was received "
                    + "since its first transfer under it on 2026-08-01 (consign contractor report quiet-courier --evidence FILE)"
            ])
        #expect(owed.first?.severity == "warning")
        try ws.write("reports/q3.pdf", "%PDF quarterly report")
        let reported = try ws.run(["contractor", "report", "quiet-courier", "--on", "2026-11-10", "--evidence", "reports/q3.pdf"])
        #expect(reported.stdout.hasPrefix("recorded the report of quiet-courier received on 2026-11-10, sha256 "))
        #expect(try ws.audit(asOf: "2026-11-18").findings("contractor-report-overdue").isEmpty)
        let next = try ws.audit(asOf: "2027-02-10").findings("contractor-report-overdue")
        #expect(next.first?.message.contains("and the last was received on 2026-11-10") == true, "\(next)")
    }
}
