import ConsignCore
import ConsignStore
import ConsignXML
import Foundation

/// The auditor's answer from the records alone: the ledger chain verified, then every transfer, contractor
/// and agreement checked as of a date.
public struct Auditor: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Audits the register as it stands (no recovery step, so a damaged register is reported, not
    /// changed) as of `asOf`.
    public func audit(asOf: CalendarDate) async throws -> AuditReport {
        // Held in an optional so that the release below can move it out (`consume` does not take an existential).
        var store: (any RegisterStore)? = try await workspace.openRegisterAsIs()
        let (report, snapshot) = try await audit(asOf: asOf, store: store!, catalog: try catalog())
        Auditor.releaseInBackground((store.take(), consume snapshot))
        return report
    }

    /// The audit of `store`, and the snapshot it read (nil when the register's events do not decode).
    private func audit(asOf: CalendarDate, store: any RegisterStore, catalog: Catalog) async throws
        -> (report: AuditReport, snapshot: RegisterSnapshot?)
    {
        let damage = try await store.schemaDamage()
        // The chain verified and the register replayed in one read of the ledger (without its tables, there
        // is nothing to read).
        let ledger =
            damage.contains(where: \.isTable)
            ? LedgerVerification(count: 0, head: LedgerChain.genesis.hex, breaks: [])
            : try await store.replay(verifying: store.chain, anchors: [])
        var findings = (LedgerAudit.breaks(damage) + ledger.breaks).map { broken in
            AuditFinding(.ledgerBroken, AuditText.ledgerBroken(broken.message).text(), records: broken.events.map(AuditRecord.event))
        }
        var scope = AuditReport.Scope(transfers: 0, contractors: 0, agreements: 0, events: ledger.count, ledgerHead: ledger.head)
        var snapshot: RegisterSnapshot?
        do {
            let read = try await RegisterSnapshot.readWhole(store, today: asOf)
            let context = try await context(read, store: store, company: catalog.company, asOf: asOf)
            findings += AuditRules.findings(context)
            scope.transfers = context.register.transfers.filter { $0.value.on <= asOf }.count
            scope.contractors = context.register.contractors.count
            scope.agreements = context.histories.count
            snapshot = read
        } catch let corrupt as CorruptRegister {
            // The chain check has said where; without decodable events there is nothing more to check.
            if findings.isEmpty { findings.append(AuditFinding(.ledgerBroken, corrupt.description, records: [])) }
        }
        findings.sort { a, b in
            (a.severity, a.code.rawValue, a.records.map(\.english).joined(separator: " "))
                < (b.severity, b.code.rawValue, b.records.map(\.english).joined(separator: " "))
        }
        return (AuditReport(asOf: asOf, scope: scope, findings: findings), snapshot)
    }

    /// Contractors × data categories: permitted by the agreements in force on `asOf`, sent up to then.
    public func coverage(asOf: CalendarDate) async throws -> CoverageMatrix {
        let (snapshot, catalog) = try await read(asOf: asOf)
        return CoverageMatrix(catalog: catalog, register: snapshot.register, histories: snapshot.histories, asOf: asOf)
    }

    /// The contractor register (委託先管理台帳) as of `asOf`.
    public func contractorRegister(asOf: CalendarDate) async throws -> ContractorRegister {
        ContractorRegister(try await read(asOf: asOf).snapshot, asOf: asOf)
    }

    /// The recipients of personal data as of `asOf` (GDPR Art. 30, APPI provision record).
    public func recipients(asOf: CalendarDate) async throws -> RecipientsRecord {
        let (snapshot, catalog) = try await read(asOf: asOf)
        return RecipientsRecord(snapshot, catalog: catalog, asOf: asOf)
    }

    /// The records of provisions to third parties (APPI Art. 29) dated from `from` to `to`, as of `asOf`.
    public func provisions(asOf: CalendarDate, from: CalendarDate?, to: CalendarDate?) async throws -> ProvisionRecords {
        let (snapshot, catalog) = try await read(asOf: asOf)
        return ProvisionRecords(snapshot, catalog: catalog, asOf: asOf, from: from, to: to)
    }

    /// The audit, the coverage matrix, the agreement timeline and the monthly transfers in one HTML page.
    public func htmlReport(asOf: CalendarDate) async throws -> HTMLReport {
        // Held in an optional so that the release below can move it out (`consume` does not take an existential).
        var store: (any RegisterStore)? = try await workspace.openRegisterAsIs()
        let catalog = try catalog()
        let (report, audited) = try await audit(asOf: asOf, store: store!, catalog: catalog)
        // A register whose events do not decode has no coverage or timeline to draw: that is an error here.
        let snapshot: RegisterSnapshot
        if let audited { snapshot = audited } else { snapshot = try await RegisterSnapshot.readWhole(store!, today: asOf) }
        let page = HTMLReport(
            company: catalog.company.name, audit: report,
            coverage: CoverageMatrix(catalog: catalog, register: snapshot.register, histories: snapshot.histories, asOf: asOf),
            histories: snapshot.histories, transfers: snapshot.register.transfers.map(\.value).filter { $0.on <= asOf })
        Auditor.releaseInBackground((store.take(), consume snapshot))
        return page
    }

    private func read(asOf: CalendarDate) async throws -> (snapshot: RegisterSnapshot, catalog: Catalog) {
        let catalog = try catalog()
        return (try await RegisterSnapshot.readWhole(try workspace.openRegisterAsIs(), today: asOf), catalog)
    }

    /// Drops the last references to `value` on another thread. The replayed register of a large ledger is
    /// about a million small objects, and freeing them took a tenth of the audit of 100,000 transfers; the
    /// report does not wait for it (when the process ends first, the system reclaims the memory at once).
    private static func releaseInBackground(_ value: consuming some Sendable) {
        Thread.detachNewThread { [value] in withExtendedLifetime(value) {} }
    }

    /// The workspace's catalog (its categories, company and home country).
    private func catalog() throws -> Catalog { try WorkspaceDocuments.load(workspace).catalog().document }

    private func context(
        _ snapshot: RegisterSnapshot, store: any RegisterStore, company: Company, asOf: CalendarDate
    ) async throws -> AuditContext {
        let register = snapshot.register
        var tasks: [String: TaskTemplate] = [:]
        var catalogs: [String: Catalog] = [:]
        // The exact task template and catalog each transfer used, decoded once each.
        var recorded: [String: BuiltInSchema] = [:]
        var previous: (task: String, catalog: String)?
        for index in register.transfers.indices {
            let transfer = register.transfers[index].value
            // Runs of transfers share their documents (and the strings, so the comparison is one of pointers).
            guard previous?.task != transfer.task.sha256 || previous?.catalog != transfer.catalog.sha256 else { continue }
            recorded[transfer.task.sha256] = .task
            recorded[transfer.catalog.sha256] = .catalog
            previous = (transfer.task.sha256, transfer.catalog.sha256)
        }
        for release in register.statisticsReleases { recorded[release.value.catalogSHA256] = .catalog }
        for (sha256, schema) in recorded {
            guard let bytes = try await store.document(sha256: sha256) else {
                throw CorruptRegister(description: AuditText.documentMissing(schema: "\(schema)", sha256: sha256).text())
            }
            switch try Document.load(bytes, file: "\(schema) \(sha256)", accepting: [schema]).document {
            case .task(let task): tasks[sha256] = task
            case .catalog(let catalog): catalogs[sha256] = catalog
            default: break
            }
        }
        var profiles: [String: [Int: ContractorProfile]] = [:]
        for profile in snapshot.documents.contractors.map(\.document) { profiles[profile.id, default: [:]][profile.version] = profile }
        let stopped = Set(register.stopUse.keys.compactMap { UInt64($0, radix: 16) })
        let requested = Set(
            register.requests.values.filter { $0.value.kind.recipientsTold || $0.value.kind == .stopProvision }
                .compactMap { UInt64($0.value.subject, radix: 16) })
        // One read of the ledger finds both the stopped subjects' transfers and the requesting subjects'.
        let matches = try await store.subjectMatches(Array(stopped.union(requested)))
        var context = AuditContext(
            register: register, histories: snapshot.histories, profiles: profiles, tasks: tasks, catalogs: catalogs,
            homeCountry: company.homeCountry, asOf: asOf, stopUseMatches: matches.filter { stopped.contains($0.subject) })
        context.requestMatches = matches.filter { requested.contains($0.subject) }
        context.recipientNoticeDays = company.recipientNoticeDays
        context.statisticsMinimum = company.statistics.minimumFrequency
        context.incidents = try await IncidentFacts.all(register, store: store, catalogs: catalogs, timeZone: company.timeZone)
        return context
    }
}

/// What `consign audit` reports: the date, what was checked, and the findings (errors first).
public struct AuditReport: Encodable, Sendable {
    public struct Scope: Encodable, Sendable {
        public var transfers: Int
        public var contractors: Int
        public var agreements: Int
        public var events: Int
        public var ledgerHead: String
    }

    public var asOf: CalendarDate
    public var scope: Scope
    public var errors: Int
    public var warnings: Int
    public var findings: [AuditFinding]

    init(asOf: CalendarDate, scope: Scope, findings: [AuditFinding]) {
        self.asOf = asOf
        self.scope = scope
        self.findings = findings
        errors = findings.filter { $0.severity == .error }.count
        warnings = findings.count - errors
    }

    public var summary: String {
        AuditText.summary(
            asOf: asOf, errors: errors, warnings: warnings, transfers: scope.transfers, contractors: scope.contractors,
            agreements: scope.agreements, events: scope.events
        ).text()
    }

    public var text: String {
        var lines = [summary]
        for finding in findings {
            lines.append("")
            lines.append(AuditText.findingLine(severity: finding.severity.word, code: finding.code.rawValue, message: finding.message).text())
            lines.append(AuditText.ruleLine(finding.rule).text())
            lines.append(AuditText.recordsLine(finding.records.map { $0.text() }).text())
        }
        return lines.joined(separator: "\n")
    }

    /// One row per finding, for spreadsheets (`CSVTable`) in `encoding`, headed in the language chosen; `file`
    /// names it in errors.
    public func csv(_ encoding: CSVEncoding, file: String) throws(InputError) -> [UInt8] {
        try CSVTable.bytes(
            header: AuditText.csvColumns.map { $0.text() },
            rows: findings.map { [$0.severity.word.text(), $0.code.rawValue, $0.rule, $0.message, $0.records.map { $0.text() }.joined(separator: "; ")] }, encoding: encoding, file: file)
    }
}
