import ConsignCore
import ConsignStore
@testable import ConsignWorkspace
import ConsignXML
import Crypto
import Foundation
import Testing

/// A register built in memory for the audit's rules: events appended as a store appends them (admitted,
/// then applied), beside the decoded documents the rules read (agreement versions, profile versions, and
/// the task template and catalog each transfer used, keyed by the SHA-256 the transfer records), and the
/// stop-use subjects found in the transfers' subject sets. `audit(asOf:)` runs `AuditRules` on it: no
/// workspace, no process, no XML.
struct AuditLab {
    private(set) var register = Register()
    /// Every registered agreement version, by agreement id.
    private(set) var agreements: [String: [Agreement]] = [:]
    private(set) var profiles: [String: [Int: ContractorProfile]] = [:]
    private(set) var tasks: [String: TaskTemplate] = [:]
    private(set) var catalogs: [String: Catalog] = [:]
    /// The subjects each transfer sent, by the transfer's event.
    private var sent: [Int: [UInt64]] = [:]
    var homeCountry = "JP"
    /// The clock the next events are timed by (the real one unless a test says otherwise).
    var clock: RegisterEvent.ClockSource = .system

    /// Appends like a store: admit, then apply; the event's sequence.
    @discardableResult
    mutating func append(_ payload: RegisterEvent.Payload) throws -> Int {
        guard try register.admit(payload) == .append else { return register.eventCount }
        let sequence = register.eventCount + 1
        let at = Timestamp(secondsSinceEpoch: 1_795_000_000 + Int64(sequence))
        let event = RegisterEvent(recordedAt: at, recordedBy: "audit-lab", payload: payload, clock: clock)
        register.apply(RecordedEvent(sequence: sequence, event: event, chainHash: ""))
        return sequence
    }

    // MARK: Contractors

    /// Registers a contractor profile version, declaring sub-contractors for purposes.
    mutating func contractor(
        _ id: String, version: Int = 1, country: String = "JP", declaring subContractors: [String] = [],
        for purposes: [String] = ["surveys-prizes"]
    ) throws {
        let profile = ContractorProfile(
            id: id, version: version, legalName: "\(id) Co., Ltd.", address: "1-1-1 Somewhere", addressCountry: country,
            representative: "Taro Yamada", privacyContact: PrivacyContact(name: "Privacy Office", email: "privacy@\(id).example"),
            processingCountries: [country], storageCountries: [country],
            subContractors: subContractors.map {
                SubContractor(id: $0, name: "\($0) Co., Ltd.", role: "Delivery partner.", country: "JP", purposes: purposes)
            })
        profiles[id, default: [:]][version] = profile
        try append(.contractorRegistered(Self.registration(contractor: id, document: id, version: version, of: profile)))
    }

    /// Registers an agreement version.
    mutating func register(_ agreement: Agreement) throws {
        agreements[agreement.id, default: []].append(agreement)
        try append(
            .agreementRegistered(
                Self.registration(contractor: agreement.contractor, document: agreement.id, version: agreement.version, of: agreement)))
    }

    /// A contractor profile and its agreement, with a passing selection evaluation on 2026-01-15.
    mutating func selectedContractor(_ id: String, declaring subContractors: [String] = [], under agreement: Agreement) throws {
        try contractor(id, declaring: subContractors)
        try register(agreement)
        try evaluate(id, on: "2026-01-15")
    }

    mutating func evaluate(_ id: String, _ kind: Evaluation.Kind = .selection, _ result: Evaluation.Result = .pass, on date: String)
        throws
    {
        try append(.evaluated(Evaluation(contractor: id, kind: kind, result: result, on: day(date), note: "\(kind) review")))
    }

    mutating func suspend(_ id: String, on date: String) throws { try change(id, to: .suspended, on: date) }
    mutating func reinstate(_ id: String, on date: String) throws { try change(id, to: .active, on: date) }
    mutating func terminate(_ id: String, on date: String) throws { try change(id, to: .terminated, on: date) }

    private mutating func change(_ id: String, to status: ContractorStatus, on date: String) throws {
        try append(.statusChanged(StatusChange(contractor: id, status: status, on: day(date), note: "")))
    }

    // MARK: Transfers

    /// Records a transfer as `consign transfer record` would: under the agreement the register knows in force
    /// for the task's purpose on its date (none: nil), its retention due by the task or the agreement, and
    /// the subjects it sent (by default one nobody asks about, as `transfer record --subjects` stores them).
    /// `countries` replaces what the agreement says (a transfer recorded by hand).
    @discardableResult
    mutating func transfer(
        _ contractor: String, task: TaskTemplate = Self.prizeShipping, catalog: Catalog = Self.catalog, on date: String,
        sending forms: [String] = ["person.name", "customer.id:hmac"], to subContractors: [String] = [],
        countries: [String]? = nil, subjects: [UInt64] = [0x5EB7_0000_0000_0001]
    ) throws -> Transfer {
        let on = day(date)
        let known = agreements.values.filter { $0.first?.contractor == contractor }.map { AgreementHistory(versions: $0) }
        let agreement: Agreement? =
            switch known.coverage(purpose: task.purpose, on: on) {
            case .covered(let agreement): agreement
            default: nil
            }
        let taskDocument = Self.loaded(.task(task))
        let catalogDocument = Self.loaded(.catalog(catalog))
        tasks[taskDocument.sha256] = task
        catalogs[catalogDocument.sha256] = catalog
        let id = "T-\(date.replacingOccurrences(of: "-", with: ""))-\(String(register.eventCount + 1, radix: 16))"
        var transfer = Transfer(
            id: id, origin: .recorded, on: on, contractor: contractor, under: agreement, agreementSHA256: "",
            task: taskDocument, catalog: catalogDocument, forms: forms.map { FieldForm(parsing: $0)! }, rows: 10, files: [],
            package: "", receivingSubContractors: subContractors, encryption: "",
            subjects: Transfer.SubjectSet(count: subjects.count, sha256: ""), note: "recorded in the audit lab")
        if let countries { transfer.countries = countries }
        let sequence = try append(.transfer(transfer))
        sent[sequence] = subjects
        return transfer
    }

    mutating func confirmDeletion(of transfer: Transfer, on date: String) throws {
        try append(
            .deletionConfirmed(
                DeletionConfirmation(
                    transfer: transfer.id, contractor: transfer.contractor, on: day(date),
                    certificate: Evaluation.Evidence(file: "certificates/\(transfer.id).pdf", sha256: Self.sha256("certificate")),
                    note: "")))
    }

    /// A subject's stop-use (or erasure) request, received on a date.
    mutating func stopUse(_ subject: UInt64, receivedOn date: String, request: StopUse.Request = .stopUse) throws {
        try append(.stopUse(StopUse(subject: Self.hash(subject), on: day(date), reason: "asked us to stop", request: request)))
    }

    // MARK: The audit

    /// `AuditRules` on the register and its documents as of a date.
    func audit(asOf date: String) -> AuditResult {
        let stopped = Set(register.stopUse.keys.compactMap { UInt64($0, radix: 16) })
        let matches = sent.keys.sorted().flatMap { event in
            sent[event]!.filter(stopped.contains).map { SubjectMatch(event: event, subject: $0) }
        }
        let context = AuditContext(
            register: register, histories: agreements.values.map { AgreementHistory(versions: $0) }, profiles: profiles,
            tasks: tasks, catalogs: catalogs, homeCountry: homeCountry, asOf: day(date), stopUseMatches: matches)
        return AuditResult(findings: AuditRules.findings(context))
    }

    // MARK: Documents

    /// The fields a courier's agreement permits: everything `prize-shipping` can use.
    static let courierForms = [
        "person.name", "address.postal_code", "address.prefecture", "contact.phone", "customer.id:hmac",
    ]

    /// An agreement version: entrustment, for surveys and prizes, in Japan, every clause, unless told otherwise.
    /// `permitting` lists `field` (every form) or `field:form` (that form only); `lacking`, clause letters.
    static func agreement(
        _ id: String, version: Int = 1, with contractor: String, _ relationship: Agreement.Relationship = .entrustment,
        from: String = "2026-01-01", to: String = "2030-12-31", purposes: [String] = ["surveys-prizes"],
        permitting permitted: [String] = courierForms, countries: [String] = ["JP"], basis: ForeignBasis.Kind? = nil,
        approving approved: [ConsignCore.ApprovedSubContractor] = [], lacking missing: Set<Character> = [], retentionMaxDays: Int = 90
    ) -> Agreement {
        var clauses = Clauses()
        let section = Clauses.Clause(section: "Art. 1")
        for letter in "abcdefgh" where !missing.contains(letter) {
            switch letter {
            case "a": clauses.responsibilities = section
            case "b": clauses.security = section
            case "c": clauses.subContracting = section
            case "d": clauses.reporting = section
            case "e": clauses.complianceCheck = section
            case "f": clauses.breachMeasures = section
            case "g": clauses.incidentReporting = section
            default: clauses.afterTermination = section
            }
        }
        return Agreement(
            id: id, version: version, contractor: contractor, title: "\(id) v\(version)", relationship: relationship,
            signatories: [], signed: day(from), effectiveFrom: day(from), effectiveTo: day(to), purposes: purposes,
            permitted: permitted.map { entry in
                let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
                return Located(Permission(field: parts[0], form: parts.count == 2 ? Form(parts[1])! : nil))
            },
            dataSubjects: ["customers"], countries: countries,
            foreignBasis: basis.map { ForeignBasis(kind: $0, explanation: "as the contract states it") },
            subContractingAllowed: !approved.isEmpty, approvedSubContractors: approved, retentionMaxDays: retentionMaxDays,
            clauses: clauses, signedDocument: SignedDocument(reference: "contracts/\(id)-v\(version).pdf", sha256: ""))
    }

    /// A sub-contractor an agreement approves for surveys and prizes.
    static func approval(_ id: String, from date: String = "2026-01-01", purposes: [String] = ["surveys-prizes"])
        -> ConsignCore.ApprovedSubContractor
    {
        ConsignCore.ApprovedSubContractor(subContractor: id, purposes: purposes, country: "JP", approvedOn: day(date), scope: "Delivery.")
    }

    /// The company's catalog, cut down to the fields the tests send.
    static let catalog = Catalog(
        id: "example-catalog", version: 1, company: Company(name: "Example K.K.", homeCountry: "JP", timeZone: "Asia/Tokyo"),
        purposes: ["surveys-prizes", "seminars", "advertising", "statistics", "inquiries"].map { Purpose(id: $0, description: $0) },
        fields: [
            Field(
                id: "customer.id", column: "customer_id", category: "identifier", description: "", weight: 4, identifiability: .direct,
                collectedFor: ["surveys-prizes", "seminars", "advertising", "statistics", "inquiries"],
                derived: [Field.Variant(form: .hmac, weight: 1, identifiability: .quasi)]),
            Field(
                id: "person.name", column: "full_name", category: "name", description: "", weight: 8, identifiability: .direct,
                collectedFor: ["surveys-prizes", "seminars", "inquiries"]),
            Field(
                id: "contact.phone", column: "phone", category: "contact", description: "", weight: 7, identifiability: .direct,
                collectedFor: ["surveys-prizes", "seminars", "inquiries"]),
            Field(
                id: "address.postal_code", column: "postal_code", category: "address", description: "", weight: 3,
                identifiability: .quasi, collectedFor: ["surveys-prizes", "seminars"],
                derived: [Field.Variant(form: .prefix(3), weight: 1, identifiability: .quasi)]),
            Field(
                id: "address.prefecture", column: "prefecture", category: "address", description: "", weight: 1,
                identifiability: .quasi, collectedFor: ["surveys-prizes", "seminars", "advertising", "statistics"]),
            Field(
                id: "person.gender", column: "gender", category: "demographics", description: "", weight: 2, identifiability: .quasi,
                collectedFor: ["surveys-prizes", "advertising", "statistics"]),
            Field(
                id: "notes", column: "notes", category: "free-text", description: "", weight: 20, identifiability: .direct,
                specialCare: true, collectedFor: ["inquiries"]),
        ], subjectKey: "customer.id")

    /// Prize shipping: surveys and prizes, data kept 60 days.
    static let prizeShipping = task("prize-shipping", purpose: "surveys-prizes")
    /// Ad audience matching: the contractor mixes the data with its own (a provision, never an entrustment).
    static let adMatching = task("ad-audience-matching", purpose: "advertising", mixOrEnrich: true)
    /// Statistics on pseudonymised information (APPI Rule 31).
    static let statistics = task("statistics-abroad", purpose: "statistics", pseudonymised: true)

    /// A task whose one need takes every field of the catalog as it is: whatever a lab transfer sends is
    /// within its minimum, so the rules under test are the only ones that find anything.
    static func task(
        _ id: String, version: Int = 1, purpose: String, mixOrEnrich: Bool = false, contactsPerson: Bool = false,
        pseudonymised: Bool = false, retentionDays: Int = 60
    ) -> TaskTemplate {
        let everything = NeedOption(id: "everything", uses: catalog.fields.map { Located(FieldForm($0.id)) })
        return TaskTemplate(
            id: id, version: version, title: id, purpose: purpose,
            needs: [Need(id: "everything", reason: "the lab's rules look elsewhere", options: [everything])], mixOrEnrich: mixOrEnrich,
            contactsPerson: contactsPerson, pseudonymised: pseudonymised, layout: [], retentionDays: retentionDays)
    }

    // MARK: Plumbing

    /// A document as a transfer records it: keyed by the SHA-256 of what it holds (two templates of the same
    /// id and version that differ are two documents, as edited bytes are).
    private static func loaded(_ document: Document) -> LoadedDocument {
        let text = "\(document)"
        return LoadedDocument(file: "lab", bytes: Array(text.utf8), sha256: sha256(text), document: document, line: 1)
    }

    private static func registration(contractor: String, document: String, version: Int, of value: Any) -> DocumentRegistration {
        DocumentRegistration(
            contractor: contractor, documentID: document, version: version, sha256: sha256("\(value)"), file: "\(document)-v\(version).xml")
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A subject's keyed hash as the register writes it (16 hex digits).
    static func hash(_ subject: UInt64) -> String {
        let hex = String(subject, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A date of the tests, `YYYY-MM-DD`.
func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

/// What the rules found.
struct AuditResult {
    var findings: [AuditFinding]

    func findings(_ code: FindingCode) -> [AuditFinding] { findings.filter { $0.code == code } }

    func findings(_ code: FindingCode, naming record: AuditText.Record) -> [AuditFinding] {
        findings(code).filter { $0.records.contains(record) }
    }

    func findings(naming record: AuditText.Record) -> [AuditFinding] { findings.filter { $0.records.contains(record) } }

    /// The one finding of a code naming a record (an issue recorded when there is not exactly one).
    func only(
        _ code: FindingCode, naming record: AuditText.Record, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> AuditFinding {
        let found = findings(code, naming: record)
        try #require(found.count == 1, "\(code.rawValue) naming \(record.english):\n\(listing)", sourceLocation: sourceLocation)
        return found[0]
    }

    /// The findings, one line each, for failure messages.
    var listing: String {
        findings.map { "\($0.severity) [\($0.code.rawValue)] \($0.records.map(\.english).joined(separator: ", ")): \($0.message)" }
            .joined(separator: "\n")
    }
}

/// How findings name records.
extension AuditText.Record {
    static func of(_ transfer: Transfer) -> AuditText.Record { .transfer(transfer.id) }
    static func of(_ agreement: Agreement) -> AuditText.Record { .agreement(agreement.id, version: agreement.version) }
}
