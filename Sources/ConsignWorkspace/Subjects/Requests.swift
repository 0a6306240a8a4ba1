import ConsignCore
import ConsignKeys
import ConsignStore
import Foundation

/// A request as a person made it in writing, for `PrivacyOffice.request`.
public struct RequestInput: Sendable {
    public var subjectKey: String
    public var kind: SubjectRequest.Kind
    /// The day it was received (default today).
    public var received: CalendarDate?
    /// The proof of identity the person gave: only its SHA-256 and name are recorded.
    public var identityEvidence: URL
    /// The catalog fields a correction or an addition concerns (empty: every field).
    public var fields: [String]
    public var note: String

    public init(
        subjectKey: String, kind: SubjectRequest.Kind, received: CalendarDate?, identityEvidence: URL, fields: [String] = [],
        note: String
    ) {
        self.subjectKey = subjectKey
        self.kind = kind
        self.received = received
        self.identityEvidence = identityEvidence
        self.fields = fields
        self.note = note
    }
}

extension PrivacyOffice {
    /// Records a person's request with its due date (the catalog's `answer-days` from its receipt), and the
    /// recipients that must be told of a correction, an addition, a deletion or an erasure.
    public func request(_ input: RequestInput) async throws -> RequestView {
        let catalog = try WorkspaceDocuments.load(workspace).catalog().document
        let unknown = input.fields.filter { catalog.field($0) == nil }
        if !unknown.isEmpty { throw InputError(RequestText.fieldsNotInCatalog(unknown).text()) }
        if !input.fields.isEmpty, ![.correct, .add].contains(input.kind) {
            throw InputError(RequestText.fieldsOnlyForCorrection(input.kind).text())
        }
        let subjectKey = try SubjectList.standard(input.subjectKey)
        let hash = try workspace.keys().subjectHasher().hash(subjectKey)
        let received = try receivedOn(input.received)
        let request = SubjectRequest(
            id: Staff.newID("R", on: received), subject: hash, kind: input.kind, received: received,
            due: received.adding(days: catalog.company.requestAnswerDays), identityEvidence: try workspace.evidence(input.identityEvidence),
            fields: input.fields, note: input.note)
        let recorded = try await store.record(.subjectRequested(request), by: Recorder(name: recordedBy, clock: clock))
        return try await view(of: Recorded(request, recorded), subjectKey: subjectKey)
    }

    /// Records the answer to a request, on a date (default today), with the letter sent, if kept.
    public func answer(request id: String, on date: CalendarDate?, note: String, letter: URL?) async throws -> Recorded<RequestAnswer> {
        let on = try receivedOn(date)
        let answer = RequestAnswer(request: id, on: on, letter: try letter.map { try workspace.evidence($0) }, note: note)
        return Recorded(answer, try await store.record(.requestAnswered(answer), by: Recorder(name: recordedBy, clock: clock)))
    }

    /// Records that a recipient was told of a correction, an addition, a deletion or an erasure, on a date
    /// (default today).
    public func notified(request id: String, contractor: String, on date: CalendarDate?, note: String) async throws
        -> Recorded<RecipientNotice>
    {
        let notice = RecipientNotice(request: id, contractor: contractor, on: try receivedOn(date), note: note)
        return Recorded(notice, try await store.record(.recipientNotified(notice), by: Recorder(name: recordedBy, clock: clock)))
    }

    /// Every request received on or before `today`, oldest first, with where each stands then.
    public func requests(on today: CalendarDate) async throws -> [RequestView] {
        let register = try await store.standing(with: [])
        return try await register.requests.values.filter { $0.value.received <= today }
            .sorted { ($0.value.received, $0.sequence) < ($1.value.received, $1.sequence) }
            .asyncMap { try await view(of: $0, subjectKey: nil, today: today) }
    }

    /// A request with its answer, its due date and, when recipients are told of it, who must be and who was.
    func view(of request: Recorded<SubjectRequest>, subjectKey: String?, today given: CalendarDate? = nil) async throws -> RequestView {
        let today = try given ?? workspace.today(clock)
        let subject = UInt64(request.value.subject, radix: 16)!
        let snapshot = try await RegisterSnapshot.read(store, today: today, concerning: [.transfersHolding(subject)])
        let register = snapshot.register
        let profiles = snapshot.documents.latestProfiles
        let told = register.notices[request.value.id] ?? []
        let recipients = register.recipientsToTell(request.value, holding: register.transfers).sorted { $0.key < $1.key }.map {
            contractor, transfers in
            RequestView.Recipient(
                contractor: contractor, legalName: profiles[contractor]?.document.legalName ?? "",
                privacyContact: profiles[contractor]?.document.privacyContact, transfers: transfers.map(\.id),
                notifiedOn: told.first { $0.value.contractor == contractor }?.value.on)
        }
        return RequestView(
            request: request, subjectKey: subjectKey, answer: register.answers[request.value.id], recipients: recipients,
            today: today, noticeDays: try WorkspaceDocuments.load(workspace).catalog().document.company.recipientNoticeDays)
    }
}

extension Array {
    /// The elements mapped in order by an async transform.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        mapped.reserveCapacity(count)
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}

/// A request as `subject request` and `subject requests` show it.
public struct RequestView: Codable, Sendable {
    /// A recipient that must be told of the request, and when it was.
    public struct Recipient: Codable, Sendable {
        public var contractor: String
        public var legalName: String
        public var privacyContact: PrivacyContact?
        public var transfers: [String]
        public var notifiedOn: CalendarDate?
    }

    public var id: String
    /// The subject id as given (only when the request was just recorded; the register keeps the keyed hash).
    public var subject: String?
    public var subjectHash: String
    public var kind: SubjectRequest.Kind
    public var received: CalendarDate
    public var due: CalendarDate
    public var identityEvidenceSHA256: String?
    public var fields: [String]
    public var note: String
    public var event: Int
    public var answeredOn: CalendarDate?
    public var answer: String?
    /// Open past its due date, or answered after it.
    public var overdue: Bool
    public var recipients: [Recipient]
    /// The day by which every recipient must have been told (the catalog's `notice-days` from the receipt).
    public var noticeDue: CalendarDate?

    init(
        request recorded: Recorded<SubjectRequest>, subjectKey: String?, answer: Recorded<RequestAnswer>?, recipients: [Recipient],
        today: CalendarDate, noticeDays: Int
    ) {
        let request = recorded.value
        id = request.id
        subject = subjectKey
        subjectHash = request.subject
        kind = request.kind
        received = request.received
        due = request.due
        identityEvidenceSHA256 = request.identityEvidence?.sha256
        fields = request.fields
        note = request.note
        event = recorded.sequence
        answeredOn = answer?.value.on
        self.answer = answer?.value.note
        overdue = answer.map { $0.value.on > request.due } ?? (today > request.due)
        self.recipients = recipients
        noticeDue = request.kind.recipientsTold ? request.received.adding(days: noticeDays) : nil
    }

    /// What `subject request` prints once it recorded the request.
    public var recordedText: String {
        var lines = [
            RequestText.recorded(
                id: id, kind: kind, hash: subjectHash, received: received, due: due, event: event).text()
        ]
        guard kind.recipientsTold else { return lines.joined(separator: "\n") }
        if recipients.isEmpty {
            lines.append(SubjectText.nobodyToTell.text())
            return lines.joined(separator: "\n")
        }
        lines.append(RequestText.tellBy(noticeDue ?? received).text())
        var table = TextTable([.contractor, .name, .privacyContact, .transfers].map { SubjectText.column($0).text() })
        for r in recipients {
            table.append([r.contractor, r.legalName, r.privacyContact?.description ?? "", r.transfers.joined(separator: ", ")])
        }
        lines.append(table.rendered)
        return lines.joined(separator: "\n")
    }

    /// The table `subject requests` prints.
    public static func table(_ views: [RequestView]) -> String {
        var table = TextTable(RequestText.Column.allCases.map { RequestText.column($0).text() })
        for v in views {
            let told = v.recipients.filter { $0.notifiedOn != nil }.count
            table.append([
                v.id, v.kind.rawValue, v.subjectHash, "\(v.received)", "\(v.due)",
                v.answeredOn.map { RequestText.answered(on: $0).text() } ?? RequestText.open.text(),
                v.overdue ? RequestText.overdue.text() : "",
                v.kind.recipientsTold ? RequestText.recipientsTold(told, of: v.recipients.count).text() : "",
            ])
        }
        return table.rendered
    }
}
