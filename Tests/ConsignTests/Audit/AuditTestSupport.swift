import Foundation
import Testing

// Support for the tests of `consign audit`: a workspace built only with what a user can do (documents
// written into it, `consign` commands with their dates, a fixed clock), and the audit's JSON report.

/// `SOURCE_DATE_EPOCH` values (seconds) and the dates they are in Tokyo.
enum AuditClock {
    /// 2026-11-18 (the tests' usual today).
    static let today = "1795000000"
    /// 2026-11-10.
    static let tenthOfNovember = "1794308800"
}

/// What `consign audit --format json` reports.
struct AuditReportJSON: Decodable {
    struct Scope: Decodable {
        var transfers: Int
        var contractors: Int
        var agreements: Int
        var events: Int
        var ledgerHead: String
    }

    struct Finding: Decodable, Equatable, CustomStringConvertible {
        var code: String
        var severity: String
        var message: String
        var rule: String
        var records: [String]

        var description: String { "\(severity) [\(code)] \(records.joined(separator: ", ")): \(message)" }
    }

    var asOf: String
    var scope: Scope
    var errors: Int
    var warnings: Int
    var findings: [Finding]
}

/// One run of `consign audit --format json`: how it exited, and its report.
struct AuditOutcome {
    var run: Run
    var report: AuditReportJSON

    var findings: [AuditReportJSON.Finding] { report.findings }

    func findings(_ code: String) -> [AuditReportJSON.Finding] { findings.filter { $0.code == code } }

    /// The findings of a code that name a record (`transfer T-…`, `contractor ID`, `agreement ID vN`).
    func findings(_ code: String, naming record: String) -> [AuditReportJSON.Finding] {
        findings(code).filter { $0.records.contains(record) }
    }

    /// Every finding that names a record, whatever its code.
    func findings(naming record: String) -> [AuditReportJSON.Finding] { findings.filter { $0.records.contains(record) } }

    /// The findings, one line each, for failure messages.
    var listing: String { findings.map(\.description).joined(separator: "\n") }
}

/// A `consign` command that did not do what the set-up needed.
struct AuditSetUpError: Error, CustomStringConvertible {
    var description: String
}

/// A sub-contractor a contractor's profile declares.
struct DeclaredSubContractor {
    var id: String
    var purposes = "surveys-prizes"
    var country = "JP"
}

/// A sub-contractor an agreement approves.
struct ApprovedSubContractor {
    var id: String
    var purposes = "surveys-prizes"
    var approvedOn = "2026-01-01"
}

/// The fields a courier's agreement permits: everything `prize-shipping` can use.
let courierFields = [
    "person.name", "address.postal_code", "address.prefecture", "address.city", "address.street", "contact.phone",
    "contact.email", "customer.id:hmac",
]

/// One agreement version, as procurement would write it (valid against agreements/agreement.xsd).
struct AgreementDocument {
    var id: String
    var version = 1
    var contractor: String
    var relationship = "entrustment"
    var from = "2026-01-01"
    var to = "2030-12-31"
    var purposes = "surveys-prizes"
    /// `field` (every form) or `field:form` (that form only).
    var permitted = courierFields
    var countries = "JP"
    /// The kind of the foreign basis (eu-uk-adequacy, equivalent-measures-contract, apec-cbpr, consent).
    var foreignBasis: String?
    var subContractingAllowed = false
    var approved: [ApprovedSubContractor] = []
    var retentionMaxDays = 90
    /// Element names of the clauses left out (e.g. "compliance-check").
    var missingClauses: Set<String> = []
    /// The date signed (default: the day it takes effect).
    var signed: String?
    /// The SHA-256 of the signed document it records.
    var documentSHA256 = String(repeating: "ab", count: 32)
    /// The certification schemes it requires of the contractor, one of which will do (`privacy-mark isms`).
    var requiresCertification: String?
    /// The fields of `permitted` it names as of special care.
    var specialCare: Set<String> = []

    var xml: String {
        let fields = permitted.map { entry -> String in
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            let care = specialCare.contains(parts[0]) ? " special-care=\"true\"" : ""
            return parts.count == 2
                ? "    <field ref=\"\(parts[0])\" form=\"\(parts[1])\"\(care)/>" : "    <field ref=\"\(parts[0])\"\(care)/>"
        }
        let basis = foreignBasis.map {
            "  <foreign-basis kind=\"\($0)\">The basis of the transfer abroad, as the contract states it.</foreign-basis>\n"
        } ?? ""
        let subContracting: String
        if approved.isEmpty {
            subContracting = "  <sub-contracting allowed=\"\(subContractingAllowed)\"/>"
        } else {
            subContracting =
                "  <sub-contracting allowed=\"true\">\n"
                + approved.map {
                    "    <approved sub-contractor=\"\($0.id)\" purposes=\"\($0.purposes)\" country=\"JP\" approved-on=\"\($0.approvedOn)\">\n"
                        + "      <scope>Delivery of what the contractor hands over.</scope>\n    </approved>"
                }.joined(separator: "\n") + "\n  </sub-contracting>"
        }
        let clauses = [
            ("responsibilities", "<responsibilities section=\"Art. 3\"/>"),
            ("security", "<security section=\"Art. 5\"/>"),
            ("sub-contracting", "<sub-contracting section=\"Art. 7\"/>"),
            ("reporting", "<reporting section=\"Art. 8\" frequency-days=\"90\"/>"),
            ("compliance-check", "<compliance-check section=\"Art. 9\" on-site=\"true\"/>"),
            ("breach-measures", "<breach-measures section=\"Art. 11\"/>"),
            ("incident-reporting", "<incident-reporting section=\"Art. 12\" notice-hours=\"48\"/>"),
            (
                "after-termination",
                "<after-termination section=\"Art. 14\" return-or-delete-days=\"30\" deletion-certificate=\"true\"/>"
            ),
        ].filter { !missingClauses.contains($0.0) }.map { "    \($0.1)" }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <agreement id="\(id)" version="\(version)" contractor="\(contractor)">
              <title>Agreement \(id) version \(version) with \(contractor)</title>
              <relationship>\(relationship)</relationship>
              <signatories>
                <signatory party="company" name="Haruka Sato" title="Representative Director"/>
                <signatory party="contractor" name="Taro Yamada" title="President"/>
              </signatories>
              <signed>\(signed ?? from)</signed>
              <effective from="\(from)" to="\(to)"/>
              <purposes>\(purposes)</purposes>
              <permitted>
            \(fields.joined(separator: "\n"))
              </permitted>
              <data-subjects>
                <category>customers</category>
              </data-subjects>
              <countries>\(countries)</countries>
            \(basis)\(subContracting)
              <retention max-days="\(retentionMaxDays)"/>
              <clauses>
            \(clauses.joined(separator: "\n"))
              </clauses>
              <signed-document reference="contracts/\(id)-v\(version).pdf" sha256="\(documentSHA256)"/>
            \(requiresCertification.map { "  <requires-certification any-of=\"\($0)\"/>\n" } ?? "")</agreement>

            """
    }
}

/// A contractor profile version (valid against agreements/contractors/contractor.xsd).
/// `storage` defaults to `country`, where it has its address and processes the data; `certifications` are
/// (scheme, expiry date) pairs.
func profileXML(
    _ id: String, version: Int = 1, country: String = "JP", storage: String? = nil, subContractors: [DeclaredSubContractor] = [],
    certifications: [(scheme: String, expires: String)] = []
) -> String {
    let subs =
        subContractors.isEmpty
        ? "  <sub-contractors/>"
        : "  <sub-contractors>\n"
            + subContractors.map {
                "    <sub-contractor id=\"\($0.id)\" country=\"\($0.country)\" purposes=\"\($0.purposes)\">\n"
                    + "      <name>\($0.id) Co., Ltd.</name>\n      <role>Delivery partner.</role>\n    </sub-contractor>"
            }.joined(separator: "\n") + "\n  </sub-contractors>"
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <contractor id="\(id)" version="\(version)">
          <legal-name>\(id) Co., Ltd.</legal-name>
          <address country="\(country)">1-1-1 Somewhere</address>
          <representative>Taro Yamada, President</representative>
          <privacy-contact>
            <name>Privacy Office</name>
            <email>privacy@\(id).example</email>
          </privacy-contact>
          <processing-countries>\(country)</processing-countries>
          <storage-countries>\(storage ?? country)</storage-countries>
          \(certifications.isEmpty ? "<certifications/>" : "<certifications>" + certifications.enumerated().map { "<certification scheme=\"\($1.scheme)\" number=\"N-\($0 + 1)\" expires=\"\($1.expires)\"/>" }.joined() + "</certifications>")
        \(subs)
        </contractor>

        """
}

/// A workspace of the example's catalog and task templates, with contractors, agreements, evaluations,
/// transfers and requests made through the `consign` command only.
struct AuditWorkspace: Sendable {
    let root: URL

    /// `consign init` in a new temporary directory holding a copy of the repository's templates/.
    static func create(_ name: String) throws -> AuditWorkspace {
        let root = try temporaryDirectory(name)
        try FileManager.default.copyItem(at: repositoryRoot.appending(path: "templates"), to: root.appending(path: "templates"))
        let workspace = AuditWorkspace(root: root)
        try workspace.run(["init"])
        return workspace
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Runs `consign` in the workspace and requires exit status 0.
    @discardableResult
    func run(_ arguments: [String], clock: String = AuditClock.today) throws -> Run {
        let run = try consign(arguments, in: root, environment: ["SOURCE_DATE_EPOCH": clock])
        guard run.status == 0 else {
            throw AuditSetUpError(
                description: "consign \(arguments.joined(separator: " ")) exited \(run.status): \(run.stderr)\(run.stdout)")
        }
        return run
    }

    /// Writes a file of the workspace.
    func write(_ path: String, _ text: String) throws {
        let url = root.appending(path: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Writes and registers a contractor profile version.
    func addContractor(
        _ id: String, version: Int = 1, country: String = "JP", storage: String? = nil,
        subContractors: [DeclaredSubContractor] = [], certifications: [(scheme: String, expires: String)] = [],
        clock: String = AuditClock.today
    ) throws {
        let path = "agreements/contractors/\(id)-v\(version).xml"
        try write(
            path,
            profileXML(
                id, version: version, country: country, storage: storage, subContractors: subContractors,
                certifications: certifications))
        try run(["contractor", "add", path], clock: clock)
    }

    /// Writes and registers an agreement version.
    func addAgreement(_ agreement: AgreementDocument, clock: String = AuditClock.today) throws {
        let path = "agreements/\(agreement.id)-v\(agreement.version).xml"
        try write(path, agreement.xml)
        try run(["agreement", "add", path], clock: clock)
    }

    /// A contractor's profile and one agreement in one step.
    func addContractor(
        _ id: String, country: String = "JP", subContractors: [DeclaredSubContractor] = [], agreement: AgreementDocument,
        clock: String = AuditClock.today
    ) throws {
        try addContractor(id, country: country, subContractors: subContractors, clock: clock)
        try addAgreement(agreement, clock: clock)
    }

    func evaluate(
        _ id: String, kind: String = "selection", result: String = "pass", on date: String, clock: String = AuditClock.today
    ) throws {
        try run(
            ["contractor", "evaluate", id, "--kind", kind, "--result", result, "--on", date, "--note", "\(kind) review"],
            clock: clock)
    }

    /// `consign transfer record` of 10 rows, with the ids of the subjects sent (by default three nobody asks
    /// about; nil: none given); returns the new transfer's id and what the command printed.
    @discardableResult
    func record(
        _ contractor: String, task: String = "prize-shipping", on date: String, fields: String = "person.name,customer.id:hmac",
        subContractors: [String] = [], subjects: [String]? = ["C90000001", "C90000002", "C90000003"]
    ) throws -> (id: String, stdout: String) {
        var listed: [String] = []
        if let subjects {
            try write("lists/subjects.txt", subjects.map { $0 + "\n" }.joined())
            listed = ["--subjects", "lists/subjects.txt"]
        }
        let run = try run(
            [
                "transfer", "record", "--contractor", contractor, "--task", task, "--on", date, "--fields", fields, "--rows",
                "10", "--note", "sent from the old system",
            ] + subContractors.flatMap { ["--sub-contractor", $0] } + listed)
        guard let match = run.stdout.firstMatch(of: #/recorded transfer (T-[0-9]{8}-[0-9a-f]+) /#) else {
            throw AuditSetUpError(description: "no transfer id in: \(run.stdout)")
        }
        return (String(match.1), run.stdout)
    }

    /// `consign transfer confirm-deletion` with a certificate file written for it.
    func confirmDeletion(_ transfer: String, on date: String) throws {
        let certificate = "certificates/\(transfer).pdf"
        try write(certificate, "%PDF-1.7 certificate of deletion of \(transfer) on \(date)")
        try run(["transfer", "confirm-deletion", transfer, "--on", date, "--certificate", certificate])
    }

    /// `consign audit --format json` (exit status 0 or 1), decoded.
    func audit(asOf date: String?, _ extra: [String] = [], clock: String = AuditClock.today) throws -> AuditOutcome {
        let run = try consign(
            ["audit", "--format", "json"] + (date.map { ["--as-of", $0] } ?? []) + extra, in: root,
            environment: ["SOURCE_DATE_EPOCH": clock])
        return try AuditOutcome(json: run)
    }
}

extension AuditOutcome {
    /// Decodes the report of a run of `consign audit --format json`.
    init(json run: Run) throws {
        guard run.status == 0 || run.status == 1 else {
            throw AuditSetUpError(description: "consign audit exited \(run.status): \(run.stderr)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self.init(run: run, report: try decoder.decode(AuditReportJSON.self, from: Data(run.stdout.utf8)))
    }
}

/// A workspace shared by the tests of one suite: built once before them and removed after them.
struct SharedWorkspace<Value: Sendable>: SuiteTrait, TestScoping {
    let build: @Sendable () throws -> (value: Value, directory: URL)
    let local: TaskLocal<Value?>

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void)
        async throws
    {
        let (value, directory) = try build()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await local.withValue(value) { try await function() }
    }
}

/// The value a `SharedWorkspace` trait provides to the tests of its suite.
func shared<Value>(_ local: TaskLocal<Value?>) throws -> Value {
    try #require(local.get(), "the suite's shared workspace was not built")
}

/// The records of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks).
func csvRecords(_ text: String) -> [[String]] {
    let scalars = Array(text.unicodeScalars)
    var records: [[String]] = []
    var record: [String] = []
    var field = String.UnicodeScalarView()
    var quoted = false
    var i = 0
    while i < scalars.count {
        let c = scalars[i]
        i += 1
        if quoted {
            if c == "\"" {
                if i < scalars.count, scalars[i] == "\"" {
                    field.append(c)
                    i += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
            continue
        }
        switch c {
        case "\"": quoted = true
        case ",": record.append(String(field)); field = String.UnicodeScalarView()
        case "\r": break
        case "\n":
            record.append(String(field))
            records.append(record)
            record = []
            field = String.UnicodeScalarView()
        default: field.append(c)
        }
    }
    if !field.isEmpty || !record.isEmpty {
        record.append(String(field))
        records.append(record)
    }
    return records
}
