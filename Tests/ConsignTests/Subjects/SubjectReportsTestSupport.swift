import Foundation
import Testing

// Support for the CLI tests of `consign subject show|erase`, `consign audit coverage` and `consign report
// recipients|contractors`: their JSON decoded with the keys they promise, and independent oracles read
// from the files themselves (packages, profiles) with Python or by hand.

/// Decodes a command's JSON output with snake_case keys; fails the test with what the command printed.
func decodeJSON<T: Decodable>(_ type: T.Type, from run: Run, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
    try #require(run.status == 0, "exit \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(T.self, from: Data(run.stdout.utf8))
}

// MARK: - What `subject show|erase|stopped --format json` print

struct SubjectJSON: Decodable {
    struct Reference: Decodable, Equatable {
        var id: String
        var version: Int
        var sha256: String
    }

    struct Transfer: Decodable {
        var id: String
        var on: String
        var contractor: String
        var contractorName: String
        var agreement: Reference?
        var legalBasis: String
        var purpose: String
        var task: String
        var forms: [String]
        var countries: [String]
        var receivingSubContractors: [String]
        var approvedSubContractors: [String]
        var deletion: String
    }

    var subject: String
    var subjectHash: String
    var stopUse: StopUseJSON?
    var erasure: StopUseJSON?
    var transfers: [Transfer]
}

struct StopUseJSON: Decodable, Equatable {
    var subjectHash: String
    var request: String
    var on: String
    var reason: String
    var event: Int
    var recordedAt: String
    var recordedBy: String
}

struct ErasureJSON: Decodable {
    struct Contact: Decodable, Equatable {
        var name: String
        var email: String
        var phone: String?
    }

    struct Recipient: Decodable {
        var contractor: String
        var legalName: String
        var privacyContact: Contact?
        var transfers: [String]
        var subContractors: [String]
        var deletion: [String]
    }

    var subject: SubjectJSON
    var event: Int
    var on: String
    var request: String
    var answered: String
    var answerEvent: Int
    var recipients: [Recipient]
}

// MARK: - Oracles

/// The keyed subject hash of a customer id as the register prints it (16 lowercase hex digits), recomputed
/// from the workspace's key file.
func subjectHashHex(_ id: String, in ws: URL) throws -> String {
    String(format: "%016llx", expectedSubjectHash(id, masterKey: try masterKeyBytes(ws)))
}

/// The contractor profiles of a workspace as Python's xml.etree reads them: id → legal name and privacy
/// contact.
struct ProfileFacts: Decodable, Equatable {
    var legalName: String
    var address: String
    var name: String
    var email: String
    var phone: String?
}

func profileFacts(_ ws: URL) throws -> [String: ProfileFacts] {
    let script = """
        import glob, json, os, sys, xml.etree.ElementTree as ET
        out = {}
        for path in sorted(glob.glob(os.path.join(sys.argv[1], 'agreements', 'contractors', '*.xml'))):
            root = ET.parse(path).getroot()
            contact = root.find('privacy-contact')
            phone = contact.find('phone')
            out[root.get('id')] = {'legal_name': root.findtext('legal-name'), 'address': root.findtext('address'),
                                   'name': contact.findtext('name'), 'email': contact.findtext('email'),
                                   'phone': phone.text if phone is not None else None}
        json.dump(out, sys.stdout)
        """
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode([String: ProfileFacts].self, from: try python(script, [ws.path]))
}

/// One extract package as its manifest and its CSV file tell it.
struct PackageFacts {
    var transfer: String
    var contractor: String
    var task: String
    var rows: Int
    var fields: [String]
    /// Every cell of the package's CSV data rows.
    var cells: Set<String>
}

/// The packages in a directory of packages (the demo's `extracts/`), by transfer id.
func packages(in directory: URL) throws -> [String: PackageFacts] {
    var facts: [String: PackageFacts] = [:]
    for name in entries(directory) where name.hasPrefix("T-") {
        let package = directory.appending(path: name)
        let manifest = try Manifest(package)
        let csv = package.appending(path: "extract.csv")
        // A courier's layout is CP932 (the manifest says so), read with Python's codec.
        let text =
            try readText(package.appending(path: "manifest.xml")).contains("<csv encoding=\"cp932\"")
            ? try pythonText(csv, encoding: "cp932")
            : try readText(csv)
        facts[name] = PackageFacts(
            transfer: manifest.transfer, contractor: manifest.contractor, task: manifest.task, rows: manifest.rows,
            fields: manifest.fields, cells: Set(csvRecords(text).dropFirst().flatMap { $0 }))
    }
    return facts
}

/// The transfers whose package holds a customer: the id in clear, or its pseudonym for that contractor (in a
/// courier's 50-character reference column, its first 50 hex digits).
func transfersHolding(_ id: String, packages: [String: PackageFacts], masterKey: [UInt8]) -> Set<String> {
    Set(
        packages.values.filter {
            let pseudonym = expectedPseudonym(id, contractor: $0.contractor, masterKey: masterKey)
            return $0.cells.contains(id) || $0.cells.contains(pseudonym) || $0.cells.contains(String(pseudonym.prefix(50)))
        }.map(\.transfer))
}

/// The records of the demo's sample customers (header first).
func demoCustomers(_ ws: URL) throws -> [[String]] {
    csvRecords(try readText(ws.appending(path: "data/customers.csv")))
}

/// A source CSV with the demo's header and new customers (ids the demo's data does not hold), each
/// consenting to prizes and newsletters or to nothing.
func writeNewCustomers(_ customers: [(id: String, consents: Bool)], like ws: URL, to url: URL) throws {
    let records = try demoCustomers(ws)
    let header = records[0]
    var lines = [header.joined(separator: ",")]
    for (index, customer) in customers.enumerated() {
        let values: [String: String] = [
            "customer_id": customer.id, "full_name": "新規 顧客\(index)", "full_name_kana": "シンキ コキャク",
            "email": "new\(index)@example.jp", "phone": "070-0000-000\(index)", "postal_code": "100-000\(index)",
            "prefecture": "東京都", "city": "千代田区", "street_address": "1-2-\(index)", "birth_date": "1985-05-05",
            "gender": "female", "occupation": "会社員", "company": "", "consent_newsletter": "\(customer.consents)",
            "consent_prize": "\(customer.consents)", "consent_survey": "false", "registered_at": "2021-01-01T00:00:00Z",
            "last_login_at": "2025-01-01T00:00:00Z", "lifetime_value": "10000", "notes": "",
        ]
        lines.append(header.map { values[$0] ?? "" }.joined(separator: ","))
    }
    try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: url)
}

/// The head `consign ledger head` prints (COUNT:HASH).
func ledgerHead(_ ws: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let head = try consign(["ledger", "head"], in: ws)
    #expect(head.status == 0, "\(head.stderr)", sourceLocation: sourceLocation)
    return head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}
