/// One entry of the register's append-only log: registrations, status changes, evaluations, stop-use
/// requests, transfers with the signatures of their packages and their deletions, incidents and their
/// reports, contractors' reports and delivery keys, rotations of the pseudonym keys, the records of
/// provisions to third parties, people's requests with their answers and the recipients told of them, and
/// the releases of statistical tables.
public struct RegisterEvent: Equatable, Sendable {
    /// When the event was recorded: taken by the store inside the append, at or after the event before it.
    public var recordedAt: Timestamp
    /// Who recorded it (`--operator`, else the login name).
    public var recordedBy: String
    public var payload: Payload
    /// Whether `recordedAt` is the real time or an override's.
    public var clock: ClockSource

    public init(recordedAt: Timestamp, recordedBy: String, payload: Payload, clock: ClockSource = .system) {
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.payload = payload
        self.clock = clock
    }

    /// Where an event's time came from.
    public enum ClockSource: String, Sendable, Equatable {
        /// The system's real time.
        case system
        /// A clock fixed by `SOURCE_DATE_EPOCH` (demos and tests); recorded as `clock: source-date-epoch`.
        case override = "source-date-epoch"
    }

    public enum Payload: Equatable, Sendable {
        case contractorRegistered(DocumentRegistration)
        case agreementRegistered(DocumentRegistration)
        case statusChanged(StatusChange)
        case evaluated(Evaluation)
        case stopUse(StopUse)
        case transfer(Transfer)
        case deletionConfirmed(DeletionConfirmation)
        case incident(Incident)
        case incidentReported(IncidentReport)
        case contractorReported(ContractorReport)
        case contractorKey(ContractorKey)
        case pseudonymRotation(PseudonymRotation)
        case packageSigned(PackageSignature)
        case provisionRecorded(ProvisionRecord)
        case subjectRequested(SubjectRequest)
        case requestAnswered(RequestAnswer)
        case recipientNotified(RecipientNotice)
        case statisticsReleased(StatisticsRelease)
        case anonymisedReleased(AnonymisedRelease)
        case anonymisedNotice(AnonymisedNotice)
    }

    /// The kinds of the events that describe contractors and agreements (registrations, status changes,
    /// evaluations, contractors' reports and keys, incidents and the reports of them, pseudonym rotations): few, and what nearly every
    /// command reads, so a store reads them by kind rather than replaying the register.
    public static let standingKinds: Set<String> = [
        "contractor-registered", "agreement-registered", "contractor-status", "contractor-evaluated", "contractor-report",
        "incident", "incident-report", "contractor-key", "pseudonym-rotation", "subject-request", "request-answer",
        "recipient-notice",
    ]

    /// The stable name of the event's kind, stored beside it for queries.
    public var kind: String {
        switch payload {
        case .contractorRegistered: "contractor-registered"
        case .agreementRegistered: "agreement-registered"
        case .statusChanged: "contractor-status"
        case .evaluated: "contractor-evaluated"
        case .stopUse: "subject-stop-use"
        case .transfer: "transfer"
        case .deletionConfirmed: "deletion-confirmed"
        case .incident: "incident"
        case .incidentReported: "incident-report"
        case .contractorReported: "contractor-report"
        case .contractorKey: "contractor-key"
        case .pseudonymRotation: "pseudonym-rotation"
        case .packageSigned: "package-signature"
        case .provisionRecorded: "provision-record"
        case .subjectRequested: "subject-request"
        case .requestAnswered: "request-answer"
        case .recipientNotified: "recipient-notice"
        case .statisticsReleased: "statistics-release"
        case .anonymisedReleased: "anonymised-release"
        case .anonymisedNotice: "anonymised-notice"
        }
    }

    /// The contractor the event concerns; empty for events about data subjects.
    public var contractor: String {
        switch payload {
        case .contractorRegistered(let r), .agreementRegistered(let r): r.contractor
        case .statusChanged(let s): s.contractor
        case .evaluated(let e): e.contractor
        case .stopUse: ""
        case .transfer(let t): t.contractor
        case .deletionConfirmed(let d): d.contractor
        case .incident(let i): i.contractor
        case .incidentReported(let r): r.contractor
        case .contractorReported(let r): r.contractor
        case .contractorKey(let k): k.contractor
        case .pseudonymRotation: ""
        case .packageSigned(let s): s.contractor
        case .provisionRecorded(let p): p.contractor
        case .subjectRequested, .requestAnswered: ""
        case .recipientNotified(let notice): notice.contractor
        case .statisticsReleased(let release): release.contractor
        case .anonymisedReleased(let release): release.contractor
        case .anonymisedNotice(let notice): notice.contractor
        }
    }

    /// The canonical encoding the ledger chain hashes and the store keeps: the kind, the time and the
    /// operator, the payload's fields in the order of the first release, then the fields later releases
    /// added, each optional, in the order they were added (`CanonicalRecord` says the rule):
    /// `clock` (`source-date-epoch` for an event timed by the override; absent for the real time), then a
    /// transfer's own (`Transfer.encodeAppended(into:)`), or a release's records of people who had stopped their use
    /// (`stopped`).
    public var record: CanonicalRecord {
        var record = CanonicalRecord()
        record.append("kind", kind)
        record.append("recorded-at", recordedAt.description)
        record.append("recorded-by", recordedBy)
        switch payload {
        case .contractorRegistered(let r), .agreementRegistered(let r):
            record.append("contractor", r.contractor)
            record.append("document", r.documentID)
            record.append("version", String(r.version))
            record.append("sha256", r.sha256)
            record.append("file", r.file)
        case .statusChanged(let s):
            record.append("contractor", s.contractor)
            record.append("status", s.status.rawValue)
            record.append("on", s.on.description)
            record.append("note", s.note)
        case .evaluated(let e):
            record.append("contractor", e.contractor)
            record.append("evaluation", e.kind.rawValue)
            record.append("result", e.result.rawValue)
            record.append("on", e.on.description)
            record.append("evidence-sha256", e.evidence?.sha256)
            record.append("evidence-file", e.evidence?.file)
            record.append("note", e.note)
        case .stopUse(let stop):
            record.append("subject", stop.subject)
            record.append("on", stop.on.description)
            record.append("reason", stop.reason)
            // Absent for a plain stop-use request, so events recorded before erasure requests existed keep
            // their encoding.
            record.append("request", stop.request == .stopUse ? nil : stop.request.rawValue)
        case .transfer(let transfer):
            transfer.encode(into: &record)
        case .deletionConfirmed(let d):
            record.append("transfer", d.transfer)
            record.append("contractor", d.contractor)
            record.append("on", d.on.description)
            record.append("certificate-sha256", d.certificate.sha256)
            record.append("certificate-file", d.certificate.file)
            record.append("note", d.note)
        case .incident(let i):
            record.append("incident", i.id)
            record.append("contractor", i.contractor)
            record.append("incident-kind", i.kind.rawValue)
            record.append("discovered", i.discovered.description)
            record.append("notified", i.notified.description)
            for transfer in i.transfers { record.append("transfer", transfer) }
            record.append("note", i.note)
        case .incidentReported(let r):
            record.append("incident", r.incident)
            record.append("contractor", r.contractor)
            record.append("stage", r.stage.rawValue)
            record.append("on", r.on.description)
            record.append("note", r.note)
        case .contractorReported(let r):
            record.append("contractor", r.contractor)
            record.append("on", r.on.description)
            record.append("evidence-sha256", r.evidence.sha256)
            record.append("evidence-file", r.evidence.file)
            record.append("note", r.note)
        case .contractorKey(let k):
            record.append("contractor", k.contractor)
            record.append("recipient", k.recipient)
            record.append("on", k.on.description)
            record.append("note", k.note)
        case .pseudonymRotation(let rotation):
            record.append("generation", String(rotation.generation))
            record.append("on", rotation.on.description)
            record.append("note", rotation.note)
        case .packageSigned(let s):
            record.append("transfer", s.transfer)
            record.append("contractor", s.contractor)
            record.append("manifest-sha256", s.manifestSHA256)
            record.append("signature", s.signature)
        case .provisionRecorded(let provision):
            provision.encode(into: &record)
        case .subjectRequested(let request):
            request.encode(into: &record)
        case .requestAnswered(let answer):
            answer.encode(into: &record)
        case .recipientNotified(let notice):
            notice.encode(into: &record)
        case .statisticsReleased(let release):
            release.encode(into: &record)
        case .anonymisedReleased(let release):
            release.encode(into: &record)
        case .anonymisedNotice(let notice):
            notice.encode(into: &record)
        }
        record.append("clock", clock == .system ? nil : clock.rawValue)
        switch payload {
        case .transfer(let transfer): transfer.encodeAppended(into: &record)
        case .statisticsReleased(let release): record.append("stopped", release.stopped.map(String.init))
        case .anonymisedReleased(let release): record.append("stopped", release.stopped.map(String.init))
        default: break
        }
        return record
    }

    /// Decodes an event from its canonical encoding; nil when the record is not a valid event.
    public init?(record: CanonicalRecord) { self.init(bytes: record.bytes) }

    /// Decodes an event from the bytes of its canonical encoding, reading each field in the order the
    /// encoding writes it, straight from the bytes (the register replays every event on every command);
    /// nil when the bytes are not a valid event. Long values come from `strings` when it has them.
    public init?(bytes: [UInt8], strings: StringTable? = nil) {
        guard let decoded = bytes.withUnsafeBytes({ RegisterEvent(bytes: $0, strings: strings) }) else { return nil }
        self = decoded
    }

    /// Decodes an event from its encoding where the store holds it.
    public init?(bytes raw: UnsafeRawBufferPointer, strings: StringTable? = nil) {
        guard var r = CanonicalRecord.Reader(raw, strings: strings) else { return nil }
        self.init(reading: &r)
    }

    private init?(reading r: inout CanonicalRecord.Reader) {
        guard let kind = r.next("kind"), let at = r.next("recorded-at", as: Timestamp.init(bytes:)),
            let by = r.next("recorded-by")
        else { return nil }
        recordedAt = at
        recordedBy = by
        switch kind {
        case "subject-stop-use":
            guard let subject = r.next("subject"), let on = r.next("on", as: CalendarDate.init(bytes:)),
                let reason = r.next("reason"),
                let request = StopUse.Request(rawValue: r.next("request") ?? StopUse.Request.stopUse.rawValue)
            else { return nil }
            payload = .stopUse(StopUse(subject: subject, on: on, reason: reason, request: request))
        case "transfer":
            guard let transfer = Transfer(reading: &r) else { return nil }
            payload = .transfer(transfer)
        case "deletion-confirmed":
            guard let transfer = r.next("transfer"), let contractor = r.next("contractor"),
                let on = r.next("on", as: CalendarDate.init(bytes:)), let sha256 = r.next("certificate-sha256"),
                let file = r.next("certificate-file"), let note = r.next("note")
            else { return nil }
            payload = .deletionConfirmed(
                DeletionConfirmation(
                    transfer: transfer, contractor: contractor, on: on,
                    certificate: Evaluation.Evidence(file: file, sha256: sha256), note: note))
        case "contractor-registered", "agreement-registered":
            guard let contractor = r.next("contractor"), let document = r.next("document"),
                let version = r.next("version", as: CanonicalRecord.Reader.decimal), let sha256 = r.next("sha256"),
                let file = r.next("file")
            else { return nil }
            let registration = DocumentRegistration(
                contractor: contractor, documentID: document, version: version, sha256: sha256, file: file)
            payload = kind == "contractor-registered"
                ? .contractorRegistered(registration) : .agreementRegistered(registration)
        case "contractor-status":
            guard let contractor = r.next("contractor"),
                let status = r.next("status").flatMap(ContractorStatus.init(rawValue:)),
                let on = r.next("on", as: CalendarDate.init(bytes:)), let note = r.next("note")
            else { return nil }
            payload = .statusChanged(StatusChange(contractor: contractor, status: status, on: on, note: note))
        case "contractor-evaluated":
            guard let contractor = r.next("contractor"),
                let evaluation = r.next("evaluation").flatMap(Evaluation.Kind.init(rawValue:)),
                let result = r.next("result").flatMap(Evaluation.Result.init(rawValue:)),
                let on = r.next("on", as: CalendarDate.init(bytes:))
            else { return nil }
            var evidence: Evaluation.Evidence?
            if let sha256 = r.next("evidence-sha256") {
                evidence = Evaluation.Evidence(file: r.next("evidence-file") ?? "", sha256: sha256)
            }
            guard let note = r.next("note") else { return nil }
            payload = .evaluated(
                Evaluation(contractor: contractor, kind: evaluation, result: result, on: on, evidence: evidence, note: note))
        case "incident":
            guard let id = r.next("incident"), let contractor = r.next("contractor"),
                let incidentKind = r.next("incident-kind").flatMap(Incident.Kind.init(rawValue:)),
                let discovered = r.next("discovered", as: Timestamp.init(bytes:)),
                let notified = r.next("notified", as: Timestamp.init(bytes:))
            else { return nil }
            let transfers = r.all("transfer")
            guard let note = r.next("note") else { return nil }
            payload = .incident(
                Incident(
                    id: id, contractor: contractor, kind: incidentKind, discovered: discovered, notified: notified,
                    transfers: transfers, note: note))
        case "incident-report":
            guard let incident = r.next("incident"), let contractor = r.next("contractor"),
                let stage = r.next("stage").flatMap(IncidentReport.Stage.init(rawValue:)),
                let on = r.next("on", as: CalendarDate.init(bytes:)), let note = r.next("note")
            else { return nil }
            payload = .incidentReported(IncidentReport(incident: incident, contractor: contractor, stage: stage, on: on, note: note))
        case "contractor-report":
            guard let contractor = r.next("contractor"), let on = r.next("on", as: CalendarDate.init(bytes:)),
                let sha256 = r.next("evidence-sha256"), let file = r.next("evidence-file"), let note = r.next("note")
            else { return nil }
            payload = .contractorReported(
                ContractorReport(contractor: contractor, on: on, evidence: Evaluation.Evidence(file: file, sha256: sha256), note: note))
        case "contractor-key":
            guard let contractor = r.next("contractor"), let recipient = r.next("recipient"),
                let on = r.next("on", as: CalendarDate.init(bytes:)), let note = r.next("note")
            else { return nil }
            payload = .contractorKey(ContractorKey(contractor: contractor, recipient: recipient, on: on, note: note))
        case "pseudonym-rotation":
            guard let generation = r.next("generation", as: CanonicalRecord.Reader.decimal),
                let on = r.next("on", as: CalendarDate.init(bytes:)), let note = r.next("note")
            else { return nil }
            payload = .pseudonymRotation(PseudonymRotation(generation: generation, on: on, note: note))
        case "package-signature":
            guard let transfer = r.next("transfer"), let contractor = r.next("contractor"),
                let sha256 = r.next("manifest-sha256"), let signature = r.next("signature")
            else { return nil }
            payload = .packageSigned(
                PackageSignature(transfer: transfer, contractor: contractor, manifestSHA256: sha256, signature: signature))
        case "provision-record":
            guard let provision = ProvisionRecord(reading: &r) else { return nil }
            payload = .provisionRecorded(provision)
        case "subject-request":
            guard let request = SubjectRequest(reading: &r) else { return nil }
            payload = .subjectRequested(request)
        case "request-answer":
            guard let answer = RequestAnswer(reading: &r) else { return nil }
            payload = .requestAnswered(answer)
        case "recipient-notice":
            guard let notice = RecipientNotice(reading: &r) else { return nil }
            payload = .recipientNotified(notice)
        case "statistics-release":
            guard let release = StatisticsRelease(reading: &r) else { return nil }
            payload = .statisticsReleased(release)
        case "anonymised-release":
            guard let release = AnonymisedRelease(reading: &r) else { return nil }
            payload = .anonymisedReleased(release)
        case "anonymised-notice":
            guard let notice = AnonymisedNotice(reading: &r) else { return nil }
            payload = .anonymisedNotice(notice)
        default:
            return nil
        }
        // The fields later releases appended, in the order they were added.
        if let clock = r.next("clock") {
            guard let source = ClockSource(rawValue: clock), source != .system else { return nil }
            self.clock = source
        } else {
            self.clock = .system
        }
        switch payload {
        case .transfer(var transfer):
            guard transfer.readAppended(&r) else { return nil }
            payload = .transfer(transfer)
        case .statisticsReleased(var release):
            release.stopped = r.next("stopped", as: CanonicalRecord.Reader.decimal)
            payload = .statisticsReleased(release)
        case .anonymisedReleased(var release):
            release.stopped = r.next("stopped", as: CanonicalRecord.Reader.decimal)
            payload = .anonymisedReleased(release)
        default: break
        }
        guard r.isAtEnd else { return nil }
    }
}

/// The registration of one version of a contractor profile or an agreement: its exact bytes are kept by
/// the store, addressed by their SHA-256.
public struct DocumentRegistration: Equatable, Sendable {
    public var contractor: String
    /// The contractor id for a profile, the agreement id for an agreement.
    public var documentID: String
    public var version: Int
    /// SHA-256 (lowercase hex) of the registered XML bytes.
    public var sha256: String
    /// The file it was registered from, relative to the workspace where possible.
    public var file: String

    public init(contractor: String, documentID: String, version: Int, sha256: String, file: String) {
        self.contractor = contractor
        self.documentID = documentID
        self.version = version
        self.sha256 = sha256
        self.file = file
    }
}

/// A contractor's standing in the register.
public enum ContractorStatus: String, Sendable, Equatable, Codable {
    case active
    case suspended
    /// Final: a terminated contractor receives nothing more.
    case terminated
}

public struct StatusChange: Equatable, Sendable {
    public var contractor: String
    public var status: ContractorStatus
    public var on: CalendarDate
    public var note: String

    public init(contractor: String, status: ContractorStatus, on: CalendarDate, note: String) {
        self.contractor = contractor
        self.status = status
        self.on = on
        self.note = note
    }
}

/// An evaluation of a contractor (PPC guideline 3-4-4; JIS Q 15001): the selection before the first
/// transfer, periodic re-evaluations, and the yearly check of a foreign contractor's contract basis.
public struct Evaluation: Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case selection
        case periodic
        case foreignBasis = "foreign-basis"
    }

    public enum Result: String, Sendable, Equatable, Codable, CaseIterable {
        case pass
        case fail
    }

    /// The file that documents the evaluation, kept outside consign, and the SHA-256 of its bytes.
    public struct Evidence: Equatable, Sendable, Codable {
        public var file: String
        public var sha256: String

        public init(file: String, sha256: String) {
            self.file = file
            self.sha256 = sha256
        }
    }

    public var contractor: String
    public var kind: Kind
    public var result: Result
    public var on: CalendarDate
    public var evidence: Evidence?
    public var note: String

    public init(
        contractor: String, kind: Kind, result: Result, on: CalendarDate, evidence: Evidence? = nil, note: String
    ) {
        self.contractor = contractor
        self.kind = kind
        self.result = result
        self.on = on
        self.evidence = evidence
        self.note = note
    }
}

/// A data subject's request to stop using their data (APPI Art. 35), received on a date: every later
/// extract leaves them out.
public struct StopUse: Equatable, Sendable {
    /// What the person asked for; both put them on the stop-use list.
    public enum Request: String, Sendable, Equatable, Codable {
        /// Stop using my data (APPI Art. 35).
        case stopUse = "stop-use"
        /// Erase my data (APPI Art. 35, GDPR Art. 17): also tell every recipient (GDPR Art. 19).
        case erasure
    }

    /// The subject's keyed hash (`SubjectHasher`); the register never holds the subject key in clear.
    public var subject: String
    /// The date the request was received.
    public var on: CalendarDate
    public var reason: String
    public var request: Request

    public init(subject: String, on: CalendarDate, reason: String, request: Request = .stopUse) {
        self.subject = subject
        self.on = on
        self.reason = reason
        self.request = request
    }
}

/// The contractor's confirmation that the data of a transfer was deleted or returned (JIS Q 15001
/// A.3.4.3.4 h)), with the SHA-256 of its certificate, kept outside consign.
public struct DeletionConfirmation: Equatable, Sendable {
    public var transfer: String
    public var contractor: String
    /// The date of the deletion or return the certificate states.
    public var on: CalendarDate
    public var certificate: Evaluation.Evidence
    public var note: String

    public init(transfer: String, contractor: String, on: CalendarDate, certificate: Evaluation.Evidence, note: String) {
        self.transfer = transfer
        self.contractor = contractor
        self.on = on
        self.certificate = certificate
        self.note = note
    }
}

/// An event as the register holds it: its position in the chain and its chain hash.
public struct RecordedEvent: Equatable, Sendable {
    /// 1 for the first event, then one more for each.
    public var sequence: Int
    public var event: RegisterEvent
    /// HMAC-SHA-256 over the previous event's hash and this event's encoding (lowercase hex).
    public var chainHash: String

    public init(sequence: Int, event: RegisterEvent, chainHash: String) {
        self.sequence = sequence
        self.event = event
        self.chainHash = chainHash
    }
}
