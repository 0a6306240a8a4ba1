/// The creation, and with a contractor the provision, of anonymised records (匿名加工情報, APPI Art. 43;
/// `consign anonymise`): which task made them from how many rows, the k and l asked and reached, what each column
/// holds, to whom they went and the SHA-256 of every file written. Like a statistical table it names no person,
/// so it holds no subject hashes.
public struct AnonymisedRelease: Equatable, Sendable {
    /// One column of the published records: its name and the field in the form it was published in (the step of
    /// its ladder the generalisation settled on).
    public struct Item: Equatable, Sendable {
        public var name: String
        public var fieldForm: FieldForm

        public init(name: String, fieldForm: FieldForm) {
            self.name = name
            self.fieldForm = fieldForm
        }
    }

    /// `A-YYYYMMDD-xxxxxxxx`, from the day of the release.
    public var id: String
    public var task: String
    public var taskVersion: Int
    public var taskSHA256: String
    public var catalogSHA256: String
    /// The contractor that receives the records, empty when the company keeps them.
    public var contractor: String
    public var agreement: String
    public var agreementVersion: Int
    public var on: CalendarDate
    /// Records in the source, those in scope (not stopped), and of those the rows suppressed.
    public var records: Int
    public var rows: Int
    public var suppressed: Int
    /// The k and l the task asked for (l 0 for none) and those the published rows have.
    public var k: Int
    public var achievedK: Int
    public var l: Int
    public var achievedL: Int
    public var items: [Item]
    public var files: [StatisticsRelease.File]
    public var note: String
    /// Of the records not taken in (`records − rows`), those of people who had stopped their use (the rest were out of
    /// scope); nil in a release recorded before the register held it.
    public var stopped: Int?

    public init(
        id: String, task: String, taskVersion: Int, taskSHA256: String, catalogSHA256: String, contractor: String,
        agreement: String, agreementVersion: Int, on: CalendarDate, records: Int, rows: Int, suppressed: Int, k: Int,
        achievedK: Int, l: Int, achievedL: Int, items: [Item], files: [StatisticsRelease.File], note: String,
        stopped: Int? = nil
    ) {
        self.id = id
        self.task = task
        self.taskVersion = taskVersion
        self.taskSHA256 = taskSHA256
        self.catalogSHA256 = catalogSHA256
        self.contractor = contractor
        self.agreement = agreement
        self.agreementVersion = agreementVersion
        self.on = on
        self.records = records
        self.rows = rows
        self.suppressed = suppressed
        self.k = k
        self.achievedK = achievedK
        self.l = l
        self.achievedL = achievedL
        self.items = items
        self.files = files
        self.note = note
        self.stopped = stopped
    }

    func encode(into record: inout CanonicalRecord) {
        record.append("release", id)
        record.append("task", task)
        record.append("task-version", String(taskVersion))
        record.append("task-sha256", taskSHA256)
        record.append("catalog-sha256", catalogSHA256)
        record.append("contractor", contractor)
        record.append("agreement", agreement)
        record.append("agreement-version", String(agreementVersion))
        record.append("on", on.description)
        record.append("records", String(records))
        record.append("rows", String(rows))
        record.append("suppressed", String(suppressed))
        record.append("k", String(k))
        record.append("achieved-k", String(achievedK))
        record.append("l", String(l))
        record.append("achieved-l", String(achievedL))
        AnonymisedRelease.encode(items, into: &record)
        StatisticsRelease.File.encode(files, into: &record)
        record.append("note", note)
    }

    init?(reading r: inout CanonicalRecord.Reader) {
        let decimal = CanonicalRecord.Reader.decimal
        guard let id = r.next("release"), let task = r.next("task"), let taskVersion = r.next("task-version", as: decimal),
            let taskSHA256 = r.next("task-sha256"), let catalogSHA256 = r.next("catalog-sha256"),
            let contractor = r.next("contractor"), let agreement = r.next("agreement"),
            let agreementVersion = r.next("agreement-version", as: decimal), let on = r.next("on", as: CalendarDate.init(bytes:)),
            let records = r.next("records", as: decimal), let rows = r.next("rows", as: decimal),
            let suppressed = r.next("suppressed", as: decimal), let k = r.next("k", as: decimal),
            let achievedK = r.next("achieved-k", as: decimal), let l = r.next("l", as: decimal),
            let achievedL = r.next("achieved-l", as: decimal), let items = AnonymisedRelease.items(&r)
        else { return nil }
        guard let files = StatisticsRelease.File.files(&r), let note = r.next("note") else { return nil }
        self.init(
            id: id, task: task, taskVersion: taskVersion, taskSHA256: taskSHA256, catalogSHA256: catalogSHA256,
            contractor: contractor, agreement: agreement, agreementVersion: agreementVersion, on: on, records: records, rows: rows,
            suppressed: suppressed, k: k, achievedK: achievedK, l: l, achievedL: achievedL, items: items, files: files, note: note)
    }

    /// Writes each item as an `item` and a `form` (the printed field form).
    static func encode(_ items: [Item], into record: inout CanonicalRecord) {
        for item in items {
            record.append("item", item.name)
            record.append("form", item.fieldForm.description)
        }
    }

    /// Reads what `encode(_:into:)` wrote; nil when a form does not parse.
    static func items(_ r: inout CanonicalRecord.Reader) -> [Item]? {
        var items: [Item] = []
        while let name = r.next("item") {
            guard let fieldForm = r.next("form").flatMap(FieldForm.init(parsing:)) else { return nil }
            items.append(Item(name: name, fieldForm: fieldForm))
        }
        return items
    }
}

/// A notice APPI Art. 43 requires of anonymised records, as published or handed over: the public notice of the
/// items a creation contains (Art. 43(3)), the public notice of the items and the method before a provision to a
/// third party (Art. 43(4)), and the statement to that recipient that the records are 匿名加工情報 (Art. 43(4)). Its
/// text, in English and Japanese, is a file of the release; the event holds the SHA-256 of each.
public struct AnonymisedNotice: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        case creation
        case provision
        case recipient
    }

    public var kind: Kind
    /// The release the notice is of.
    public var release: String
    public var task: String
    public var taskVersion: Int
    /// The recipient of a provision or recipient notice, empty for a creation notice.
    public var contractor: String
    public var on: CalendarDate
    public var items: [AnonymisedRelease.Item]
    public var files: [StatisticsRelease.File]

    public init(
        kind: Kind, release: String, task: String, taskVersion: Int, contractor: String, on: CalendarDate,
        items: [AnonymisedRelease.Item], files: [StatisticsRelease.File]
    ) {
        self.kind = kind
        self.release = release
        self.task = task
        self.taskVersion = taskVersion
        self.contractor = contractor
        self.on = on
        self.items = items
        self.files = files
    }

    func encode(into record: inout CanonicalRecord) {
        record.append("notice", kind.rawValue)
        record.append("release", release)
        record.append("task", task)
        record.append("task-version", String(taskVersion))
        record.append("contractor", contractor)
        record.append("on", on.description)
        AnonymisedRelease.encode(items, into: &record)
        StatisticsRelease.File.encode(files, into: &record)
    }

    init?(reading r: inout CanonicalRecord.Reader) {
        guard let kind = r.next("notice").flatMap(Kind.init(rawValue:)), let release = r.next("release"),
            let task = r.next("task"), let taskVersion = r.next("task-version", as: CanonicalRecord.Reader.decimal),
            let contractor = r.next("contractor"), let on = r.next("on", as: CalendarDate.init(bytes:)),
            let items = AnonymisedRelease.items(&r)
        else { return nil }
        guard let files = StatisticsRelease.File.files(&r) else { return nil }
        self.init(
            kind: kind, release: release, task: task, taskVersion: taskVersion, contractor: contractor, on: on, items: items,
            files: files)
    }
}
