import ConsignCore
import Testing

/// The sentences of incidents, their reports and contractors' reports, in English and Japanese.
@Suite struct IncidentTextTests {
    static let at = Timestamp("2026-11-18T11:06:40Z")!
    static let on = fixedToday

    static let entries: [any CatalogueEntry] =
        [
            IncidentText.recorded(id: "INC-1", contractor: "c", event: 3),
            .reported(incident: "INC-1", stage: .preliminary, on: on, event: 4),
            .reported(incident: "INC-1", stage: .final, on: on, event: 5),
            .heading(id: "INC-1", contractor: "c", kind: "leak", event: 3, recordedAt: at, by: "root"),
            .times(discovered: at, notified: at, hours: 25.5), .affected(transfers: ["T-1"], people: 4, specialCare: true),
            .affected(transfers: [], people: 0, specialCare: false),
            .reporting(required: true, preliminaryDue: on, finalDue: on), .reporting(required: false, preliminaryDue: on, finalDue: on),
            .reportLine(stage: "final", on: on, event: 5, note: "n"), .none, .notADateTime("2026-10-01"),
            .notifiedInTheFuture(notified: at, now: at), .contractorReportRecorded(contractor: "c", on: on, sha256: "ab", event: 6),
        ] + IncidentText.Column.allCases.map { IncidentText.column($0) }
        + [
            RegisterText.incidentAlreadyRecorded(incident: "INC-1"), .notifiedBeforeDiscovered(discovered: at, notified: at),
            .transferOfAnotherContractor(transfer: "T-1", madeTo: "b", incident: "INC-1"),
            .discoveredBeforeTransfer(transfer: "T-1", made: on, discovered: at),
            .incidentAlreadyReported(incident: "INC-1", .final, on: on),
        ]
        + [
            IncidentHelp.abstract, IncidentHelp.discussion, IncidentHelp.recordAbstract, IncidentHelp.kind, IncidentHelp.discovered,
            IncidentHelp.notified, IncidentHelp.transfer, IncidentHelp.note, IncidentHelp.reportAbstract, IncidentHelp.id,
            IncidentHelp.stage, IncidentHelp.reportedOn, IncidentHelp.listAbstract, IncidentHelp.showAbstract,
            IncidentHelp.contractorReportAbstract, IncidentHelp.receivedOn, IncidentHelp.reportFile, AuditText.Rule.incidentNoticeLate,
            AuditText.Rule.incidentReportOverdue, AuditText.Rule.contractorReportOverdue,
        ] + [AuditText.Record.incident("INC-1")]

    @Test func everySentenceHasEnglishAndJapanese() {
        for entry in Self.entries { expectEnglishAndJapanese(entry) }
    }
}
