/// The release of a statistical table (`consign stats`): which task made it from how many rows, to whom (a
/// contractor under an agreement, or published), with which protection, how its cells were suppressed, and the
/// SHA-256 of every file written. It names no person: nobody's data is in the table, so the event holds no
/// subject hashes, and the audit judges it by its parameters alone.
public struct StatisticsRelease: Equatable, Sendable {
    /// One file of the release: its name in the release's folder and the SHA-256 of its bytes.
    public struct File: Equatable, Sendable {
        public var name: String
        public var sha256: String

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }

        /// Writes each file as a `file` and its `sha256` (every release event's files).
        static func encode(_ files: [File], into record: inout CanonicalRecord) {
            for file in files {
                record.append("file", file.name)
                record.append("sha256", file.sha256)
            }
        }

        /// Reads what `encode(_:into:)` wrote; nil when a file lacks its SHA-256.
        static func files(_ r: inout CanonicalRecord.Reader) -> [File]? {
            var files: [File] = []
            while let name = r.next("file") {
                guard let sha256 = r.next("sha256") else { return nil }
                files.append(File(name: name, sha256: sha256))
            }
            return files
        }
    }

    /// How the complementary cells were chosen (`CellSuppression.Method`).
    public enum Method: String, Equatable, Sendable, CaseIterable {
        /// Branch and cut proved the fewest suppressed cells.
        case exact
        /// A protecting pattern not proved the fewest (the table was beyond the exact solver's node limit).
        case heuristic
    }

    /// `S-YYYYMMDD-xxxxxxxx`, from the day of the release.
    public var id: String
    public var task: String
    public var taskVersion: Int
    public var taskSHA256: String
    public var catalogSHA256: String
    /// The contractor that receives the table, empty when it is published.
    public var contractor: String
    /// The agreement it went under, empty with version 0 when it is published.
    public var agreement: String
    public var agreementVersion: Int
    public var on: CalendarDate
    /// Records in the source, and those tabulated (in scope, not stopped).
    public var records: Int
    public var rows: Int
    /// The protection applied: the fewest people a published non-zero count holds, and the dominance rule of
    /// the sums (empty for none, else `TableProtection.Dominance.description`).
    public var minimumFrequency: Int
    public var dominance: String
    public var method: Method
    /// Cells of the table (margins included), and how many were suppressed by the rules (primary) and to protect
    /// those (secondary, complementary).
    public var cells: Int
    public var primary: Int
    public var secondary: Int
    public var files: [File]
    public var note: String
    /// Of the records not tabulated, those of people who had stopped their use (the rest were out of scope); nil in
    /// a release recorded before the register held it.
    public var stopped: Int?

    public init(
        id: String, task: String, taskVersion: Int, taskSHA256: String, catalogSHA256: String, contractor: String,
        agreement: String, agreementVersion: Int, on: CalendarDate, records: Int, rows: Int, minimumFrequency: Int,
        dominance: String, method: Method, cells: Int, primary: Int, secondary: Int, files: [File], note: String,
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
        self.minimumFrequency = minimumFrequency
        self.dominance = dominance
        self.method = method
        self.cells = cells
        self.primary = primary
        self.secondary = secondary
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
        record.append("minimum-frequency", String(minimumFrequency))
        record.append("dominance", dominance)
        record.append("method", method.rawValue)
        record.append("cells", String(cells))
        record.append("primary", String(primary))
        record.append("secondary", String(secondary))
        File.encode(files, into: &record)
        record.append("note", note)
    }

    init?(reading r: inout CanonicalRecord.Reader) {
        let decimal = CanonicalRecord.Reader.decimal
        guard let id = r.next("release"), let task = r.next("task"), let taskVersion = r.next("task-version", as: decimal),
            let taskSHA256 = r.next("task-sha256"), let catalogSHA256 = r.next("catalog-sha256"),
            let contractor = r.next("contractor"), let agreement = r.next("agreement"),
            let agreementVersion = r.next("agreement-version", as: decimal), let on = r.next("on", as: CalendarDate.init(bytes:)),
            let records = r.next("records", as: decimal), let rows = r.next("rows", as: decimal),
            let minimum = r.next("minimum-frequency", as: decimal), let dominance = r.next("dominance"),
            let method = r.next("method").flatMap(Method.init(rawValue:)), let cells = r.next("cells", as: decimal),
            let primary = r.next("primary", as: decimal), let secondary = r.next("secondary", as: decimal)
        else { return nil }
        guard let files = File.files(&r), let note = r.next("note") else { return nil }
        self.init(
            id: id, task: task, taskVersion: taskVersion, taskSHA256: taskSHA256, catalogSHA256: catalogSHA256,
            contractor: contractor, agreement: agreement, agreementVersion: agreementVersion, on: on, records: records, rows: rows,
            minimumFrequency: minimum, dominance: dominance, method: method, cells: cells, primary: primary, secondary: secondary,
            files: files, note: note)
    }
}

extension Register {
    /// What changed, inside the append that records a release to `contractor` (empty for none) at `time`, that the
    /// register no longer allows it: the date is not the one it was prepared for (`calendar` gives an instant's
    /// date), or for a contractor, an agreement of the contractor was registered since event `readThrough` or its
    /// standing (`Planner.releaseStanding`) no longer admits it. Nil when nothing did.
    public func releaseMoved(
        to contractor: String, request: PlanRequest, readThrough: Int, calendar: @Sendable (Timestamp) -> CalendarDate,
        at time: Timestamp
    ) -> StatisticsText.Moved? {
        let committing = calendar(time)
        guard committing == request.on else { return .dateChanged(planned: request.on, committing: committing) }
        guard !contractor.isEmpty else { return nil }
        if let amended = agreementRegistered(of: contractor, after: readThrough) {
            return .agreementRegistered(
                agreement: amended.registration.documentID, version: amended.registration.version, event: amended.sequence)
        }
        var request = request
        request.contractor = contractors[contractor] ?? ContractorRecord(id: contractor)
        let reasons = Planner.releaseStanding(request, published: false).reasons
        return reasons.isEmpty ? nil : .standing(reasons.map(\.message))
    }
}
