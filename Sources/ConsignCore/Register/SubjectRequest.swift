/// A person's request about their data (APPI Arts. 33-35; GDPR Arts. 15-18, 21), received in writing with proof
/// of identity: recorded with the SHA-256 of that proof (never its content) and the date it is due, answered
/// once, and, for a correction, an addition or a deletion, told to every recipient that may still hold the data.
public struct SubjectRequest: Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// Disclose the data held and who received it (Art. 33, with the provision records of Art. 33(5)).
        case disclose
        /// Correct, add to or delete data that is untrue (Art. 34).
        case correct, add, delete
        /// Stop using, or erase (Art. 35).
        case stopUse = "stop-use"
        case erasure
        /// Stop providing the data to third parties (Art. 35(3)).
        case stopProvision = "stop-provision"

        /// Whether every recipient that may still hold the data must be told of it (GDPR Art. 19).
        public var recipientsTold: Bool { [.correct, .add, .delete, .erasure].contains(self) }
    }

    /// `R-YYYYMMDD-xxxxxxxx`, from the day it was received.
    public var id: String
    /// The subject's keyed hash (`SubjectHasher`).
    public var subject: String
    public var kind: Kind
    public var received: CalendarDate
    /// The day it must be answered by, set when it was recorded (the catalog's `answer-days` then).
    public var due: CalendarDate
    /// The proof of identity the person gave: its file name and SHA-256.
    public var identityEvidence: Evaluation.Evidence?
    /// The fields it concerns (a correction or an addition; empty: every field).
    public var fields: [String]
    public var note: String

    public init(
        id: String, subject: String, kind: Kind, received: CalendarDate, due: CalendarDate,
        identityEvidence: Evaluation.Evidence?, fields: [String] = [], note: String
    ) {
        self.id = id
        self.subject = subject
        self.kind = kind
        self.received = received
        self.due = due
        self.identityEvidence = identityEvidence
        self.fields = fields
        self.note = note
    }

    func encode(into record: inout CanonicalRecord) {
        record.append("request", id)
        record.append("subject", subject)
        record.append("request-kind", kind.rawValue)
        record.append("received", received.description)
        record.append("due", due.description)
        record.append("evidence-sha256", identityEvidence?.sha256)
        record.append("evidence-file", identityEvidence?.file)
        for field in fields { record.append("field", field) }
        record.append("note", note)
    }

    init?(reading r: inout CanonicalRecord.Reader) {
        guard let id = r.next("request"), let subject = r.next("subject"),
            let kind = r.next("request-kind").flatMap(Kind.init(rawValue:)),
            let received = r.next("received", as: CalendarDate.init(bytes:)), let due = r.next("due", as: CalendarDate.init(bytes:))
        else { return nil }
        var evidence: Evaluation.Evidence?
        if let sha256 = r.next("evidence-sha256") {
            guard let file = r.next("evidence-file") else { return nil }
            evidence = Evaluation.Evidence(file: file, sha256: sha256)
        }
        var fields: [String] = []
        while let field = r.next("field") { fields.append(field) }
        guard let note = r.next("note") else { return nil }
        self.init(
            id: id, subject: subject, kind: kind, received: received, due: due, identityEvidence: evidence, fields: fields, note: note)
    }
}

/// The answer to a request: when it was given, the letter sent (its SHA-256), and a note.
public struct RequestAnswer: Equatable, Sendable {
    public var request: String
    public var on: CalendarDate
    public var letter: Evaluation.Evidence?
    public var note: String

    public init(request: String, on: CalendarDate, letter: Evaluation.Evidence?, note: String) {
        self.request = request
        self.on = on
        self.letter = letter
        self.note = note
    }

    func encode(into record: inout CanonicalRecord) {
        record.append("request", request)
        record.append("on", on.description)
        record.append("letter-sha256", letter?.sha256)
        record.append("letter-file", letter?.file)
        record.append("note", note)
    }

    init?(reading r: inout CanonicalRecord.Reader) {
        guard let request = r.next("request"), let on = r.next("on", as: CalendarDate.init(bytes:)) else { return nil }
        var letter: Evaluation.Evidence?
        if let sha256 = r.next("letter-sha256") {
            guard let file = r.next("letter-file") else { return nil }
            letter = Evaluation.Evidence(file: file, sha256: sha256)
        }
        guard let note = r.next("note") else { return nil }
        self.init(request: request, on: on, letter: letter, note: note)
    }
}

/// That a recipient was told of a correction, an addition or a deletion (GDPR Art. 19), on a date.
public struct RecipientNotice: Equatable, Sendable {
    public var request: String
    public var contractor: String
    public var on: CalendarDate
    public var note: String

    public init(request: String, contractor: String, on: CalendarDate, note: String) {
        self.request = request
        self.contractor = contractor
        self.on = on
        self.note = note
    }

    func encode(into record: inout CanonicalRecord) {
        record.append("request", request)
        record.append("contractor", contractor)
        record.append("on", on.description)
        record.append("note", note)
    }

    init?(reading r: inout CanonicalRecord.Reader) {
        guard let request = r.next("request"), let contractor = r.next("contractor"),
            let on = r.next("on", as: CalendarDate.init(bytes:)), let note = r.next("note")
        else { return nil }
        self.init(request: request, contractor: contractor, on: on, note: note)
    }
}

extension Register {
    /// The recipients that must be told of `request` (a correction, an addition, a deletion or an erasure), by
    /// contractor: each that received, in one of `holding` (the transfers whose subject sets hold the request's
    /// subject) dated on or before the request's answer (any, while it is open: until then the data sent is the
    /// data the request concerns), a field it concerns (any, when it names none), and had not confirmed that
    /// transfer's deletion by the day the request was received.
    public func recipientsToTell(_ request: SubjectRequest, holding: [Recorded<Transfer>]) -> [String: [Transfer]] {
        guard request.kind.recipientsTold else { return [:] }
        let concerned = Set(request.fields)
        let answered = answers[request.id]?.value.on
        let still = holding.map(\.value).filter { transfer in
            answered.map { transfer.on <= $0 } ?? true
                && (concerned.isEmpty || transfer.forms.contains { concerned.contains($0.field) })
                && !(deletions[transfer.id].map { $0.value.on <= request.received } ?? false)
        }
        return Dictionary(grouping: still, by: \.contractor)
    }
}
