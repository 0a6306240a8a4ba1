/// One transfer of personal data to a contractor: made by `consign extract`, or made outside consign and
/// recorded by hand. It carries everything the package's manifest says, the exact catalog and task
/// template it used (by SHA-256; the store keeps their bytes), and the SHA-256 and count of the set of
/// subjects it sent (their keyed hashes are stored beside the event, in sorted chunks).
public struct Transfer: Equatable, Sendable {
    public enum Origin: String, Sendable, Equatable, Codable {
        /// Made by `consign extract`.
        case extract
        /// Made outside consign (on paper, from another system) and recorded by hand.
        case recorded
    }

    /// One file of the package.
    public struct File: Equatable, Sendable, Codable {
        public var name: String
        public var bytes: Int
        public var sha256: String

        public init(name: String, bytes: Int, sha256: String) {
            self.name = name
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// A document version the transfer rests on, with the SHA-256 of its exact bytes.
    public struct DocumentReference: Equatable, Sendable, Codable {
        public var id: String
        public var version: Int
        public var sha256: String

        public init(id: String, version: Int, sha256: String) {
            self.id = id
            self.version = version
            self.sha256 = sha256
        }
    }

    /// The keyed hashes of the subjects sent: how many, and the SHA-256 of their sorted 8-byte big-endian
    /// values (empty set: the SHA-256 of nothing).
    public struct SubjectSet: Equatable, Sendable, Codable {
        public var count: Int
        public var sha256: String

        public init(count: Int, sha256: String) {
            self.count = count
            self.sha256 = sha256
        }
    }

    /// The fields, held once and shared by every copy of the transfer until one is changed: the register
    /// holds hundreds of thousands of transfers, and a copy of a transfer (into the register, into a
    /// view, into a rule) is then one reference instead of some twenty.
    private final class Storage: @unchecked Sendable {
        var id: String
        var origin: Origin
        var on: CalendarDate
        var contractor: String
        var agreement: DocumentReference?
        var relationship: Agreement.Relationship?
        var legalBasis: String
        var countries: [String]
        var approvedSubContractors: [String]
        var receivingSubContractors: [String]
        var task: DocumentReference
        var catalog: DocumentReference
        var purpose: String
        var forms: [FieldForm]
        var rows: Int
        var files: [File]
        var package: String
        var retentionDue: CalendarDate
        var encryption: String
        var subjects: SubjectSet
        var note: String

        init(
            id: String, origin: Origin, on: CalendarDate, contractor: String, agreement: DocumentReference?,
            relationship: Agreement.Relationship?, legalBasis: String, countries: [String],
            approvedSubContractors: [String], receivingSubContractors: [String], task: DocumentReference,
            catalog: DocumentReference, purpose: String, forms: [FieldForm], rows: Int, files: [File], package: String,
            retentionDue: CalendarDate, encryption: String, subjects: SubjectSet, note: String
        ) {
            self.id = id
            self.origin = origin
            self.on = on
            self.contractor = contractor
            self.agreement = agreement
            self.relationship = relationship
            self.legalBasis = legalBasis
            self.countries = countries
            self.approvedSubContractors = approvedSubContractors
            self.receivingSubContractors = receivingSubContractors
            self.task = task
            self.catalog = catalog
            self.purpose = purpose
            self.forms = forms
            self.rows = rows
            self.files = files
            self.package = package
            self.retentionDue = retentionDue
            self.encryption = encryption
            self.subjects = subjects
            self.note = note
        }

        func copy() -> Storage {
            Storage(
                id: id, origin: origin, on: on, contractor: contractor, agreement: agreement, relationship: relationship,
                legalBasis: legalBasis, countries: countries, approvedSubContractors: approvedSubContractors,
                receivingSubContractors: receivingSubContractors, task: task, catalog: catalog, purpose: purpose, forms: forms,
                rows: rows, files: files, package: package, retentionDue: retentionDue, encryption: encryption,
                subjects: subjects, note: note)
        }
    }

    // Mutated only through `unique()`, which copies shared storage first: a copy never sees a change.
    private var storage: Storage

    /// The storage, made this transfer's own before a change.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var id: String {
        get { storage.id }
        set { unique().id = newValue }
    }
    public var origin: Origin {
        get { storage.origin }
        set { unique().origin = newValue }
    }
    /// The transfer's date in the workspace's time zone (for an extract, the day it ran).
    public var on: CalendarDate {
        get { storage.on }
        set { unique().on = newValue }
    }
    public var contractor: String {
        get { storage.contractor }
        set { unique().contractor = newValue }
    }
    /// The agreement in force for the purpose on the transfer's date; nil for a transfer recorded by hand
    /// when none was (the audit reports it).
    public var agreement: DocumentReference? {
        get { storage.agreement }
        set { unique().agreement = newValue }
    }
    public var relationship: Agreement.Relationship? {
        get { storage.relationship }
        set { unique().relationship = newValue }
    }
    /// The legal basis in words (e.g. "entrustment (APPI Art. 27(5)(i))"; abroad, with its Art. 28 basis).
    public var legalBasis: String {
        get { storage.legalBasis }
        set { unique().legalBasis = newValue }
    }
    public var countries: [String] {
        get { storage.countries }
        set { unique().countries = newValue }
    }
    /// Sub-contractors the agreement approves for the task's purpose on the transfer's date.
    public var approvedSubContractors: [String] {
        get { storage.approvedSubContractors }
        set { unique().approvedSubContractors = newValue }
    }
    /// Sub-contractors that receive this transfer's data (named when recorded by hand).
    public var receivingSubContractors: [String] {
        get { storage.receivingSubContractors }
        set { unique().receivingSubContractors = newValue }
    }
    public var task: DocumentReference {
        get { storage.task }
        set { unique().task = newValue }
    }
    public var catalog: DocumentReference {
        get { storage.catalog }
        set { unique().catalog = newValue }
    }
    public var purpose: String {
        get { storage.purpose }
        set { unique().purpose = newValue }
    }
    public var forms: [FieldForm] {
        get { storage.forms }
        set { unique().forms = newValue }
    }
    public var rows: Int {
        get { storage.rows }
        set { unique().rows = newValue }
    }
    public var files: [File] {
        get { storage.files }
        set { unique().files = newValue }
    }
    /// Where the package was written (`--out/<transfer id>`); empty for a transfer recorded by hand.
    public var package: String {
        get { storage.package }
        set { unique().package = newValue }
    }
    public var retentionDue: CalendarDate {
        get { storage.retentionDue }
        set { unique().retentionDue = newValue }
    }
    public var encryption: String {
        get { storage.encryption }
        set { unique().encryption = newValue }
    }
    public var subjects: SubjectSet {
        get { storage.subjects }
        set { unique().subjects = newValue }
    }
    public var note: String {
        get { storage.note }
        set { unique().note = newValue }
    }

    public init(
        id: String, origin: Origin, on: CalendarDate, contractor: String, agreement: DocumentReference?,
        relationship: Agreement.Relationship?, legalBasis: String, countries: [String],
        approvedSubContractors: [String], receivingSubContractors: [String], task: DocumentReference,
        catalog: DocumentReference, purpose: String, forms: [FieldForm], rows: Int, files: [File], package: String,
        retentionDue: CalendarDate, encryption: String, subjects: SubjectSet, note: String
    ) {
        storage = Storage(
            id: id, origin: origin, on: on, contractor: contractor, agreement: agreement, relationship: relationship,
            legalBasis: legalBasis, countries: countries, approvedSubContractors: approvedSubContractors,
            receivingSubContractors: receivingSubContractors, task: task, catalog: catalog, purpose: purpose, forms: forms,
            rows: rows, files: files, package: package, retentionDue: retentionDue, encryption: encryption,
            subjects: subjects, note: note)
    }

    public static func == (lhs: Transfer, rhs: Transfer) -> Bool {
        lhs.storage === rhs.storage || lhs.record == rhs.record
    }

    /// The transfer's fields as a canonical record (what equality compares).
    private var record: CanonicalRecord {
        var record = CanonicalRecord()
        encode(into: &record)
        return record
    }

    /// Appends the transfer's fields to an event's canonical encoding.
    func encode(into record: inout CanonicalRecord) {
        record.append("transfer", id)
        record.append("origin", origin.rawValue)
        record.append("on", on.description)
        record.append("contractor", contractor)
        record.append("agreement", agreement?.id)
        record.append("agreement-version", agreement.map { String($0.version) })
        record.append("agreement-sha256", agreement?.sha256)
        record.append("relationship", relationship?.rawValue)
        record.append("legal-basis", legalBasis)
        for country in countries { record.append("country", country) }
        for id in approvedSubContractors { record.append("approved-sub-contractor", id) }
        for id in receivingSubContractors { record.append("receiving-sub-contractor", id) }
        record.append("task", task.id)
        record.append("task-version", String(task.version))
        record.append("task-sha256", task.sha256)
        record.append("catalog", catalog.id)
        record.append("catalog-version", String(catalog.version))
        record.append("catalog-sha256", catalog.sha256)
        record.append("purpose", purpose)
        for form in forms { record.append("form", form.description) }
        record.append("rows", String(rows))
        for file in files {
            record.append("file", file.name)
            record.append("file-bytes", String(file.bytes))
            record.append("file-sha256", file.sha256)
        }
        record.append("package", package)
        record.append("retention-due", retentionDue.description)
        record.append("encryption", encryption)
        record.append("subjects", String(subjects.count))
        record.append("subjects-sha256", subjects.sha256)
        record.append("note", note)
    }

    /// Decodes the fields `encode(into:)` wrote, in the order it wrote them (after the event's own
    /// leading fields); nil when any is missing, out of place or malformed.
    init?(reading r: inout CanonicalRecord.Reader) {
        func int(_ key: StaticString) -> Int? { r.next(key, as: CanonicalRecord.Reader.decimal) }
        func date(_ key: StaticString) -> CalendarDate? { r.next(key, as: CalendarDate.init(bytes:)) }
        guard let id = r.next("transfer"), let origin = r.next("origin").flatMap(Origin.init(rawValue:)),
            let on = date("on"), let contractor = r.next("contractor")
        else { return nil }
        var agreement: DocumentReference?
        if let agreementID = r.next("agreement") {
            guard let version = int("agreement-version"), let sha256 = r.next("agreement-sha256") else { return nil }
            agreement = DocumentReference(id: agreementID, version: version, sha256: sha256)
        }
        var relationship: Agreement.Relationship?
        if let text = r.next("relationship") {
            guard let value = Agreement.Relationship(rawValue: text) else { return nil }
            relationship = value
        }
        guard let legalBasis = r.next("legal-basis") else { return nil }
        let countries = r.all("country")
        let approved = r.all("approved-sub-contractor")
        let receiving = r.all("receiving-sub-contractor")
        guard let taskID = r.next("task"), let taskVersion = int("task-version"), let taskSHA256 = r.next("task-sha256"),
            let catalogID = r.next("catalog"), let catalogVersion = int("catalog-version"),
            let catalogSHA256 = r.next("catalog-sha256"), let purpose = r.next("purpose")
        else { return nil }
        var forms: [FieldForm] = []
        for text in r.all("form") {
            guard let form = FieldForm(parsing: text) else { return nil }
            forms.append(form)
        }
        guard let rows = int("rows") else { return nil }
        var files: [File] = []
        while let name = r.next("file") {
            guard let bytes = int("file-bytes"), let sha256 = r.next("file-sha256") else { return nil }
            files.append(File(name: name, bytes: bytes, sha256: sha256))
        }
        guard let package = r.next("package"), let retentionDue = date("retention-due"),
            let encryption = r.next("encryption"), let subjectCount = int("subjects"),
            let subjectsSHA256 = r.next("subjects-sha256"), let note = r.next("note")
        else { return nil }
        self.init(
            id: id, origin: origin, on: on, contractor: contractor, agreement: agreement, relationship: relationship,
            legalBasis: legalBasis, countries: countries, approvedSubContractors: approved,
            receivingSubContractors: receiving,
            task: DocumentReference(id: taskID, version: taskVersion, sha256: taskSHA256),
            catalog: DocumentReference(id: catalogID, version: catalogVersion, sha256: catalogSHA256),
            purpose: purpose, forms: forms, rows: rows, files: files, package: package, retentionDue: retentionDue,
            encryption: encryption, subjects: SubjectSet(count: subjectCount, sha256: subjectsSHA256), note: note)
    }
}
