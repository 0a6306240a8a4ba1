import ConsignCore
import ConsignStore
import ConsignXML
import Foundation

/// What the records say of one incident (APPI Art. 26), for `incident show` and the audit alike: the people
/// affected (the union of its transfers' subject sets, counted; ids are never stored), whether special-care
/// data was among what those transfers sent (by the catalogs they recorded), when the company learned of it
/// (the contractor's notice, in the company's time zone), and so whether and by when it must be reported.
struct IncidentFacts {
    let incident: Recorded<Incident>
    let peopleAffected: Int
    let specialCare: Bool
    let learned: CalendarDate

    init(
        _ incident: Recorded<Incident>, register: Register, catalogs: [String: Catalog], subjectSets: [Int: [UInt64]],
        calendar: (Timestamp) -> CalendarDate
    ) {
        self.incident = incident
        let transfers = incident.value.transfers.compactMap { register.transfer($0) }
        peopleAffected = Set(transfers.flatMap { subjectSets[$0.sequence] ?? [] }).count
        specialCare = transfers.contains { t in
            t.value.forms.contains { catalogs[t.value.catalog.sha256]?.field($0.field)?.specialCare == true }
        }
        learned = calendar(incident.value.notified)
    }

    var mustBeReported: Bool { incident.value.mustBeReported(peopleAffected: peopleAffected, specialCare: specialCare) }

    func due(_ stage: IncidentReport.Stage) -> CalendarDate { incident.value.reportDue(stage, learned: learned) }

    /// The incidents of `register` with what their transfers' subject sets and recorded catalogs say.
    static func all(_ register: Register, store: any RegisterStore, catalogs known: [String: Catalog] = [:], timeZone: String)
        async throws -> [IncidentFacts]
    {
        guard !register.incidents.isEmpty else { return [] }
        let calendar = try WallClock.calendar(timeZone: timeZone)
        let transfers = register.incidents.flatMap(\.value.transfers).compactMap { register.transfer($0) }
        let subjectSets = try await store.subjectSets(ofEvents: Set(transfers.map(\.sequence)))
        var catalogs = known
        for sha256 in Set(transfers.map(\.value.catalog.sha256)) where catalogs[sha256] == nil {
            guard let bytes = try await store.document(sha256: sha256),
                case .catalog(let catalog) = try Document.load(bytes, file: "catalog \(sha256)", accepting: [.catalog]).document
            else { continue }
            catalogs[sha256] = catalog
        }
        return register.incidents.map {
            IncidentFacts($0, register: register, catalogs: catalogs, subjectSets: subjectSets, calendar: calendar)
        }
    }
}

/// One incident as `incident list|show` print it.
public struct IncidentView: Sendable, Encodable {
    public struct Report: Sendable, Encodable {
        public var stage: String
        public var on: CalendarDate
        public var note: String
        public var event: Int
    }

    public var id: String
    public var contractor: String
    public var kind: String
    public var discovered: Timestamp
    public var notifiedByContractor: Timestamp
    public var noticeHours: Double
    public var transfers: [String]
    public var peopleAffected: Int
    public var specialCare: Bool
    /// Whether it must be reported to the PPC (APPI Art. 26, PPC Rule 7), and by when.
    public var mustBeReported: Bool
    public var preliminaryDue: CalendarDate
    public var finalDue: CalendarDate
    public var reports: [Report]
    public var note: String
    public var event: Int
    public var recordedAt: Timestamp
    public var recordedBy: String

    init(_ facts: IncidentFacts, reports: [Recorded<IncidentReport>]) {
        let incident = facts.incident.value
        id = incident.id
        contractor = incident.contractor
        kind = incident.kind.rawValue
        discovered = incident.discovered
        notifiedByContractor = incident.notified
        noticeHours = incident.noticeHours
        transfers = incident.transfers
        peopleAffected = facts.peopleAffected
        specialCare = facts.specialCare
        mustBeReported = facts.mustBeReported
        preliminaryDue = facts.due(.preliminary)
        finalDue = facts.due(.final)
        self.reports = reports.map { Report(stage: $0.value.stage.rawValue, on: $0.value.on, note: $0.value.note, event: $0.sequence) }
        note = incident.note
        event = facts.incident.sequence
        recordedAt = facts.incident.recordedAt
        recordedBy = facts.incident.recordedBy
    }

    /// `incident show`.
    public var text: String {
        var lines = [
            IncidentText.heading(id: id, contractor: contractor, kind: kind, event: event, recordedAt: recordedAt, by: recordedBy).text(),
            IncidentText.times(discovered: discovered, notified: notifiedByContractor, hours: noticeHours).text(),
            IncidentText.affected(transfers: transfers, people: peopleAffected, specialCare: specialCare).text(),
            IncidentText.reporting(required: mustBeReported, preliminaryDue: preliminaryDue, finalDue: finalDue).text(),
        ]
        for report in reports {
            lines.append(IncidentText.reportLine(stage: report.stage, on: report.on, event: report.event, note: report.note).text())
        }
        if !note.isEmpty { lines.append(TransferText.note(note).text()) }
        return lines.joined(separator: "\n")
    }

    /// `incident list`.
    public static func table(_ views: [IncidentView]) -> String {
        var table = TextTable(IncidentText.Column.allCases.map { IncidentText.column($0).text() })
        for v in views {
            table.append([
                v.id, v.contractor, v.kind, v.discovered.description, String(v.peopleAffected),
                v.reports.map { "\($0.stage) \($0.on)" }.joined(separator: ", "),
            ])
        }
        return table.rendered
    }
}

extension PrivacyOffice {
    /// Records an incident a contractor told the company of; its id names the day it was discovered.
    public func recordIncident(
        contractor: String, kind: Incident.Kind, discovered: Timestamp, notified: Timestamp, transfers: [String], note: String
    ) async throws -> IncidentView {
        let now = clock.now
        if notified > now { throw InputError(IncidentText.notifiedInTheFuture(notified: notified, now: now).text()) }
        let calendar = try WallClock.calendar(timeZone: try workspace.timeZone())
        let id = Staff.newID("INC", on: calendar(discovered))
        let incident = Incident(
            id: id, contractor: contractor, kind: kind, discovered: discovered, notified: notified, transfers: transfers, note: note)
        _ = try await store.record(.incident(incident), by: Recorder(name: recordedBy, clock: clock))
        return try await incidents().first { $0.id == id }!
    }

    /// Records the company's preliminary or final report of an incident to the PPC, made on `date` (default today).
    public func reportIncident(_ id: String, stage: IncidentReport.Stage, on date: CalendarDate?, note: String) async throws
        -> RecordedEvent
    {
        let register = try await store.standing()
        guard let incident = register.incident(id) else {
            throw InputError(Message.unknown(.incident, id: id, known: register.incidents.map(\.value.id)).text())
        }
        let report = IncidentReport(
            incident: id, contractor: incident.value.contractor, stage: stage, on: try date ?? workspace.today(clock), note: note)
        return try await store.record(.incidentReported(report), by: Recorder(name: recordedBy, clock: clock))
    }

    /// Every incident the company had learned of by `date` (default: all), in the order recorded, with the
    /// reports made by then.
    public func incidents(asOf date: CalendarDate? = nil) async throws -> [IncidentView] {
        let named = try await store.standing().incidents.flatMap(\.value.transfers)
        let register = try await store.standing(with: named.isEmpty ? [] : [.transfersNamed(named)])
        let asOf = date ?? CalendarDate("9999-12-31")!
        return try await IncidentFacts.all(register, store: store, timeZone: try workspace.timeZone()).filter { $0.learned <= asOf }.map {
            IncidentView($0, reports: (register.incidentReports[$0.incident.value.id] ?? []).filter { $0.value.on <= asOf })
        }
    }
}
