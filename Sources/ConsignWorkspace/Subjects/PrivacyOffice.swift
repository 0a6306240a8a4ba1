import ConsignCore
import ConsignKeys
import ConsignStore
import Foundation

/// The privacy officer's work on data subjects' requests. The register knows a subject only by its
/// keyed hash (`SubjectHasher`), never by the subject key itself.
public struct PrivacyOffice: Sendable {
    public let workspace: Workspace
    public let store: any RegisterStore
    public let clock: WallClock
    public let recordedBy: String

    public init(workspace: Workspace, store: any RegisterStore, clock: WallClock, recordedBy: String) {
        self.workspace = workspace
        self.store = store
        self.clock = clock
        self.recordedBy = recordedBy
    }

    /// Puts a subject on the stop-use list from the date the request was received (default today): every
    /// later extract leaves them out. The request enters the request register as `entry` says, answered today.
    @discardableResult
    public func stopUse(subjectKey: String, reason: String, on date: CalendarDate?, entry: RequestEntry) async throws
        -> [RecordedEvent]
    {
        try await stopUse(subjectKeys: [subjectKey], reason: reason, on: date, entry: entry)
    }

    /// Puts several subjects on the list in one transaction: all of them, or none when any is not a subject
    /// key or is already listed.
    public func stopUse(subjectKeys: [String], reason: String, on date: CalendarDate?, entry: RequestEntry) async throws
        -> [RecordedEvent]
    {
        let hasher = try workspace.keys().subjectHasher()
        let hashes = try subjectKeys.map { key throws(InputError) in hasher.hash(try SubjectList.standard(key)) }
        let events = try await stopping(hashes, as: .stopUse, reason: reason, on: date, entry: entry)
        return try await store.append(events, by: Recorder(name: recordedBy, clock: clock))
    }

    /// A file of requests received together: every subject not yet on the list is put on it in one
    /// transaction; a subject already on the list, or repeated in the file, is reported (a warning naming
    /// the line and the id as written) and not added again.
    public func stopUse(listedIn requests: [SubjectList.Entry], reason: String, on date: CalendarDate?) async throws
        -> (recorded: [RecordedEvent], skipped: [Diagnostic])
    {
        let hasher = try workspace.keys().subjectHasher()
        let hashes = requests.map { hasher.hash($0.key) }
        let register = try await store.standing(with: [.stopUse(of: hashes.compactMap { UInt64($0, radix: 16) })])
        var firstLine: [String: SubjectList.Entry] = [:]
        var stops: [String] = []
        var skipped: [Diagnostic] = []
        for (request, hash) in zip(requests, hashes) {
            let skip = { (why: Message.StopUseSkipped) in
                skipped.append(
                    .warning(
                        Message.stopUseSkipped(id: request.written, hash: hash, why).text(), file: request.file, line: request.line))
            }
            if let first = firstLine[hash] {
                skip(.repeated(line: first.line))
            } else if let erasure = register.erasures[hash] {
                skip(.erasureRequested(on: erasure.value.on))
            } else if let listed = register.stopUse[hash] {
                skip(.alreadyListed(on: listed.value.on))
            } else {
                stops.append(hash)
            }
            firstLine[hash] = firstLine[hash] ?? request
        }
        let events = try await stopping(stops, as: .stopUse, reason: reason, on: date, entry: .received(identityEvidence: nil))
        let recorded = stops.isEmpty ? [] : try await store.append(events, by: Recorder(name: recordedBy, clock: clock))
        return (recorded, skipped)
    }

    /// Every transfer that included the subject ("who received my data?"), oldest first, and where the
    /// subject stands on the stop-use list.
    public func show(subjectKey given: String, on date: CalendarDate? = nil) async throws -> SubjectView {
        let subjectKey = try SubjectList.standard(given)
        let hash = try subjectHash(subjectKey)
        let today = try date ?? workspace.today(clock)
        return try await view(subjectKey, hash: hash, today: today).subject
    }

    /// Records an erasure request (which puts the subject on the stop-use list from its date) and lists the
    /// recipients who must be told: every contractor that received the subject's data, with its privacy
    /// contact, and the sub-contractors named on those transfers or approved for them.
    public func erase(subjectKey given: String, reason: String, on date: CalendarDate?, entry: RequestEntry) async throws
        -> ErasureView
    {
        let subjectKey = try SubjectList.standard(given)
        let hash = try subjectHash(subjectKey)
        let events = try await stopping([hash], as: .erasure, reason: reason, on: date, entry: entry)
        let appended = try await store.append(events, by: Recorder(name: recordedBy, clock: clock))
        guard let recorded = appended.first(where: { $0.event.kind == "subject-stop-use" }),
            case .stopUse(let stop) = recorded.event.payload,
            let answered = appended.last, case .requestAnswered(let answer) = answered.event.payload
        else { preconditionFailure("an erasure appends its stop and its answer") }
        let (subject, snapshot) = try await view(subjectKey, hash: hash, today: try workspace.today(clock))
        let profiles = snapshot.documents.latestProfiles
        let recipients = Dictionary(grouping: subject.transfers, by: \.contractor).sorted { $0.key < $1.key }.map { contractor, transfers in
            let profile = profiles[contractor]?.document
            return ErasureView.Recipient(
                contractor: contractor, legalName: profile?.legalName ?? "", privacyContact: profile?.privacyContact,
                transfers: transfers.map(\.id),
                subContractors: Array(Set(transfers.flatMap { $0.receivingSubContractors + $0.approvedSubContractors })).sorted(),
                deletion: transfers.map { "\($0.id): \($0.deletion)" })
        }
        return ErasureView(
            subject: subject, event: recorded.sequence, on: stop.on, request: answer.request, answered: answer.on,
            answerEvent: answered.sequence, recipients: recipients)
    }

    /// The events that put each of `hashes` on the stop-use list through the request register: the request
    /// (received on `date`, default today, with its proof of identity if given) unless `entry` names one recorded
    /// before, the stop from the day it was received, and the answer given today.
    private func stopping(
        _ hashes: [String], as kind: StopUse.Request, reason: String, on date: CalendarDate?, entry: RequestEntry
    ) async throws -> [RegisterEvent.Payload] {
        let today = try workspace.today(clock)
        let requestKind: SubjectRequest.Kind = kind == .erasure ? .erasure : .stopUse
        switch entry {
        case .answering(let id):
            let request = try await store.standing(with: []).request(id).value
            guard request.kind == requestKind else {
                throw InputError(RequestText.requestOfAnotherKind(id: id, kind: request.kind, expected: requestKind).text())
            }
            guard hashes == [request.subject] else { throw InputError(RequestText.requestOfAnotherSubject(id: id).text()) }
            let stop = StopUse(subject: request.subject, on: request.received, reason: reason, request: kind)
            return [.stopUse(stop), .requestAnswered(RequestAnswer(request: id, on: today, letter: nil, note: reason))]
        case .received(let identityEvidence):
            let on = try receivedOn(date)
            let due = on.adding(days: try WorkspaceDocuments.load(workspace).catalog().document.company.requestAnswerDays)
            let evidence = try identityEvidence.map { url throws(InputError) in try workspace.evidence(url) }
            // A list of thousands received on one day must not draw an id twice, nor one the register holds.
            let recorded = hashes.count > 1 ? try await store.standing(with: []).requests : [:]
            var ids: Set<String> = []
            return hashes.flatMap { hash -> [RegisterEvent.Payload] in
                var id = Staff.newID("R", on: on)
                while recorded[id] != nil || !ids.insert(id).inserted { id = Staff.newID("R", on: on) }
                let request = SubjectRequest(
                    id: id, subject: hash, kind: requestKind, received: on, due: due, identityEvidence: evidence, note: reason)
                return [
                    .subjectRequested(request), .stopUse(StopUse(subject: hash, on: on, reason: reason, request: kind)),
                    .requestAnswered(RequestAnswer(request: id, on: today, letter: nil, note: reason)),
                ]
            }
        }
    }

    /// The keyed hash of a subject id, in its standard form (an input error when it is not a key).
    private func subjectHash(_ subjectKey: String) throws -> String {
        try workspace.keys().subjectHasher().hash(SubjectList.standard(subjectKey))
    }

    /// Every transfer whose stored subject set holds `hash`, and the subject's requests (with the snapshot they
    /// were read in, its registered profiles for erasure's recipients): the register reads
    /// those events only (through the merged subject index and the stop-use rows), besides the contractors.
    private func view(_ subjectKey: String, hash: String, today: CalendarDate) async throws
        -> (subject: SubjectView, snapshot: RegisterSnapshot)
    {
        let subject = UInt64(hash, radix: 16)!
        let snapshot = try await RegisterSnapshot.read(store, today: today, concerning: [.stopUse(of: [subject]), .transfersHolding(subject)])
        let register = snapshot.register
        let transfers = register.transfers.map { recorded in
            SubjectView.Transfer(
                recorded.value, contractorName: snapshot.documents.latestProfiles[recorded.value.contractor]?.document.legalName ?? "",
                deletion: TransferView.deletionStatus(recorded.value, register.deletions[recorded.value.id]?.value, today: snapshot.today))
        }
        let view = SubjectView(
            subject: subjectKey, subjectHash: hash, stopUse: register.stopUse[hash].map(StopUseView.init),
            erasure: register.erasures[hash].map(StopUseView.init), transfers: transfers)
        return (view, snapshot)
    }

    /// The date a request was received: the one given, which cannot be after today, or today.
    func receivedOn(_ date: CalendarDate?) throws -> CalendarDate {
        let today = try workspace.today(clock)
        guard let date else { return today }
        guard date <= today else {
            throw InputError(SubjectText.receivedAfterToday(given: date, today: today).text())
        }
        return date
    }

    /// The stop-use list, oldest request first.
    public func stopped() async throws -> [StopUseView] {
        let register = try await store.register()
        return register.stopUse.values.sorted { ($0.value.on, $0.sequence) < ($1.value.on, $1.sequence) }.map(StopUseView.init)
    }
}

/// How a stop-use or an erasure enters the request register.
public enum RequestEntry: Sendable, Equatable {
    /// Received with the command: recorded as a request of its kind (with the proof of identity, if given) and
    /// answered by it.
    case received(identityEvidence: URL?)
    /// The answer to a request recorded before (`subject request --kind stop-use|erasure`).
    case answering(request: String)
}

/// One entry of the stop-use list as `subject stopped` prints it.
public struct StopUseView: Codable, Sendable {
    public var subjectHash: String
    public var request: StopUse.Request
    public var on: CalendarDate
    public var reason: String
    public var event: Int
    public var recordedAt: Timestamp
    public var recordedBy: String

    init(_ recorded: Recorded<StopUse>) {
        subjectHash = recorded.value.subject
        request = recorded.value.request
        on = recorded.value.on
        reason = recorded.value.reason
        event = recorded.sequence
        recordedAt = recorded.recordedAt
        recordedBy = recorded.recordedBy
    }

    public static func table(_ views: [StopUseView]) -> String {
        var table = TextTable(
            [.subjectHash, .request, .received, .reason, .recorded].map { SubjectText.column($0).text() })
        for v in views {
            table.append([
                v.subjectHash, SubjectText.request(v.request).text(), "\(v.on)", v.reason,
                SubjectText.recordedBy(at: v.recordedAt, by: v.recordedBy).text(),
            ])
        }
        return table.rendered
    }
}
