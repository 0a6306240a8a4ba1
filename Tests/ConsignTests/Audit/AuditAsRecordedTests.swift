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

/// What the catalog and task a transfer used say of the data it sent, checked by the audit for transfers
/// recorded by hand (the planner refuses the same before an extract).
@Suite struct AuditPurposeTests {
    @Test func aFieldNotCollectedForThePurposeIsAnError() throws {
        let ws = try AuditWorkspace.create("consign-audit-not-collected")
        defer { ws.remove() }
        try ws.addContractor(
            "notes-courier",
            agreement: AgreementDocument(
                id: "AG-NOTES", contractor: "notes-courier", permitted: ["person.name", "notes", "customer.id:hmac"]))
        try ws.evaluate("notes-courier", on: "2026-01-10")
        // The free-text notes are collected for inquiries only, not for surveys and prizes.
        let wide = try ws.record("notes-courier", on: "2026-11-01", fields: "person.name,notes")
        let clean = try ws.record("notes-courier", on: "2026-11-02", fields: "person.name,customer.id:hmac")
        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(audit.run.status == 1)
        let found = audit.findings("field-not-collected-for-purpose")
        #expect(found.map(\.records) == [["transfer \(wide.id)", "contractor notes-courier"]], "\(audit.listing)")
        #expect(found.first?.severity == "error")
        #expect(found.first?.message.contains("sent notes, not collected for purpose surveys-prizes") == true)
        #expect(audit.findings(naming: "transfer \(clean.id)").isEmpty, "\(audit.listing)")
    }

    @Test func aPseudonymisedTaskThatSendsADirectIdentifierIsAnError() throws {
        let ws = try AuditWorkspace.create("consign-audit-pseudonymised")
        defer { ws.remove() }
        try ws.addContractor(
            "stats-lab",
            agreement: AgreementDocument(
                id: "AG-STATS", contractor: "stats-lab", purposes: "statistics",
                permitted: ["person.name", "customer.id:hmac", "address.prefecture", "person.gender"]))
        try ws.evaluate("stats-lab", on: "2026-01-10")
        // statistics-abroad is pseudonymised information (APPI Rule 31): no direct identifier may go.
        let named = try ws.record("stats-lab", task: "statistics-abroad", on: "2026-11-01", fields: "person.name,person.gender")
        let clean = try ws.record(
            "stats-lab", task: "statistics-abroad", on: "2026-11-02", fields: "customer.id:hmac,address.prefecture,person.gender")
        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(audit.run.status == 1)
        let found = audit.findings("pseudonymisation-broken")
        #expect(found.map(\.records) == [["transfer \(named.id)", "contractor stats-lab"]], "\(audit.listing)")
        #expect(found.first?.message.contains("it sent the direct identifier(s) person.name") == true)
        #expect(audit.findings("pseudonymisation-broken", naming: "transfer \(clean.id)").isEmpty, "\(audit.listing)")
        #expect(audit.findings("field-not-collected-for-purpose", naming: "transfer \(clean.id)").isEmpty, "\(audit.listing)")
    }
}
