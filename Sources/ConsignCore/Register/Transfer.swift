/// One transfer of personal data to a contractor: made by `consign extract`, or made outside consign and
/// recorded by hand. It carries everything the package's manifest says, the exact catalog and task
/// template it used (by SHA-256; the store keeps their bytes), and the SHA-256 and count of the set of
/// subjects it sent (their keyed hashes are stored beside the event, in sorted chunks).
@dynamicMemberLookup
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

    /// The database table an extract read its records from, as the transfer records it (its database and
    /// qualified name, e.g. `postgresql://db.example/crm?table=public.customers`), and how many rows it read
    /// (those in the row scope SQL could say; `rows` counts those sent).
    public struct Source: Equatable, Sendable, Codable {
        public var table: String
        public var records: Int

        public init(table: String, records: Int) {
            self.table = table
            self.records = records
        }
    }

    /// A substitution the job made in the values it sent (`--substitute`), and how many values it changed.
    public struct Substitution: Equatable, Sendable {
        public var from: String
        public var to: String
        public var values: Int

        public init(from: String, to: String, values: Int) {
            self.from = from
            self.to = to
            self.values = values
        }
    }

    /// A transfer's fields. A `Transfer` holds them once, shared by every copy until one is changed, and
    /// reads and changes them as its own properties (`transfer.contractor`): the register holds hundreds of
    /// thousands of transfers, and a copy of one (into the register, a view, a rule) is then one
    /// reference instead of some twenty.
    public struct Fields: Sendable {
        public var id: String
        public var origin: Origin
        /// The transfer's date in the workspace's time zone (for an extract, the day it ran).
        public var on: CalendarDate
        public var contractor: String
        /// The agreement in force for the purpose on the transfer's date; nil for a transfer recorded by hand
        /// when none was (the audit reports it).
        public var agreement: DocumentReference?
        public var relationship: Agreement.Relationship?
        /// The legal basis in words (e.g. "entrustment (APPI Art. 27(5)(i))"; abroad, with its Art. 28 basis).
        public var legalBasis: String
        public var countries: [String]
        /// Sub-contractors the agreement approves for the task's purpose on the transfer's date.
        public var approvedSubContractors: [String]
        /// Sub-contractors that receive this transfer's data (named when recorded by hand).
        public var receivingSubContractors: [String]
        public var task: DocumentReference
        public var catalog: DocumentReference
        public var purpose: String
        public var forms: [FieldForm]
        public var rows: Int
        public var files: [File]
        /// Where the package was written (`--out/<transfer id>`); empty for a transfer recorded by hand.
        public var package: String
        public var retentionDue: CalendarDate
        public var encryption: String
        public var subjects: SubjectSet
        public var note: String
        /// The table an extract read; nil when it read a file, and for a transfer recorded by hand.
        public var source: Source?
        /// The fields of special care (APPI 要配慮個人情報) among those sent, as the catalog it used flags them.
        public var specialCare: [String]
        /// The delivery: the fingerprint of the age recipient the files were encrypted to (nil when they were
        /// not), how the package went to the contractor, and the generation of the pseudonym keys it used.
        public var delivery: Delivery
        /// The encoding of the CSV extract (`utf-8` unless the job chose another).
        public var csvEncoding: CSVEncoding
        /// The substitutions the job made, in its table's order, each with the values it changed.
        public var substitutions: [Substitution]
        /// The courier's import layout the CSV is in (`yamato-b2`); nil for the task's own layout.
        public var importProfile: String?
    }

    /// How a transfer's package was protected and sent, as later releases record it (each part optional).
    public struct Delivery: Equatable, Sendable {
        /// `SHA256:…` of the age recipient every file was encrypted to; nil for files not encrypted by consign.
        public var recipientFingerprint: String?
        public var channel: DeliveryChannel?
        /// What staff said of the channel (a link's expiry, a courier's name); empty for nothing.
        public var channelNote: String
        /// The generation of the pseudonym keys (0: the keys every workspace starts with).
        public var pseudonymGeneration: Int

        public init(
            recipientFingerprint: String? = nil, channel: DeliveryChannel? = nil, channelNote: String = "",
            pseudonymGeneration: Int = 0
        ) {
            self.recipientFingerprint = recipientFingerprint
            self.channel = channel
            self.channelNote = channelNote
            self.pseudonymGeneration = pseudonymGeneration
        }
    }

    @usableFromInline
    final class Storage: @unchecked Sendable {
        @usableFromInline var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    // Changed only through `unique()`, which copies shared storage first: a copy never sees a change.
    @usableFromInline var storage: Storage

    /// The storage, made this transfer's own before a change.
    @usableFromInline
    mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    /// A field of the transfer (inlined, so that `transfer.on` reads the stored field directly).
    @inlinable
    public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        get { storage.fields[keyPath: field] }
        set { unique().fields[keyPath: field] = newValue }
    }

    public init(
        id: String, origin: Origin, on: CalendarDate, contractor: String, agreement: DocumentReference?,
        relationship: Agreement.Relationship?, legalBasis: String, countries: [String],
        approvedSubContractors: [String], receivingSubContractors: [String], task: DocumentReference,
        catalog: DocumentReference, purpose: String, forms: [FieldForm], rows: Int, files: [File], package: String,
        retentionDue: CalendarDate, encryption: String, subjects: SubjectSet, note: String, source: Source? = nil,
        specialCare: [String] = [], delivery: Delivery = Delivery(), csvEncoding: CSVEncoding = .utf8,
        substitutions: [Substitution] = [], importProfile: String? = nil
    ) {
        storage = Storage(
            Fields(
                id: id, origin: origin, on: on, contractor: contractor, agreement: agreement, relationship: relationship,
                legalBasis: legalBasis, countries: countries, approvedSubContractors: approvedSubContractors,
                receivingSubContractors: receivingSubContractors, task: task, catalog: catalog, purpose: purpose,
                forms: forms, rows: rows, files: files, package: package, retentionDue: retentionDue,
                encryption: encryption, subjects: subjects, note: note, source: source, specialCare: specialCare,
                delivery: delivery, csvEncoding: csvEncoding, substitutions: substitutions, importProfile: importProfile))
    }

    public static func == (lhs: Transfer, rhs: Transfer) -> Bool {
        lhs.storage === rhs.storage || lhs.record == rhs.record
    }

    /// The transfer's fields as a canonical record (what equality compares).
    private var record: CanonicalRecord {
        var record = CanonicalRecord()
        encode(into: &record)
        encodeAppended(into: &record)
        return record
    }

    /// Appends the transfer's fields of the first release to an event's canonical encoding.
    func encode(into record: inout CanonicalRecord) {
        storage.fields.encode(into: &record)
    }

    /// Appends the transfer's fields that later releases added, each optional, in the order they were
    /// added, after every field of the event that earlier releases wrote (its `clock` too):
    /// `source-table` and `source-records` (the table an extract read), then `special-care` once for each
    /// field of special care sent, then the delivery: `recipient-fingerprint` (files encrypted to an age
    /// recipient), `channel`, `channel-note` (not empty) and `pseudonym-generation` (after the first); then
    /// `csv-encoding` (not UTF-8) and, for each substitution made, `substitution`, `substitution-to` and
    /// `substitution-values`; then `import-profile` (a courier's layout).
    func encodeAppended(into record: inout CanonicalRecord) {
        let source = storage.fields.source
        record.append("source-table", source?.table)
        record.append("source-records", source.map { String($0.records) })
        for field in storage.fields.specialCare { record.append("special-care", field) }
        let delivery = storage.fields.delivery
        record.append("recipient-fingerprint", delivery.recipientFingerprint)
        record.append("channel", delivery.channel?.rawValue)
        record.append("channel-note", delivery.channelNote.isEmpty ? nil : delivery.channelNote)
        record.append("pseudonym-generation", delivery.pseudonymGeneration == 0 ? nil : String(delivery.pseudonymGeneration))
        let fields = storage.fields
        record.append("csv-encoding", fields.csvEncoding == .utf8 ? nil : fields.csvEncoding.rawValue)
        for substitution in fields.substitutions {
            record.append("substitution", substitution.from)
            record.append("substitution-to", substitution.to)
            record.append("substitution-values", String(substitution.values))
        }
        record.append("import-profile", fields.importProfile)
    }

    /// Reads the fields `encodeAppended(into:)` wrote; false when one is malformed or out of place.
    mutating func readAppended(_ r: inout CanonicalRecord.Reader) -> Bool {
        if let table = r.next("source-table") {
            guard let records = r.next("source-records", as: CanonicalRecord.Reader.decimal) else { return false }
            self.source = Source(table: table, records: records)
        }
        let specialCare = r.all("special-care")
        if !specialCare.isEmpty { self.specialCare = specialCare }
        var delivery = Delivery(recipientFingerprint: r.next("recipient-fingerprint"))
        if let channel = r.next("channel") {
            guard let value = DeliveryChannel(rawValue: channel) else { return false }
            delivery.channel = value
        }
        if let note = r.next("channel-note") { delivery.channelNote = note }
        if let generation = r.next("pseudonym-generation", as: CanonicalRecord.Reader.decimal) {
            delivery.pseudonymGeneration = generation
        }
        if delivery != Delivery() { self.delivery = delivery }
        if let encoding = r.next("csv-encoding") {
            guard let value = CSVEncoding(rawValue: encoding), value != .utf8 else { return false }
            self.csvEncoding = value
        }
        var substitutions: [Substitution] = []
        while let from = r.next("substitution") {
            guard let to = r.next("substitution-to"),
                let values = r.next("substitution-values", as: CanonicalRecord.Reader.decimal)
            else { return false }
            substitutions.append(Substitution(from: from, to: to, values: values))
        }
        if !substitutions.isEmpty { self.substitutions = substitutions }
        if let profile = r.next("import-profile") { self.importProfile = profile }
        return true
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
        while let form = r.next("form", as: { isValidUTF8($0) ? FieldForm(utf8: $0) : nil }) { forms.append(form) }
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

extension Transfer.Fields {
    /// Appends the fields to an event's canonical encoding, in the order `Transfer(reading:)` reads them.
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
}
