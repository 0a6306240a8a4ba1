import ConsignCore
import ConsignDelivery
import ConsignKeys
import ConsignPipeline
import ConsignPostgres
import ConsignSQLite
import ConsignStore
import Foundation

/// The files an extract writes (`--format`): CSV, XML, or both from one pass.
public enum ExtractFormat: String, Sendable, CaseIterable {
    case csv
    case xml
}

/// Where an extract reads its records: a file, or a database table read with pushdown (`TableSource`).
public enum ExtractSource: Sendable {
    /// A CSV file, or an XML file by its `.xml` extension; `name` is the path as given, as messages name it.
    case file(URL, name: String)
    /// `postgresql://…?table=NAME` or `sqlite:PATH?table=NAME`, as given.
    case table(String)

    /// `--source` as given: a PostgreSQL or SQLite URL names a table, anything else a file.
    public init(_ text: String) {
        self =
            PostgresLocation.isPostgres(text) || text.hasPrefix("sqlite:")
            ? .table(text) : .file(URL(fileURLWithPath: text), name: text)
    }

    /// The table's source, the one place that names a database driver for it.
    func table(_ text: String) throws -> any TableSource {
        PostgresLocation.isPostgres(text) ? try PostgresTable(url: text) : try SQLiteTable(url: text)
    }
}

/// What staff ask `consign extract` for.
public struct ExtractRequest: Sendable {
    public var task: String
    public var contractor: String
    public var source: ExtractSource
    public var out: URL
    public var formats: [ExtractFormat]
    public var recordedBy: String
    /// Encrypt every file but the manifest to the contractor's registered delivery key (`--encrypt`).
    public var encrypt: Bool
    /// How the package goes to the contractor, and what staff say of it (`--channel`, `--channel-note`).
    public var channel: DeliveryChannel?
    public var channelNote: String
    /// The CSV's encoding (`--encoding`; nil: the task's import profile's, else UTF-8), and the job's substitution
    /// table (`--substitute`).
    public var encoding: CSVEncoding?
    public var substitutions: URL?

    public init(
        task: String, contractor: String, source: ExtractSource, out: URL, formats: [ExtractFormat], recordedBy: String,
        encrypt: Bool = false, channel: DeliveryChannel? = nil, channelNote: String = "", encoding: CSVEncoding? = nil,
        substitutions: URL? = nil
    ) {
        self.task = task
        self.contractor = contractor
        self.source = source
        self.out = out
        self.formats = formats
        self.recordedBy = recordedBy
        self.encrypt = encrypt
        self.channel = channel
        self.channelNote = channelNote
        self.encoding = encoding
        self.substitutions = substitutions
    }
}

/// A finished extract: the package in place and its recorded transfer.
public struct ExtractResult: Sendable {
    public var transfer: Recorded<Transfer>
    public var package: URL
    public var counts: ExtractCounts
    public var sourceBytes: Int
}

extension ExtractResult {
    /// The one line `consign extract` ends with.
    public func summary(seconds: Double) -> String {
        let c = counts
        let substituted = transfer.value.substitutions.filter { $0.values > 0 }
        let substitutions =
            substituted.isEmpty
            ? ""
            : EncodingText.substituted(
                values: thousands(c.substitutedValues),
                pairs: substituted.map { ($0.from, $0.to, thousands($0.values)) }
            ).text() + "\n"
        return substitutions + ExtractText.summary(
            rows: thousands(c.scope.rows), records: thousands(c.scope.records), outOfScope: thousands(c.scope.outOfScope),
            stopped: thousands(c.scope.stopped), package: package.path,
            files: transfer.value.files.map(\.name) + [PackageManifest.fileName, PackageSigning.fileName], seconds: seconds,
            megabytesPerSecond: seconds > 0 ? Double(sourceBytes) / seconds / 1e6 : 0, transfer: transfer.value.id,
            event: transfer.sequence
        ).text()
    }
}

public enum ExtractOutcome: Sendable {
    case extracted(ExtractResult)
    /// The planner refused; nothing was written.
    case refused(Staff.Planned)
}

extension Staff {
    /// Plans, then streams the source through the row scope, the stop-use list and the plan's transforms
    /// into the package's files, records the transfer, and makes the package visible (DESIGN: Atomic
    /// packages). A refusal or an input error leaves `--out` and the register as they were.
    public func extract(_ request: ExtractRequest, progress: ((ExtractProgress) -> Void)? = nil) async throws
        -> ExtractOutcome
    {
        // Extracting is the staff's: the contractor's pseudonym key, which only the master key derives, is asked
        // for before anything else, whatever the task's forms, so that a role's key file stops here and says so.
        let keys = try workspace.keys()
        _ = try keys.key(.pseudonym(contractor: request.contractor))
        let hasher = try keys.subjectHasher()
        let signingKey = try PackageSigning.signingKey(keys)
        if request.channel == .passwordZIPSameRoute { throw InputError(DeliveryText.channelNotAccepted.text()) }
        let planned = try await plan(task: request.task, contractor: request.contractor, on: nil, encrypted: request.encrypt)
        guard case .plan(let plan) = planned.outcome else { return .refused(planned) }
        // The contractor's delivery key in use, read with the plan (the commit checks that none replaced it).
        var recipient: AgeRecipient?
        if request.encrypt {
            guard let key = planned.request.contractor.currentKey?.value else {
                throw Refusal(DeliveryText.noDeliveryKey(contractor: request.contractor).text())
            }
            guard let parsed = AgeRecipient(key.recipient) else { preconditionFailure("a registered key parses") }
            recipient = parsed
        }
        guard case .catalog(let catalog) = planned.catalog.document else { preconditionFailure("a catalog") }
        // The generation of the pseudonym keys in use, read with the plan (the commit checks that none started since).
        let generation = planned.snapshot.register.pseudonymGeneration
        let pseudonymKey = try keys.key(.pseudonym(contractor: request.contractor, generation: generation))
        let task = plan.task
        let encoding = request.encoding ?? task.importProfile?.profile.encodings.first ?? .utf8
        let layout =
            if let use = task.importProfile {
                try Staff.layout(of: plan, in: use, taskFile: planned.task.file, formats: request.formats, encoding: encoding)
            } else {
                try Staff.layout(of: plan, taskFile: planned.task.file, formats: request.formats, encoding: encoding)
            }
        let substitutions = try request.substitutions.map { url throws(InputError) in
            try SubstitutionTable(workspace.read(url), file: workspace.displayPath(url), encoding: encoding)
        }
        let profileRows = try task.importProfile.map { use throws(InputError) in
            try ProfileRows(
                use, columns: layout.map(\.fieldForm), sender: catalog.company.sender, taskFile: planned.task.file,
                catalogFile: planned.catalog.file, on: plan.on, encoding: encoding)
        }

        // The fields read from the source: the subject key, the row scope's, then the columns'.
        var fieldIDs = [catalog.subjectKey]
        for id in RowFilter.fields(of: task.rowScope) + layout.map(\.fieldForm.field) where !fieldIDs.contains(id) {
            fieldIDs.append(id)
        }
        let fields = try fieldIDs.map { id throws(InputError) in
            guard let field = catalog.field(id) else {
                throw InputError(ExtractText.noSuchField(id).text(), file: planned.catalog.file)
            }
            return field
        }
        let position = Dictionary(uniqueKeysWithValues: fieldIDs.enumerated().map { ($1, $0) })

        let extractor = Extractor(
            columns: layout.map {
                ExtractColumn(
                    name: $0.name, position: position[$0.fieldForm.field]!,
                    transform: FieldTransform(form: $0.fieldForm.form, pseudonymKey: pseudonymKey, asOf: plan.on))
            },
            rowFilter: RowFilter(task.rowScope, dated: catalog.provisionConsentFields, on: plan.on) { position[$0]! },
            subjectPosition: 0, fieldCount: fields.count,
            hasher: hasher,
            // A provision also leaves out whoever asked that their data no longer be provided (APPI Art. 35(3)).
            stopUse: Set(try await store.stopUseSubjects()).union(
                plan.agreement.relationship == .provision ? planned.snapshot.register.stopProvisionSubjects(on: plan.on) : []),
            substitutions: substitutions, profileRows: profileRows)

        // A file is opened (its header read) before anything is written; a table is looked at inside its read,
        // after the package folder is made, which a missing table or column then abandons.
        let source: OpenedSource
        let sourceName: String
        switch request.source {
        case .file(let url, let name):
            source = .file(try openRecordFile(url, displayName: name, needed: fields))
            sourceName = name
        case .table(let text):
            source = .table(try request.source.table(text))
            sourceName = text
        }

        FaultInjection.point("source-opened")
        let transferID = Staff.newID("T", on: plan.on)
        let package = try PackageFolder.create(in: request.out, transferID: transferID, workspace: workspace)
        let committed: Recorded<Transfer>
        let counts: ExtractCounts
        do {
            let extractFiles = try ExtractFiles(
                directory: package.pending.temporary, displayPrefix: transferID, csv: request.formats.contains(.csv),
                xml: request.formats.contains(.xml), columns: profileRows?.headers ?? layout.map(\.name), source: sourceName,
                task: task.id, contractor: plan.contractor,
                notices: task.pseudonymised
                    ? PseudonymisedNotice.texts(task: task.id, contractor: plan.contractor)
                        .map { ($0.language.rawValue, $0.text) } : [],
                sealedTo: recipient, encoding: encoding)
            var read: Transfer.Source?
            switch source {
            case .file(let file):
                counts = try extractor.run(file, into: extractFiles, progress: progress)
            case .table(let table):
                let query = TableQuery(fields: fields, scope: task.rowScope, dated: catalog.provisionConsentFields, on: plan.on)
                let (tableCounts, name) = try await extractor.run(table, query, into: extractFiles)
                counts = tableCounts
                read = Transfer.Source(table: name, records: tableCounts.scope.records)
            }
            var files = try extractFiles.finish()
            // A package file written whole, recorded like the extract files.
            func add(_ name: String, _ bytes: [UInt8]) throws(InputError) {
                let name = PackageFileName.of(name, sealed: recipient != nil)
                let writer = try HashingFileWriter(
                    package.pending.temporary.appending(path: name), displayName: "\(transferID)/\(name)", sealedTo: recipient)
                bytes.withUnsafeBytes { writer.append($0) }
                files.append(try writer.finish())
            }
            if request.formats.contains(.xml) {
                try add("extract.xsd", Array(ExtractSchema.xsd(columns: layout.map { ($0.name, $0.fieldForm.form) }).utf8))
            }
            if task.pseudonymised {
                try add(PseudonymisedNotice.fileName, PseudonymisedNotice.file(task: task.id, contractor: plan.contractor))
            }
            FaultInjection.point("before-commit")
            // The rename after the commit must not fail for a reason known now.
            if FileManager.default.fileExists(atPath: package.destination.path) {
                throw InputError(ExtractText.packageAlreadyThere.text(), file: package.destination.path)
            }
            let transfer = Transfer(
                id: transferID, origin: .extract, on: plan.on, contractor: plan.contractor, under: plan.agreement,
                agreementSHA256: planned.agreementSHA256, task: planned.task, catalog: planned.catalog,
                forms: layout.map(\.fieldForm), rows: counts.scope.rows, files: files, package: package.destination.path,
                receivingSubContractors: [], encryption: recipient == nil ? "none" : AgeRecipient.format,
                subjects: SubjectChunks.summary(of: counts.subjects), note: "", source: read,
                delivery: Transfer.Delivery(
                    recipientFingerprint: recipient?.fingerprint, channel: request.channel, channelNote: request.channelNote,
                    pseudonymGeneration: generation),
                csvEncoding: request.formats.contains(.csv) ? encoding : .utf8,
                substitutions: zip(substitutions?.substitutions ?? [], counts.substitutions).map {
                    Transfer.Substitution(from: $0.from, to: $0.to, values: $1)
                }, importProfile: task.importProfile?.name)
            let manifest = package.pending.temporary.appending(path: PackageManifest.fileName)
            let commit = TransferCommit(
                basis: .plan(
                    PlanBasis(
                        request: planned.request, agreement: (plan.agreement.id, plan.agreement.version),
                        readThrough: planned.snapshot.register.eventCount,
                        calendar: try WallClock.calendar(timeZone: catalog.company.timeZone))),
                beforeCommit: { recorded in
                    // The manifest carries the event's sequence and chain hash, and its signature is the next
                    // event: both written, with every file of the package, before the record commits.
                    let recorded = Recorded(transfer, recorded)
                    try PackageManifest.write(recorded, to: manifest)
                    FaultInjection.point("manifest-written")
                    try PackageSigning.write(
                        PackageSigning.sign(recorded, with: signingKey),
                        to: manifest.deletingLastPathComponent().appending(path: PackageSigning.fileName))
                    try syncDirectory(manifest.deletingLastPathComponent())
                },
                sign: { recorded in PackageSigning.sign(Recorded(transfer, recorded), with: signingKey) },
                provision: ProvisionRecord(
                    transfer: transfer.id, agreement: plan.agreement, profile: planned.request.profile,
                    sendsPersonalRelated: plan.sent.contains { catalog.field($0.fieldForm.field)?.personalRelated ?? false }))
            guard
                case .appended(let recorded) = try await store.append(
                    .transfer(transfer), by: Recorder(name: request.recordedBy, clock: clock),
                    documents: [planned.catalog.bytes, planned.task.bytes], subjects: counts.subjects, commit: commit)
            else { preconditionFailure("a transfer is appended or refused") }
            committed = Recorded(transfer, recorded)
        } catch {
            package.abandon()
            throw error
        }
        // Committed: from here on the package is only ever completed, now or by the next command.
        FaultInjection.point("after-commit")
        do {
            try package.complete(committed)
        } catch {
            throw InputError(
                PendingPackage.NotInPlace(
                    committed, temporary: package.pending.temporary, destination: package.destination,
                    reason: PendingPackage.NotInPlace.reason(error)
                ).message)
        }
        return .extracted(
            ExtractResult(transfer: committed, package: package.destination, counts: counts, sourceBytes: source.bytes))
    }

    /// A source ready to read: a file with its header read, or a table.
    private enum OpenedSource {
        case file(any RecordSource)
        case table(any TableSource)

        /// The file's size; a table's is not known (the summary then shows no rate).
        var bytes: Int {
            if case .file(let file) = self { file.totalBytes } else { 0 }
        }
    }

    /// The task's layout columns whose field forms the plan sends, in layout order; every form sent must
    /// have a column, for XML every column name must be an element name, and for CSV writable in its encoding.
    static func layout(of plan: Plan, taskFile: String, formats: [ExtractFormat], encoding: CSVEncoding)
        throws(InputError) -> [LayoutColumn]
    {
        let sent = Set(plan.sent.map(\.fieldForm))
        let layout = plan.task.layout.filter { sent.contains($0.fieldForm) }
        var problems: [Diagnostic] = []
        for form in plan.sent.map(\.fieldForm) where !layout.contains(where: { $0.fieldForm == form }) {
            problems.append(.error(ExtractText.noLayoutColumn(form).text(), file: taskFile))
        }
        if formats.contains(.xml) {
            for column in layout where !ExtractSchema.isElementName(column.name) {
                problems.append(
                    .error(ExtractText.notAnElementName(column: column.name).text(), file: taskFile, line: column.line))
            }
        }
        if formats.contains(.csv) {
            for column in layout {
                guard let character = encoding.unencodable(in: column.name) else { continue }
                problems.append(
                    .error(
                        EncodingText.headerCannotEncode(column: column.name, character: character, encoding).text(),
                        file: taskFile, line: column.line))
            }
        }
        if !problems.isEmpty { throw InputError(problems) }
        return layout
    }

    /// The extract's columns when the task names an import profile: the field forms the plan sends, each of which
    /// an input of the profile must take; CSV only, in an encoding the courier imports.
    static func layout(of plan: Plan, in use: ImportProfileUse, taskFile: String, formats: [ExtractFormat], encoding: CSVEncoding)
        throws(InputError) -> [LayoutColumn]
    {
        let profile = use.profile
        var problems: [Diagnostic] = []
        if formats != [.csv] {
            problems.append(.error(CourierText.xmlWithProfile(profile: profile.title).text(), file: taskFile, line: use.line))
        }
        if !profile.encodings.contains(encoding) {
            problems.append(
                .error(
                    CourierText.encodingNotAccepted(encoding, profile: profile.title, accepted: profile.encodings).text(),
                    file: taskFile, line: use.line))
        }
        let taken = use.takenForms
        for sent in plan.sent where !taken.contains(sent.fieldForm) {
            problems.append(
                .error(
                    CourierText.notInProfile(fieldForm: sent.fieldForm.description, profile: profile.title).text(),
                    file: taskFile, line: use.line))
        }
        if !problems.isEmpty { throw InputError(problems) }
        return plan.sent.map { LayoutColumn(name: $0.fieldForm.description, fieldForm: $0.fieldForm, line: use.line) }
    }

    /// `PREFIX-YYYYMMDD-` and 8 random hex digits (a transfer's `T`, an incident's `INC`): sortable by date,
    /// unique without a counter.
    static func newID(_ prefix: String, on date: CalendarDate) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) }.hex
        return "\(prefix)-\(date.description.replacingOccurrences(of: "-", with: ""))-\(digits)"
    }
}
