/// The register as its events describe it: the contractors with their profile versions, status history
/// and evaluations, and the agreement versions. Built by replaying the log in order; every rule that
/// decides whether a new event may be appended lives here, so that every store enforces the same rules.
public struct Register: Sendable {
    public private(set) var contractors: [String: ContractorRecord] = [:]
    /// Agreement versions by agreement id, sorted by version.
    public private(set) var agreements: [String: [RegisteredDocument]] = [:]
    /// The stop-use list, by subject hash: each subject's first request (stop-use or erasure).
    public private(set) var stopUse: [String: Recorded<StopUse>] = [:]
    /// Erasure requests, by subject hash (the subject is on the stop-use list from the request's date).
    public private(set) var erasures: [String: Recorded<StopUse>] = [:]
    /// Transfers in the order recorded, and their positions by transfer id.
    public private(set) var transfers: [Recorded<Transfer>] = []
    public private(set) var transferIndex: [String: Int] = [:]
    /// Deletion (or return) confirmations, by transfer id.
    public private(set) var deletions: [String: Recorded<DeletionConfirmation>] = [:]
    /// Incidents in the order recorded, and the company's reports of each to the PPC, by incident id.
    public private(set) var incidents: [Recorded<Incident>] = []
    public private(set) var incidentReports: [String: [Recorded<IncidentReport>]] = [:]
    /// Every delivery key ever registered, by its recipient, whoever's it is: none is registered twice.
    public private(set) var deliveryKeys: [String: Recorded<ContractorKey>] = [:]
    /// The rotations of the pseudonym keys, in order (the last names the generation in use).
    public private(set) var pseudonymRotations: [Recorded<PseudonymRotation>] = []
    /// The company's signatures of packages' manifests, by transfer id.
    public private(set) var packageSignatures: [String: Recorded<PackageSignature>] = [:]
    /// The records of provisions to third parties (APPI Art. 29), by transfer id.
    public private(set) var provisionRecords: [String: Recorded<ProvisionRecord>] = [:]
    /// People's requests, by request id, with their answers and the recipients told of them.
    public private(set) var requests: [String: Recorded<SubjectRequest>] = [:]
    public private(set) var answers: [String: Recorded<RequestAnswer>] = [:]
    public private(set) var notices: [String: [Recorded<RecipientNotice>]] = [:]
    /// The statistical tables released, in order.
    public private(set) var statisticsReleases: [Recorded<StatisticsRelease>] = []
    /// The anonymised records released, in order, and the notices of each release, by release id.
    public private(set) var anonymisedReleases: [Recorded<AnonymisedRelease>] = []
    public private(set) var anonymisedNotices: [String: [Recorded<AnonymisedNotice>]] = [:]
    public private(set) var eventCount = 0
    /// The time of the last event (nil while the register is empty): no event may be timed before it.
    public private(set) var lastRecordedAt: Timestamp?
    /// Events timed by the clock override (`SOURCE_DATE_EPOCH`) after an event timed by the real clock: a
    /// register in use whose times someone chose (the audit reports them). A register that starts under the
    /// override (a demo, a test) may go on under it.
    public private(set) var overriddenAfterRealClock: [RecordedEvent] = []
    private var timedByRealClock = false

    public init() {}

    public init(events: [RecordedEvent]) {
        for event in events { apply(event) }
    }

    /// Takes the count and last time of the whole register from its newest event, for a register of some of
    /// its events — every contractor and agreement event, and those of the subjects and transfers a command
    /// concerns — so that the rules that decide an append hold for what it concerns as on the whole register.
    public mutating func extend(toNewest last: RecordedEvent?) {
        guard let last else { return }
        eventCount = last.sequence
        lastRecordedAt = last.event.recordedAt
    }

    /// Applies a recorded event (already checked when it was appended).
    public mutating func apply(_ recorded: RecordedEvent) {
        eventCount += 1
        let event = recorded.event
        lastRecordedAt = event.recordedAt
        switch event.clock {
        case .system: timedByRealClock = true
        case .override: if timedByRealClock { overriddenAfterRealClock.append(recorded) }
        }
        switch event.payload {
        case .contractorRegistered(let registration):
            let document = RegisteredDocument(registration: registration, sequence: recorded.sequence, event: event)
            contractors[registration.contractor, default: ContractorRecord(id: registration.contractor)]
                .profiles.append(document)
            contractors[registration.contractor]?.profiles.sort { $0.registration.version < $1.registration.version }
        case .agreementRegistered(let registration):
            let document = RegisteredDocument(registration: registration, sequence: recorded.sequence, event: event)
            agreements[registration.documentID, default: []].append(document)
            agreements[registration.documentID]?.sort { $0.registration.version < $1.registration.version }
        case .statusChanged(let change):
            contractors[change.contractor]?.statusChanges.append(Recorded(change, recorded))
        case .evaluated(let evaluation):
            contractors[evaluation.contractor]?.evaluations.append(Recorded(evaluation, recorded))
        case .stopUse(let stop):
            if stopUse[stop.subject] == nil { stopUse[stop.subject] = Recorded(stop, recorded) }
            if stop.request == .erasure { erasures[stop.subject] = Recorded(stop, recorded) }
        case .transfer(let transfer):
            transferIndex[transfer.id] = transfers.count
            transfers.append(Recorded(transfer, recorded))
        case .deletionConfirmed(let confirmation):
            deletions[confirmation.transfer] = Recorded(confirmation, recorded)
        case .incident(let incident):
            incidents.append(Recorded(incident, recorded))
        case .incidentReported(let report):
            incidentReports[report.incident, default: []].append(Recorded(report, recorded))
        case .contractorReported(let report):
            contractors[report.contractor]?.reports.append(Recorded(report, recorded))
        case .contractorKey(let key):
            deliveryKeys[key.recipient] = Recorded(key, recorded)
            contractors[key.contractor]?.keys.append(Recorded(key, recorded))
        case .pseudonymRotation(let rotation):
            pseudonymRotations.append(Recorded(rotation, recorded))
        case .packageSigned(let signature):
            packageSignatures[signature.transfer] = Recorded(signature, recorded)
        case .provisionRecorded(let provision):
            provisionRecords[provision.transfer] = Recorded(provision, recorded)
        case .subjectRequested(let request):
            requests[request.id] = Recorded(request, recorded)
        case .requestAnswered(let answer):
            answers[answer.request] = Recorded(answer, recorded)
        case .recipientNotified(let notice):
            notices[notice.request, default: []].append(Recorded(notice, recorded))
        case .statisticsReleased(let release):
            statisticsReleases.append(Recorded(release, recorded))
        case .anonymisedReleased(let release):
            anonymisedReleases.append(Recorded(release, recorded))
        case .anonymisedNotice(let notice):
            anonymisedNotices[notice.release, default: []].append(Recorded(notice, recorded))
        }
    }

    /// A release (a table, anonymised records, a notice of them) names no contractor, or one registered and not
    /// terminated (the release's command re-checks its whole standing at the commit).
    private func admitRelease(to contractor: String) throws {
        guard !contractor.isEmpty else { return }
        if try registeredContractor(contractor).currentStatus == .terminated {
            throw Refusal(RegisterText.terminated(contractor: contractor).text())
        }
    }

    /// The generation of the pseudonym keys extracts use now (0 until the first rotation).
    public var pseudonymGeneration: Int { pseudonymRotations.last?.value.generation ?? 0 }

    /// The registered agreement versions of a contractor, by agreement id.
    public func agreements(of contractor: String) -> [String: [RegisteredDocument]] {
        agreements.filter { $0.value.first?.registration.contractor == contractor }
    }

    /// The registered version of a document with this id and version, if any.
    public func registered(_ kind: DocumentKind, id: String, version: Int) -> RegisteredDocument? {
        let versions = kind == .contractor ? contractors[id]?.profiles ?? [] : agreements[id] ?? []
        return versions.first { $0.registration.version == version }
    }

    public enum Admission: Equatable, Sendable {
        /// Append the event.
        case append
        /// The same bytes are already registered: nothing to do.
        case alreadyRegistered(RegisteredDocument)
    }

    /// Refuses an event timed before the register's last event.
    public func admitTime(of event: RegisterEvent) throws {
        guard let last = lastRecordedAt, event.recordedAt < last else { return }
        throw Refusal(
            Message.clockBehind(
                clock: event.recordedAt, overridden: event.clock == .override, lastEvent: eventCount, lastRecordedAt: last
            ).text())
    }

    /// Decides whether `payload` may be appended now, or throws the `Refusal` that says why not.
    public func admit(_ payload: RegisterEvent.Payload) throws -> Admission {
        switch payload {
        case .contractorRegistered(let r):
            if let existing = registered(.contractor, id: r.documentID, version: r.version) {
                return try sameBytes(existing, r, kind: .contractor)
            }
            if contractors[r.contractor]?.currentStatus == .terminated {
                throw Refusal(RegisterText.terminated(contractor: r.contractor).text())
            }
            return .append
        case .agreementRegistered(let r):
            if let existing = registered(.agreement, id: r.documentID, version: r.version) {
                return try sameBytes(existing, r, kind: .agreement)
            }
            guard let contractor = contractors[r.contractor] else {
                throw Refusal(RegisterText.contractorNotRegistered(contractor: r.contractor).text())
            }
            if contractor.currentStatus == .terminated {
                throw Refusal(RegisterText.terminated(contractor: r.contractor).text())
            }
            if let other = agreements[r.documentID]?.first, other.registration.contractor != r.contractor {
                throw Refusal(
                    RegisterText.agreementOfAnotherContractor(
                        agreement: r.documentID, registeredFor: other.registration.contractor, named: r.contractor
                    ).text())
            }
            return .append
        case .statusChanged(let change):
            let contractor = try registeredContractor(change.contractor)
            if let last = contractor.statusChanges.last?.value, change.on < last.on {
                throw Refusal(RegisterText.statusChangeOutOfOrder(contractor: change.contractor, last: last.on).text())
            }
            switch (contractor.currentStatus, change.status) {
            case (.terminated, _):
                let on = contractor.statusChanges.last?.value.on
                throw Refusal(RegisterText.wasTerminated(contractor: change.contractor, on: on).text())
            case (.suspended, .suspended):
                throw Refusal(RegisterText.alreadySuspended(contractor: change.contractor).text())
            case (.active, .active):
                throw Refusal(RegisterText.alreadyActive(contractor: change.contractor).text())
            default:
                return .append
            }
        case .evaluated(let evaluation):
            _ = try registeredContractor(evaluation.contractor)
            return .append
        case .stopUse(let stop):
            if let existing = erasures[stop.subject] {
                throw Refusal(
                    RegisterText.erasureAlreadyRequested(subject: stop.subject, received: existing.value.on).text())
            }
            if stop.request == .stopUse, let existing = stopUse[stop.subject] {
                throw Refusal(
                    RegisterText.alreadyOnStopUseList(subject: stop.subject, received: existing.value.on).text())
            }
            return .append
        case .transfer(let transfer):
            // Whether the transfer was allowed is the planner's answer before it, and the audit's after:
            // a transfer recorded by hand is recorded as it happened. The register only keeps ids unique. A
            // disclosure without consent under an exception of APPI Art. 27(1) (a court, the police) may go to a
            // recipient that is no registered contractor; its provision record, appended with it, names it.
            if !(transfer.origin == .recorded && transfer.agreement == nil && transfer.isDisclosureUnderException) {
                _ = try registeredContractor(transfer.contractor)
            }
            if transferIndex[transfer.id] != nil {
                throw Refusal(RegisterText.transferAlreadyRecorded(transfer: transfer.id).text())
            }
            return .append
        case .deletionConfirmed(let confirmation):
            guard let transfer = self.transfer(confirmation.transfer)?.value else {
                throw InputError(
                    Message.unknown(.transfer, id: confirmation.transfer, known: transfers.map(\.value.id)).text())
            }
            if let existing = deletions[confirmation.transfer] {
                throw Refusal(
                    RegisterText.deletionAlreadyConfirmed(
                        transfer: confirmation.transfer, on: existing.value.on,
                        certificateSHA256: existing.value.certificate.sha256
                    ).text())
            }
            if confirmation.on < transfer.on {
                let refusal = RegisterText.deletedBeforeTransfer(
                    transfer: confirmation.transfer, made: transfer.on, deleted: confirmation.on)
                throw Refusal(refusal.text())
            }
            return .append
        case .incident(let incident):
            _ = try registeredContractor(incident.contractor)
            if self.incident(incident.id) != nil {
                throw Refusal(RegisterText.incidentAlreadyRecorded(incident: incident.id).text())
            }
            if incident.notified < incident.discovered {
                throw InputError(
                    RegisterText.notifiedBeforeDiscovered(discovered: incident.discovered, notified: incident.notified).text())
            }
            for id in incident.transfers {
                guard let transfer = transfer(id)?.value else {
                    throw InputError(Message.unknown(.transfer, id: id, known: transfers.map(\.value.id)).text())
                }
                if transfer.contractor != incident.contractor {
                    throw InputError(
                        RegisterText.transferOfAnotherContractor(transfer: id, madeTo: transfer.contractor, incident: incident.id)
                            .text())
                }
                // The transfer's date is the company's; no time zone is further ahead of UTC than 14 hours.
                if incident.discovered.date(offsetSeconds: 14 * 3600) < transfer.on {
                    throw InputError(
                        RegisterText.discoveredBeforeTransfer(transfer: id, made: transfer.on, discovered: incident.discovered).text())
                }
            }
            return .append
        case .incidentReported(let report):
            guard incident(report.incident) != nil else {
                throw InputError(Message.unknown(.incident, id: report.incident, known: incidents.map(\.value.id)).text())
            }
            if let existing = incidentReports[report.incident]?.first(where: { $0.value.stage == report.stage }) {
                throw Refusal(
                    RegisterText.incidentAlreadyReported(incident: report.incident, report.stage, on: existing.value.on).text())
            }
            return .append
        case .contractorReported(let report):
            _ = try registeredContractor(report.contractor)
            return .append
        case .contractorKey(let key):
            let contractor = try registeredContractor(key.contractor)
            if contractor.currentStatus == .terminated {
                throw Refusal(RegisterText.terminated(contractor: key.contractor).text())
            }
            if let earlier = deliveryKeys[key.recipient] {
                let current = contractors[earlier.value.contractor]?.currentKey == earlier
                throw Refusal(
                    RegisterText.keyAlreadyRegistered(
                        contractor: earlier.value.contractor, on: earlier.value.on, current: current
                    ).text())
            }
            return .append
        case .packageSigned(let signature):
            // Appended by the extract with its transfer, in the same transaction: never on its own.
            guard let transfer = transfer(signature.transfer), transfer.sequence == eventCount,
                transfer.value.contractor == signature.contractor, packageSignatures[signature.transfer] == nil
            else { throw Refusal(RegisterText.signatureWithoutItsTransfer(transfer: signature.transfer).text()) }
            return .append
        case .provisionRecorded(let provision):
            // Appended with its transfer, in the same append: right after it, or after its package's signature.
            guard let transfer = transfer(provision.transfer), transfer.value.contractor == provision.contractor,
                provisionRecords[provision.transfer] == nil,
                transfer.sequence == eventCount
                    || (transfer.sequence == eventCount - 1 && packageSignatures[provision.transfer]?.sequence == eventCount)
            else { throw Refusal(RegisterText.provisionRecordWithoutItsTransfer(transfer: provision.transfer).text()) }
            return .append
        case .subjectRequested(let request):
            if requests[request.id] != nil { throw Refusal(RegisterText.requestAlreadyRecorded(request: request.id).text()) }
            return .append
        case .requestAnswered(let answer):
            let request = try self.request(answer.request)
            if let answered = answers[answer.request] {
                throw Refusal(RegisterText.requestAlreadyAnswered(request: answer.request, on: answered.value.on).text())
            }
            if answer.on < request.value.received {
                throw InputError(RegisterText.beforeReceived(request: answer.request, received: request.value.received).text())
            }
            return .append
        case .recipientNotified(let notice):
            let request = try self.request(notice.request)
            guard request.value.kind.recipientsTold else {
                throw InputError(RegisterText.noRecipientsToTell(request: notice.request, request.value.kind).text())
            }
            if notice.on < request.value.received {
                throw InputError(RegisterText.beforeReceived(request: notice.request, received: request.value.received).text())
            }
            if let told = notices[notice.request]?.first(where: { $0.value.contractor == notice.contractor }) {
                throw Refusal(
                    RegisterText.alreadyNotified(request: notice.request, contractor: notice.contractor, on: told.value.on).text())
            }
            return .append
        case .statisticsReleased(let release):
            // A table for a contractor goes to one registered and not terminated (`consign stats` re-checks its
            // whole standing at the commit); a published table names none.
            try admitRelease(to: release.contractor)
            return .append
        case .anonymisedReleased(let release):
            try admitRelease(to: release.contractor)
            return .append
        case .anonymisedNotice(let notice):
            try admitRelease(to: notice.contractor)
            return .append
        case .pseudonymRotation(let rotation):
            if rotation.generation != pseudonymGeneration + 1 {
                throw Refusal(RegisterText.rotationOutOfOrder(current: pseudonymGeneration, named: rotation.generation).text())
            }
            return .append
        }
    }

    /// The request recorded under an id, or the input error that names the known ones.
    public func request(_ id: String) throws(InputError) -> Recorded<SubjectRequest> {
        guard let request = requests[id] else {
            throw InputError(Message.unknown(.request, id: id, known: requests.keys.sorted()).text())
        }
        return request
    }

    /// The incident recorded under an id, if any.
    public func incident(_ id: String) -> Recorded<Incident>? { incidents.first { $0.value.id == id } }

    /// The transfer recorded under an id, if any.
    public func transfer(_ id: String) -> Recorded<Transfer>? { transferIndex[id].map { transfers[$0] } }

    private func registeredContractor(_ id: String) throws -> ContractorRecord {
        guard let contractor = contractors[id], !contractor.profiles.isEmpty else { throw unknownContractor(id) }
        return contractor
    }

    /// The input error naming an id that is not a registered contractor, and the ones that are.
    public func unknownContractor(_ id: String) -> InputError {
        InputError(
            Message.unknown(.contractor, id: id, known: contractors.filter { !$0.value.profiles.isEmpty }.keys.sorted()).text())
    }

    private func sameBytes(_ existing: RegisteredDocument, _ new: DocumentRegistration, kind: DocumentKind) throws
        -> Admission
    {
        guard existing.registration.sha256 == new.sha256 else {
            throw Refusal(
                RegisterText.differentBytes(
                    kind, id: new.documentID, version: new.version, sha256: existing.registration.sha256,
                    file: existing.registration.file
                ).text())
        }
        return .alreadyRegistered(existing)
    }
}

/// Contractor profile or agreement.
public enum DocumentKind: String, Sendable, Equatable, Codable {
    case contractor
    case agreement
}

/// A registered document version and the event that registered it.
public struct RegisteredDocument: Equatable, Sendable {
    public var registration: DocumentRegistration
    public var sequence: Int
    public var event: RegisterEvent

    public var registeredAt: Timestamp { event.recordedAt }
    public var registeredBy: String { event.recordedBy }
}

/// A contractor as the register knows it.
public struct ContractorRecord: Equatable, Sendable {
    public var id: String
    /// Registered profile versions, by version.
    public var profiles: [RegisteredDocument] = []
    /// In the order recorded (which is date order).
    public var statusChanges: [Recorded<StatusChange>] = []
    /// In the order recorded.
    public var evaluations: [Recorded<Evaluation>] = []
    /// The reports received from the contractor, in the order recorded.
    public var reports: [Recorded<ContractorReport>] = []
    /// The delivery keys registered for the contractor, in order: the last is the one in use.
    public var keys: [Recorded<ContractorKey>] = []

    public init(id: String) { self.id = id }

    /// The delivery key extracts are encrypted to now; nil when none was registered.
    public var currentKey: Recorded<ContractorKey>? { keys.last }

    /// The status after the last recorded change (active when none).
    public var currentStatus: ContractorStatus { statusChanges.last?.value.status ?? .active }

    /// The status in force on a date: the last change dated on or before it.
    public func status(on date: CalendarDate) -> ContractorStatus {
        statusChanges.last { $0.value.on <= date }?.value.status ?? .active
    }

    /// The status an event recorded as event `sequence` on `date` met: the last change dated before that
    /// day, or dated that day and recorded before the event (a termination recorded in the afternoon does
    /// not reach back to a transfer of the morning).
    public func status(on date: CalendarDate, before sequence: Int) -> ContractorStatus {
        statusChanges.last { $0.value.on < date || ($0.value.on == date && $0.sequence < sequence) }?.value.status ?? .active
    }

    public var latestProfile: RegisteredDocument? { profiles.last }
}

/// A status change or evaluation with the event that recorded it.
public struct Recorded<Value: Equatable & Sendable>: Equatable, Sendable {
    public var value: Value
    public var sequence: Int
    public var recordedAt: Timestamp
    public var recordedBy: String
    public var chainHash: String

    public init(_ value: Value, _ recorded: RecordedEvent) {
        self.value = value
        self.sequence = recorded.sequence
        self.recordedAt = recorded.event.recordedAt
        self.recordedBy = recorded.event.recordedBy
        self.chainHash = recorded.chainHash
    }
}
