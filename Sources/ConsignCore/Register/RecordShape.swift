#if canImport(Glibc)
import Glibc
#endif

/// The shape of every event kind's canonical record, as `RegisterEvent(bytes:)` reads it: which keys come
/// in which order, which are optional or repeated, and what each value must be. `ledger verify` walks every
/// record against it, without making a string, so that it finds exactly the records the decoder would
/// refuse (a test checks the two agree on mutated records), and the audit, which decodes, reports the same
/// breaks.
public enum RecordShape {
    /// What a value must be.
    enum Value {
        /// Any UTF-8 text.
        case text
        /// An integer as `String(Int)` writes it.
        case decimal
        case date
        case timestamp
        /// A field form, `field` or `field:form`.
        case form
        /// One of the words a kind, status, result or request is spelled with.
        case word(Words)
    }

    enum Words {
        case kind, status, evaluation, result, request, origin, relationship, clock, incidentKind, stage, channel
        case provisionBasis, recordMethod, requestKind, releaseMethod, anonymisedNotice, csvEncoding

        var spellings: [StaticString] {
            switch self {
            case .kind: Words.kinds
            case .status: Words.statuses
            case .evaluation: Words.evaluations
            case .result: Words.results
            case .request: Words.requests
            case .origin: Words.origins
            case .relationship: Words.relationships
            case .clock: Words.clocks
            case .incidentKind: Words.incidentKinds
            case .stage: Words.stages
            case .channel: Words.channels
            case .provisionBasis: Words.provisionBases
            case .recordMethod: Words.recordMethods
            case .requestKind: Words.requestKinds
            case .releaseMethod: Words.releaseMethods
            case .anonymisedNotice: Words.anonymisedNotices
            case .csvEncoding: Words.csvEncodings
            }
        }

        static let kinds: [StaticString] = [
            "contractor-registered", "agreement-registered", "contractor-status", "contractor-evaluated", "subject-stop-use",
            "transfer", "deletion-confirmed", "incident", "incident-report", "contractor-report", "contractor-key",
            "pseudonym-rotation", "package-signature", "provision-record", "subject-request", "request-answer",
            "recipient-notice", "statistics-release", "anonymised-release", "anonymised-notice",
        ]
        static let releaseMethods: [StaticString] = ["exact", "heuristic"]
        static let anonymisedNotices: [StaticString] = ["creation", "provision", "recipient"]
        /// A transfer records its CSV's encoding only when it is not UTF-8.
        static let csvEncodings: [StaticString] = ["utf-8-bom", "cp932"]
        static let statuses: [StaticString] = ["active", "suspended", "terminated"]
        static let evaluations: [StaticString] = ["selection", "periodic", "foreign-basis"]
        static let results: [StaticString] = ["pass", "fail"]
        static let requests: [StaticString] = ["stop-use", "erasure"]
        static let origins: [StaticString] = ["extract", "recorded"]
        static let relationships: [StaticString] = ["entrustment", "provision", "joint-use"]
        static let clocks: [StaticString] = ["source-date-epoch"]
        static let incidentKinds: [StaticString] = ["leak", "loss", "damage", "unauthorised-access"]
        static let stages: [StaticString] = ["preliminary", "final"]
        static let provisionBases: [StaticString] = [
            "consent", "law", "life-property", "public-health", "public-authority", "academic-publication", "academic-joint",
            "academic-research",
        ]
        static let recordMethods: [StaticString] = ["per-provision", "contract"]
        static let requestKinds: [StaticString] = ["disclose", "correct", "add", "delete", "stop-use", "erasure", "stop-provision"]
        static let channels: [StaticString] = [
            "sftp", "storage-link", "encrypted-file", "hand-delivery", "password-zip-same-route",
        ]
    }

    /// One key of a shape. `optional(n)` and `repeated(n)` head a group of `n` steps (themselves included):
    /// when the next key is the head's, the whole group follows (once, or again and again); when it is not,
    /// the group is skipped.
    struct Step {
        enum Mode { case once, optional(Int), repeated(Int) }
        var key: StaticString
        var value: Value
        var mode: Mode = .once
        /// Where the walk hands the value over, if it does.
        var field: Field? = nil
    }

    /// The fields a walk hands over: the ones a store keeps beside the record (its kind, its contractor),
    /// its time, what a transfer records of its subject set, and the keys of the rows derived from it (a
    /// transfer's or a deletion's transfer id, a stop-use request's subject).
    enum Field { case kind, recordedAt, contractor, transfer, subjects, subjectsSHA256, subject }

    /// A record's fields that the ledger check reads, seen in its bytes (valid while they are).
    public struct Fields {
        public var kind = UnsafeRawBufferPointer(start: nil, count: 0)
        public var recordedAt = UnsafeRawBufferPointer(start: nil, count: 0)
        /// Nil for a kind without a contractor (a stop-use request).
        public var contractor: UnsafeRawBufferPointer?
        public var transfer: UnsafeRawBufferPointer?
        public var subjects: UnsafeRawBufferPointer?
        public var subjectsSHA256: UnsafeRawBufferPointer?
        /// A stop-use request's subject (its keyed hash, in hex).
        public var subject: UnsafeRawBufferPointer?

        mutating func set(_ field: Field, _ value: UnsafeRawBufferPointer) {
            switch field {
            case .kind: kind = value
            case .recordedAt: recordedAt = value
            case .contractor: contractor = value
            case .transfer: transfer = value
            case .subjects: subjects = value
            case .subjectsSHA256: subjectsSHA256 = value
            case .subject: subject = value
            }
        }
    }

    /// The keys every record starts with.
    static let head: [Step] = [
        Step(key: "kind", value: .word(.kind), field: .kind), Step(key: "recorded-at", value: .timestamp, field: .recordedAt),
        Step(key: "recorded-by", value: .text),
    ]

    /// The fields later releases appended, after every kind's own.
    static let tail: [Step] = [Step(key: "clock", value: .word(.clock), mode: .optional(1))]
    /// The fields later releases appended to a transfer, after the tail (`Transfer.encodeAppended(into:)`).
    static let transferTail: [Step] = [
        Step(key: "source-table", value: .text, mode: .optional(2)), Step(key: "source-records", value: .decimal),
        Step(key: "special-care", value: .text, mode: .repeated(1)),
        Step(key: "recipient-fingerprint", value: .text, mode: .optional(1)),
        Step(key: "channel", value: .word(.channel), mode: .optional(1)),
        Step(key: "channel-note", value: .text, mode: .optional(1)),
        Step(key: "pseudonym-generation", value: .decimal, mode: .optional(1)),
        Step(key: "csv-encoding", value: .word(.csvEncoding), mode: .optional(1)),
        Step(key: "substitution", value: .text, mode: .repeated(3)), Step(key: "substitution-to", value: .text),
        Step(key: "substitution-values", value: .decimal),
        Step(key: "import-profile", value: .text, mode: .optional(1)),
    ]
    /// The field later releases appended to a statistics or anonymised release, after the tail.
    static let releaseTail: [Step] = [Step(key: "stopped", value: .decimal, mode: .optional(1))]

    static let registration: [Step] = [
        Step(key: "contractor", value: .text, field: .contractor), Step(key: "document", value: .text), Step(key: "version", value: .decimal),
        Step(key: "sha256", value: .text), Step(key: "file", value: .text),
    ]
    static let status: [Step] = [
        Step(key: "contractor", value: .text, field: .contractor), Step(key: "status", value: .word(.status)), Step(key: "on", value: .date),
        Step(key: "note", value: .text),
    ]
    static let evaluation: [Step] = [
        Step(key: "contractor", value: .text, field: .contractor), Step(key: "evaluation", value: .word(.evaluation)),
        Step(key: "result", value: .word(.result)), Step(key: "on", value: .date),
        Step(key: "evidence-sha256", value: .text, mode: .optional(2)), Step(key: "evidence-file", value: .text, mode: .optional(1)),
        Step(key: "note", value: .text),
    ]
    static let stopUse: [Step] = [
        Step(key: "subject", value: .text, field: .subject), Step(key: "on", value: .date), Step(key: "reason", value: .text),
        Step(key: "request", value: .word(.request), mode: .optional(1)),
    ]
    static let transfer: [Step] = [
        Step(key: "transfer", value: .text, field: .transfer), Step(key: "origin", value: .word(.origin)),
        Step(key: "on", value: .date), Step(key: "contractor", value: .text, field: .contractor),
        Step(key: "agreement", value: .text, mode: .optional(3)), Step(key: "agreement-version", value: .decimal),
        Step(key: "agreement-sha256", value: .text),
        Step(key: "relationship", value: .word(.relationship), mode: .optional(1)), Step(key: "legal-basis", value: .text),
        Step(key: "country", value: .text, mode: .repeated(1)),
        Step(key: "approved-sub-contractor", value: .text, mode: .repeated(1)),
        Step(key: "receiving-sub-contractor", value: .text, mode: .repeated(1)),
        Step(key: "task", value: .text), Step(key: "task-version", value: .decimal), Step(key: "task-sha256", value: .text),
        Step(key: "catalog", value: .text), Step(key: "catalog-version", value: .decimal),
        Step(key: "catalog-sha256", value: .text), Step(key: "purpose", value: .text),
        Step(key: "form", value: .form, mode: .repeated(1)), Step(key: "rows", value: .decimal),
        Step(key: "file", value: .text, mode: .repeated(3)), Step(key: "file-bytes", value: .decimal),
        Step(key: "file-sha256", value: .text),
        Step(key: "package", value: .text), Step(key: "retention-due", value: .date), Step(key: "encryption", value: .text),
        Step(key: "subjects", value: .decimal, field: .subjects), Step(key: "subjects-sha256", value: .text, field: .subjectsSHA256),
        Step(key: "note", value: .text),
    ]
    static let deletion: [Step] = [
        Step(key: "transfer", value: .text, field: .transfer), Step(key: "contractor", value: .text, field: .contractor),
        Step(key: "on", value: .date), Step(key: "certificate-sha256", value: .text), Step(key: "certificate-file", value: .text), Step(key: "note", value: .text),
    ]
    static let incident: [Step] = [
        Step(key: "incident", value: .text), Step(key: "contractor", value: .text, field: .contractor),
        Step(key: "incident-kind", value: .word(.incidentKind)), Step(key: "discovered", value: .timestamp),
        Step(key: "notified", value: .timestamp), Step(key: "transfer", value: .text, mode: .repeated(1)), Step(key: "note", value: .text),
    ]
    static let incidentReport: [Step] = [
        Step(key: "incident", value: .text), Step(key: "contractor", value: .text, field: .contractor),
        Step(key: "stage", value: .word(.stage)), Step(key: "on", value: .date), Step(key: "note", value: .text),
    ]
    static let contractorReport: [Step] = [
        Step(key: "contractor", value: .text, field: .contractor), Step(key: "on", value: .date),
        Step(key: "evidence-sha256", value: .text), Step(key: "evidence-file", value: .text), Step(key: "note", value: .text),
    ]
    static let contractorKey: [Step] = [
        Step(key: "contractor", value: .text, field: .contractor), Step(key: "recipient", value: .text),
        Step(key: "on", value: .date), Step(key: "note", value: .text),
    ]
    static let packageSignature: [Step] = [
        Step(key: "transfer", value: .text), Step(key: "contractor", value: .text, field: .contractor),
        Step(key: "manifest-sha256", value: .text), Step(key: "signature", value: .text),
    ]
    static let provisionRecord: [Step] = [
        Step(key: "transfer", value: .text), Step(key: "contractor", value: .text, field: .contractor),
        Step(key: "basis", value: .word(.provisionBasis)), Step(key: "consent-field", value: .text),
        Step(key: "legal-reference", value: .text), Step(key: "record-method", value: .word(.recordMethod)),
        Step(key: "recipient-name", value: .text), Step(key: "recipient-address", value: .text),
        Step(key: "recipient-representative", value: .text), Step(key: "recipient-purposes", value: .text),
        Step(key: "personal-related-consent", value: .text, mode: .optional(1)),
    ]
    static let subjectRequest: [Step] = [
        Step(key: "request", value: .text), Step(key: "subject", value: .text), Step(key: "request-kind", value: .word(.requestKind)),
        Step(key: "received", value: .date), Step(key: "due", value: .date),
        Step(key: "evidence-sha256", value: .text, mode: .optional(2)), Step(key: "evidence-file", value: .text),
        Step(key: "field", value: .text, mode: .repeated(1)), Step(key: "note", value: .text),
    ]
    static let requestAnswer: [Step] = [
        Step(key: "request", value: .text), Step(key: "on", value: .date),
        Step(key: "letter-sha256", value: .text, mode: .optional(2)), Step(key: "letter-file", value: .text),
        Step(key: "note", value: .text),
    ]
    static let recipientNotice: [Step] = [
        Step(key: "request", value: .text), Step(key: "contractor", value: .text, field: .contractor),
        Step(key: "on", value: .date), Step(key: "note", value: .text),
    ]
    static let statisticsRelease: [Step] = [
        Step(key: "release", value: .text), Step(key: "task", value: .text), Step(key: "task-version", value: .decimal),
        Step(key: "task-sha256", value: .text), Step(key: "catalog-sha256", value: .text),
        Step(key: "contractor", value: .text, field: .contractor), Step(key: "agreement", value: .text),
        Step(key: "agreement-version", value: .decimal), Step(key: "on", value: .date), Step(key: "records", value: .decimal),
        Step(key: "rows", value: .decimal), Step(key: "minimum-frequency", value: .decimal), Step(key: "dominance", value: .text),
        Step(key: "method", value: .word(.releaseMethod)), Step(key: "cells", value: .decimal),
        Step(key: "primary", value: .decimal), Step(key: "secondary", value: .decimal),
        Step(key: "file", value: .text, mode: .repeated(2)), Step(key: "sha256", value: .text), Step(key: "note", value: .text),
    ]
    static let anonymisedRelease: [Step] = [
        Step(key: "release", value: .text), Step(key: "task", value: .text), Step(key: "task-version", value: .decimal),
        Step(key: "task-sha256", value: .text), Step(key: "catalog-sha256", value: .text),
        Step(key: "contractor", value: .text, field: .contractor), Step(key: "agreement", value: .text),
        Step(key: "agreement-version", value: .decimal), Step(key: "on", value: .date), Step(key: "records", value: .decimal),
        Step(key: "rows", value: .decimal), Step(key: "suppressed", value: .decimal), Step(key: "k", value: .decimal),
        Step(key: "achieved-k", value: .decimal), Step(key: "l", value: .decimal), Step(key: "achieved-l", value: .decimal),
        Step(key: "item", value: .text, mode: .repeated(2)), Step(key: "form", value: .form),
        Step(key: "file", value: .text, mode: .repeated(2)), Step(key: "sha256", value: .text), Step(key: "note", value: .text),
    ]
    static let anonymisedNotice: [Step] = [
        Step(key: "notice", value: .word(.anonymisedNotice)), Step(key: "release", value: .text), Step(key: "task", value: .text),
        Step(key: "task-version", value: .decimal), Step(key: "contractor", value: .text, field: .contractor),
        Step(key: "on", value: .date), Step(key: "item", value: .text, mode: .repeated(2)), Step(key: "form", value: .form),
        Step(key: "file", value: .text, mode: .repeated(2)), Step(key: "sha256", value: .text),
    ]
    static let pseudonymRotation: [Step] = [
        Step(key: "generation", value: .decimal), Step(key: "on", value: .date), Step(key: "note", value: .text),
    ]

    /// The fields of `raw` when it is a record of the shape its kind has (the framing, magic line and
    /// length prefixes, checked too); nil when it is not.
    public static func walk(_ raw: UnsafeRawBufferPointer) -> Fields? {
        var pairs = Pairs(raw)
        guard pairs.valid, match(head, &pairs), let kind = pairs.kind else { return nil }
        let shape =
            switch kind {
            case 0, 1: registration
            case 2: status
            case 3: evaluation
            case 4: stopUse
            case 5: transfer
            case 6: deletion
            case 7: incident
            case 8: incidentReport
            case 9: contractorReport
            case 10: contractorKey
            case 11: pseudonymRotation
            case 12: packageSignature
            case 13: provisionRecord
            case 14: subjectRequest
            case 15: requestAnswer
            case 16: recipientNotice
            case 17: statisticsRelease
            case 18: anonymisedRelease
            default: anonymisedNotice
            }
        let appended: [Step] =
            switch kind {
            case 5: transferTail
            case 17, 18: releaseTail
            default: []
            }
        guard match(shape, &pairs), match(tail, &pairs), match(appended, &pairs), pairs.isAtEnd else {
            return nil
        }
        return pairs.fields
    }

    private static func match(_ steps: [Step], _ pairs: inout Pairs) -> Bool {
        steps.withUnsafeBufferPointer { match($0, 0..<$0.count, &pairs) }
    }

    /// Matches the steps in `range` from where `pairs` stands. A group's head is taken, then the rest of
    /// the group is matched with its own modes (an optional key inside an optional group).
    private static func match(_ steps: UnsafeBufferPointer<Step>, _ range: Range<Int>, _ pairs: inout Pairs) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            let step = steps[index]
            switch step.mode {
            case .once:
                guard pairs.take(step) else { return false }
                index += 1
            case .optional(let count), .repeated(let count):
                var again = true
                while again, pairs.nextKey(is: step.key) {
                    guard pairs.take(step), match(steps, index + 1..<index + count, &pairs) else { return false }
                    if case .optional = step.mode { again = false }
                }
                index += count
            }
        }
        return true
    }

    /// The pairs of a record, read in place.
    struct Pairs {
        let raw: UnsafeRawBufferPointer
        var index: Int
        /// False when the bytes do not start with the magic line.
        let valid: Bool
        /// The kind's position in `Words.kind`, once read.
        var kind: Int?
        var fields = Fields()

        init(_ raw: UnsafeRawBufferPointer) {
            self.raw = raw
            let magic = CanonicalRecord.magic
            valid = raw.count >= magic.count && magic.withUnsafeBytes { memcmp($0.baseAddress!, raw.baseAddress!, magic.count) == 0 }
            index = magic.count
        }

        var isAtEnd: Bool { index == raw.count }

        /// The part at `offset` (after its length) and where the next starts; nil when truncated.
        func part(at offset: Int) -> (UnsafeRawBufferPointer, end: Int)? {
            guard raw.count - offset >= 4 else { return nil }
            let n = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
            guard raw.count - offset - 4 >= n else { return nil }
            return (UnsafeRawBufferPointer(rebasing: raw[offset + 4..<offset + 4 + n]), offset + 4 + n)
        }

        func nextKey(is key: StaticString) -> Bool {
            guard let (name, _) = part(at: index) else { return false }
            return CanonicalRecord.spells(name, key)
        }

        /// Takes the next pair when its key is the step's and its value is what the step wants.
        mutating func take(_ step: Step) -> Bool {
            guard let (name, afterKey) = part(at: index), CanonicalRecord.spells(name, step.key),
                let (value, end) = part(at: afterKey), accepts(step.value, value)
            else { return false }
            if let field = step.field { fields.set(field, value) }
            index = end
            return true
        }

        mutating func accepts(_ shape: Value, _ value: UnsafeRawBufferPointer) -> Bool {
            switch shape {
            case .text:
                return isValidUTF8(value)
            case .decimal:
                return CanonicalRecord.Reader.decimal(value) != nil
            case .date:
                return CalendarDate(bytes: value) != nil
            case .timestamp:
                return Timestamp(bytes: value) != nil
            case .form:
                return isValidUTF8(value) && FieldForm.isPrinted(value)
            case .word(let words):
                guard let position = words.spellings.firstIndex(where: { CanonicalRecord.spells(value, $0) }) else { return false }
                if case .kind = words { kind = position }
                return true
            }
        }
    }
}
