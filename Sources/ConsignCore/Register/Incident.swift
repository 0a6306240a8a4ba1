/// An incident at a contractor (APPI Art. 26; JIS Q 15001 A.3.4.3.4 g)): what happened to which transfers'
/// data, when the contractor discovered it and when it told the company. The people affected are counted
/// from those transfers' subject sets; their ids are never stored.
public struct Incident: Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case leak, loss, damage
        case unauthorisedAccess = "unauthorised-access"
    }

    /// `INC-YYYYMMDD-xxxxxxxx`, the date the contractor discovered it.
    public var id: String
    public var contractor: String
    public var kind: Kind
    public var discovered: Timestamp
    /// When the contractor notified the company (the agreement's `incident-reporting notice-hours` runs
    /// from `discovered`; the PPC's deadlines from the day the company knew).
    public var notified: Timestamp
    /// The transfers whose data it concerns.
    public var transfers: [String]
    public var note: String

    public init(
        id: String, contractor: String, kind: Kind, discovered: Timestamp, notified: Timestamp, transfers: [String], note: String
    ) {
        self.id = id
        self.contractor = contractor
        self.kind = kind
        self.discovered = discovered
        self.notified = notified
        self.transfers = transfers
        self.note = note
    }
}

/// The company's report of an incident to the PPC (APPI Art. 26(1), PPC Rule 8): a preliminary report
/// promptly, and a final one within 30 days of learning of it (60 for unauthorised access).
public struct IncidentReport: Equatable, Sendable {
    public enum Stage: String, Sendable, Equatable, CaseIterable {
        case preliminary
        case final
    }

    public var incident: String
    public var contractor: String
    public var stage: Stage
    /// The date the report was made.
    public var on: CalendarDate
    public var note: String

    public init(incident: String, contractor: String, stage: Stage, on: CalendarDate, note: String) {
        self.incident = incident
        self.contractor = contractor
        self.stage = stage
        self.on = on
        self.note = note
    }
}

/// A report received from a contractor on its handling of the data (JIS Q 15001 A.3.4.3.4 d)), with the
/// SHA-256 of the report, kept outside consign; the agreement's `reporting frequency-days` says how often.
public struct ContractorReport: Equatable, Sendable {
    public var contractor: String
    /// The date it was received.
    public var on: CalendarDate
    public var evidence: Evaluation.Evidence
    public var note: String

    public init(contractor: String, on: CalendarDate, evidence: Evaluation.Evidence, note: String) {
        self.contractor = contractor
        self.on = on
        self.evidence = evidence
        self.note = note
    }
}

extension Incident {
    /// The days after the company learned of an incident within which its preliminary report is due: "promptly"
    /// (APPI Art. 26(1), PPC Rule 8(1)), which the PPC guideline (通則編 3-5-3-3) puts at about three to five days.
    public static let preliminaryReportDays = 5

    /// The days after the company learned of it within which its final report is due (PPC Rule 8(2)): 30,
    /// or 60 for unauthorised access (an incident that may have been done for an unlawful purpose).
    public var finalReportDays: Int { kind == .unauthorisedAccess ? 60 : 30 }

    /// The last day a report of `stage` may be made, for an incident the company learned of on `learned`.
    public func reportDue(_ stage: IncidentReport.Stage, learned: CalendarDate) -> CalendarDate {
        learned.adding(days: stage == .preliminary ? Self.preliminaryReportDays : finalReportDays)
    }

    /// Whether the company must report it to the PPC and tell the people (APPI Art. 26, PPC Rule 7): data
    /// of special care (7(i)), unauthorised access (7(iii)) or more than 1,000 people (7(iv)). Rule 7(ii),
    /// data whose misuse may cause financial loss, is for the company to judge: it may report any incident.
    public func mustBeReported(peopleAffected: Int, specialCare: Bool) -> Bool {
        kind == .unauthorisedAccess || peopleAffected > 1_000 || specialCare
    }

    /// How long the contractor took to tell the company, in hours.
    public var noticeHours: Double { Double(notified.secondsSinceEpoch - discovered.secondsSinceEpoch) / 3_600 }
}
