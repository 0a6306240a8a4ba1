import Foundation
import Testing

/// The audit judges a transfer by what the register knew when it was recorded: an agreement registered
/// afterwards does not cover it, and an evaluation that failed before it counts against it.
@Suite struct AuditAsRecordedTests {
    @Test func anAgreementRegisteredAfterATransferDoesNotCoverIt() throws {
        let ws = try AuditWorkspace.create("consign-audit-late-agreement")
        defer { ws.remove() }
        try ws.addContractor("late-courier")
        try ws.evaluate("late-courier", on: "2026-01-10")
        let before = try ws.record("late-courier", on: "2026-11-01")
        #expect(before.stdout.contains("no agreement in force"))
        // The agreement was in force on the transfer's date, but registered only afterwards.
        try ws.addAgreement(AgreementDocument(id: "AG-LATE", contractor: "late-courier", from: "2026-04-01"))
        let after = try ws.record("late-courier", on: "2026-11-02")

        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(audit.run.status == 1)
        let found = audit.findings("no-agreement-in-force")
        #expect(found.map(\.records) == [["transfer \(before.id)", "contractor late-courier"]], "\(audit.listing)")
        #expect(found.first?.severity == "error")
        #expect(audit.findings(naming: "transfer \(after.id)").isEmpty, "\(audit.listing)")
    }

    @Test func aTransferAfterAFailedEvaluationIsAnError() throws {
        let ws = try AuditWorkspace.create("consign-audit-failed-evaluation")
        defer { ws.remove() }
        try ws.addContractor("shaky-courier", agreement: AgreementDocument(id: "AG-SHAKY", contractor: "shaky-courier"))
        try ws.evaluate("shaky-courier", on: "2026-01-10")
        let beforeFailure = try ws.record("shaky-courier", on: "2026-09-01")
        try ws.evaluate("shaky-courier", kind: "periodic", result: "fail", on: "2026-10-01")
        let afterFailure = try ws.record("shaky-courier", on: "2026-11-05")

        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(audit.run.status == 1)
        let found = audit.findings("evaluation-failed")
        #expect(found.count == 1, "\(audit.listing)")
        #expect(found.first?.records == ["transfer \(afterFailure.id)", "contractor shaky-courier"])
        #expect(found.first?.severity == "error")
        #expect(found.first?.message.contains("(periodic on 2026-10-01) failed") == true)
        #expect(audit.findings("evaluation-failed", naming: "transfer \(beforeFailure.id)").isEmpty, "\(audit.listing)")
    }
}
