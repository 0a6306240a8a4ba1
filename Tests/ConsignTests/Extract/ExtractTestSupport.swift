import CLibXML2
import ConsignCore
import ConsignKeys
import ConsignSQLite
import ConsignStore
import Crypto
import Foundation
import GRDB
import Testing

// Helpers of the `consign extract` tests: a registered example workspace, the tricky customer records of
// the golden fixture, pseudonyms and subject hashes recomputed from the key file, the register read with
// GRDB, package manifests read with libxml2, and Python's csv and xml.etree as independent readers.

/// Where the extract fixtures are (read from the repository, not as SwiftPM resources).
let extractFixtures = repositoryRoot.appending(path: "Tests/ConsignTests/Fixtures/extract")

/// One `consign demo` workspace per test process; every test works on its own copy of it.
private let demoTemplate: Result<URL, any Error> = Result {
    let root = try temporaryDirectory("consign-extract-template")
    let run = try consign(["demo", "ws"], in: root)
    guard run.status == 0 else { throw InputError("consign demo failed: \(run.stderr)") }
    return root.appending(path: "ws")
}

/// A fresh copy of a workspace made by `consign demo` (contractors registered, evaluations passed), in
/// its own temporary directory `root` (removed by the caller); the workspace itself is `root/ws`.
func demoWorkspace() throws -> (root: URL, ws: URL) {
    let template = try demoTemplate.get()
    let root = try temporaryDirectory("consign-extract")
    let ws = root.appending(path: "ws")
    try FileManager.default.copyItem(at: template, to: ws)
    // Whatever the copy did to the mode, the key must stay readable by its owner only.
    chmod(ws.appending(path: ".consign/master.key").path, 0o600)
    return (root, ws)
}

/// `consign extract` in `ws` with the fixed clock (and whatever else `environment` adds).
func extract(
    _ task: String, _ contractor: String, source: String, out: String, format: String? = nil, in ws: URL,
    environment: [String: String] = [:]
) throws -> Run {
    var arguments = ["extract", "--task", task, "--contractor", contractor, "--source", source, "--out", out]
    if let format { arguments += ["--format", format] }
    return try consign(arguments, in: ws, environment: environment.merging(["SOURCE_DATE_EPOCH": "1795000000"]) { a, _ in a })
}

// MARK: - Keys, recomputed from the key file

func masterKeyBytes(_ ws: URL) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: ws.appending(path: ".consign/master.key")))
}

/// A contractor's pseudonym of a value: HKDF-SHA-256 (RFC 5869, salt `consign/v1`, info
/// `pseudonym:<contractor>`) of the master key, then HMAC-SHA-256 of the value, in lowercase hex.
func expectedPseudonym(_ value: String, contractor: String, masterKey: [UInt8]) -> String {
    let key = rfc5869(ikm: masterKey, salt: Array("consign/v1".utf8), info: Array("pseudonym:\(contractor)".utf8), length: 32)
    return hexString(hmacSHA256(key: key, message: Array(value.utf8)))
}

/// The keyed subject hash of a customer id: SipHash-2-4 keyed with the first 16 bytes of HKDF info `subject`.
func expectedSubjectHash(_ id: String, masterKey: [UInt8]) -> UInt64 {
    let key = rfc5869(ikm: masterKey, salt: Array("consign/v1".utf8), info: Array("subject".utf8), length: 32)
    return Array(id.utf8).withUnsafeBytes { SubjectHasher(key: Array(key.prefix(16))).hash(bytes: $0) }
}

// MARK: - Files

func sha256OfFile(_ url: URL) throws -> String {
    hexString(Array(SHA256.hash(data: try Data(contentsOf: url))))
}

/// Every path under a directory (hidden ones included), sorted; nil when the directory does not exist.
func listing(_ directory: URL) -> [String]? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        return nil
    }
    return ((try? FileManager.default.subpathsOfDirectory(atPath: directory.path)) ?? []).sorted()
}

/// The entries of a directory (hidden ones included), sorted; empty when it does not exist.
func entries(_ directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
}

/// The markers of extracts on their way (`.consign/pending/`, without the folder's claim file).
func pendingMarkers(_ ws: URL) -> [String] { entries(ws.appending(path: ".consign/pending")).filter { $0 != ".claim" } }

/// The one package folder in `out` (a transfer id), failing the test when there is not exactly one.
func onlyPackage(in out: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
    let names = entries(out)
    try #require(names.count == 1, "expected one package in \(out.path), found \(names)", sourceLocation: sourceLocation)
    #expect(names[0].wholeMatch(of: /T-20261118-[0-9a-f]{8}/) != nil, "\(names[0])", sourceLocation: sourceLocation)
    return out.appending(path: names[0])
}

// MARK: - The register, read with GRDB

struct RegisterRow: Equatable {
    var sequence: Int
    var kind: String
    var contractor: String
    var chainHash: String
}

func registerRows(_ ws: URL) throws -> [RegisterRow] {
    let database = try DatabaseQueue(path: ws.appending(path: ".consign/register.sqlite").path)
    defer { try? database.close() }
    return try database.read { db in
        try Row.fetchAll(db, sql: "SELECT sequence, kind, contractor, chain_hash FROM event ORDER BY sequence").map {
            RegisterRow(sequence: $0["sequence"], kind: $0["kind"], contractor: $0["contractor"], chainHash: $0["chain_hash"])
        }
    }
}

func transferRows(_ ws: URL) throws -> [RegisterRow] { try registerRows(ws).filter { $0.kind == "transfer" } }

/// The subject chunks stored with an event, in key order: each chunk's first hash and its hashes.
func subjectChunks(_ ws: URL, event: Int) throws -> [(first: [UInt8], hashes: [UInt8])] {
    let database = try DatabaseQueue(path: ws.appending(path: ".consign/register.sqlite").path)
    defer { try? database.close() }
    return try database.read { db in
        try Row.fetchAll(
            db, sql: "SELECT first_hash, hashes FROM transfer_subjects WHERE event = ? ORDER BY first_hash", arguments: [event]
        ).map { ([UInt8]($0["first_hash"] as Data), [UInt8]($0["hashes"] as Data)) }
    }
}

/// Big-endian 8-byte values back to numbers.
func bigEndianHashes(_ bytes: [UInt8]) -> [UInt64] {
    stride(from: 0, to: bytes.count, by: 8).map { offset in
        bytes[offset..<offset + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}

/// The transfers the register holds, decoded by the store.
func recordedTransfers(_ ws: URL) async throws -> [Recorded<Transfer>] {
    let keys = try WorkspaceKeys.read(from: ws.appending(path: ".consign/master.key"))
    let store = try SQLiteRegisterStore(url: ws.appending(path: ".consign/register.sqlite"), chain: try LedgerChain(keys: keys))
    return try await store.events().compactMap { recorded in
        guard case .transfer(let transfer) = recorded.event.payload else { return nil }
        return Recorded(transfer, recorded)
    }
}

// MARK: - XML, read with libxml2

/// An element of a small XML document read with libxml2 (no DTD, no entities, no network).
struct ParsedElement {
    var name: String
    var attributes: [String: String]
    var text: String
    var children: [ParsedElement]

    func child(_ name: String) -> ParsedElement? { children.first { $0.name == name } }
    func children(_ name: String) -> [ParsedElement] { children.filter { $0.name == name } }
    subscript(_ attribute: String) -> String? { attributes[attribute] }
}

/// Parses a well-formed XML file; nil (with libxml2's complaint on stderr) when it is not.
func parseXML(_ url: URL) throws -> ParsedElement? {
    let bytes = [UInt8](try Data(contentsOf: url))
    let options = Int32(XML_PARSE_NONET.rawValue)
    guard
        let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), url.lastPathComponent, "UTF-8", options)
            }
        })
    else { return nil }
    defer { xmlFreeDoc(document) }
    guard let root = xmlDocGetRootElement(document) else { return nil }
    func copy(_ node: xmlNodePtr) -> ParsedElement {
        var element = ParsedElement(name: String(cString: node.pointee.name), attributes: [:], text: "", children: [])
        var attribute = node.pointee.properties
        while let a = attribute {
            let value = a.pointee.children?.pointee.content.map { String(cString: $0) } ?? ""
            element.attributes[String(cString: a.pointee.name)] = value
            attribute = a.pointee.next
        }
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { element.children.append(copy(c)) }
            if c.pointee.type == XML_TEXT_NODE || c.pointee.type == XML_CDATA_SECTION_NODE, let content = c.pointee.content {
                element.text += String(cString: content)
            }
            child = c.pointee.next
        }
        return element
    }
    return copy(root)
}

/// Validates an XML file against an XSD, both read from memory; the number of problems (0 when valid).
func schemaProblems(_ xml: URL, schema xsd: URL) throws -> Int {
    let schemaBytes = [UInt8](try Data(contentsOf: xsd))
    let documentBytes = [UInt8](try Data(contentsOf: xml))
    let parser = schemaBytes.withUnsafeBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            xmlSchemaNewMemParserCtxt($0, Int32(buffer.count))
        }
    }
    guard let parser else { return -1 }
    defer { xmlSchemaFreeParserCtxt(parser) }
    guard let schema = xmlSchemaParse(parser) else { return -1 }
    defer { xmlSchemaFree(schema) }
    guard
        let document = documentBytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), xml.lastPathComponent, "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        })
    else { return -1 }
    defer { xmlFreeDoc(document) }
    guard let context = xmlSchemaNewValidCtxt(schema) else { return -1 }
    defer { xmlSchemaFreeValidCtxt(context) }
    return Int(xmlSchemaValidateDoc(context, document))
}

// MARK: - Manifests

/// What a package's manifest.xml says, as the tests check it.
struct Manifest {
    var transfer: String
    var contractor: String
    var task: String
    var rows: Int
    var files: [(name: String, bytes: Int, sha256: String)]
    var subjectCount: Int
    var subjectSHA256: String
    var ledgerEvent: Int
    var chainHash: String
    var fields: [String]

    init(_ package: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let root = try #require(try parseXML(package.appending(path: "manifest.xml")), sourceLocation: sourceLocation)
        try #require(root.name == "manifest", sourceLocation: sourceLocation)
        transfer = root["transfer"] ?? ""
        contractor = root.child("contractor")?["id"] ?? ""
        task = root.child("task")?["id"] ?? ""
        rows = Int(root.child("rows")?.text ?? "") ?? -1
        files = (root.child("files")?.children("file") ?? []).map {
            ($0["name"] ?? "", Int($0["bytes"] ?? "") ?? -1, $0["sha256"] ?? "")
        }
        fields = (root.child("fields")?.children("field") ?? []).map {
            $0["form"] == "keep" ? ($0["id"] ?? "") : "\($0["id"] ?? ""):\($0["form"] ?? "")"
        }
        subjectCount = Int(root.child("subjects")?["count"] ?? "") ?? -1
        subjectSHA256 = root.child("subjects")?["sha256"] ?? ""
        ledgerEvent = Int(root.child("ledger")?["event"] ?? "") ?? -1
        chainHash = root.child("ledger")?["chain-hash"] ?? ""
    }
}

/// Checks that a package is complete: its files are the manifest's (plus the manifest and its signature),
/// each with the size and SHA-256 the manifest gives, the manifest's ledger entry is the register's transfer
/// event, and the next event is the package's signature.
func expectCompletePackage(_ package: URL, in ws: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> Manifest {
    let manifest = try Manifest(package, sourceLocation: sourceLocation)
    #expect(manifest.transfer == package.lastPathComponent, sourceLocation: sourceLocation)
    #expect(
        entries(package) == (manifest.files.map(\.name) + ["manifest.xml", "manifest.xml.sig"]).sorted(),
        sourceLocation: sourceLocation)
    for file in manifest.files {
        let url = package.appending(path: file.name)
        #expect(try sha256OfFile(url) == file.sha256, "\(file.name)", sourceLocation: sourceLocation)
        #expect(try Data(contentsOf: url).count == file.bytes, "\(file.name)", sourceLocation: sourceLocation)
    }
    let event = try #require(
        try registerRows(ws).first { $0.sequence == manifest.ledgerEvent }, "no event \(manifest.ledgerEvent)",
        sourceLocation: sourceLocation)
    #expect(event.kind == "transfer" && event.contractor == manifest.contractor, sourceLocation: sourceLocation)
    #expect(event.chainHash == manifest.chainHash, sourceLocation: sourceLocation)
    let signature = try registerRows(ws).first { $0.sequence == manifest.ledgerEvent + 1 }
    #expect(signature?.kind == "package-signature" && signature?.contractor == manifest.contractor, sourceLocation: sourceLocation)
    return manifest
}

// MARK: - CSV data rows

/// The number of data rows of an extract CSV (every record ends with CRLF; quoted fields may hold CRLF).
func csvDataRows(_ url: URL) throws -> Int {
    try pythonRows(csv: url).count - 1
}

// MARK: - Python's csv and xml.etree, as independent readers

/// Runs `python3 -c script args…` and returns its stdout; fails the test on a non-zero exit.
func python(_ script: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Data {
    let result = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
    #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
    return Data(result.stdout.utf8)
}

/// The records of a CSV file as Python's csv module reads them (in `encoding`, newline='' so quoted CRs survive).
func pythonRows(csv url: URL, encoding: String = "utf-8") throws -> [[String]] {
    let script = """
        import csv, json, sys
        with open(sys.argv[1], encoding=sys.argv[2], newline='') as f:
            json.dump(list(csv.reader(f, strict=True)), sys.stdout)
        """
    return try JSONDecoder().decode([[String]].self, from: try python(script, [url.path, encoding]))
}

/// A file's text as Python's codec for `encoding` decodes it (`cp932`: independently of consign's table).
func pythonText(_ url: URL, encoding: String) throws -> String {
    String(
        decoding: try python("import sys; sys.stdout.write(open(sys.argv[1], 'rb').read().decode(sys.argv[2]))", [url.path, encoding]),
        as: UTF8.self)
}

/// The records of an extract XML file as Python's xml.etree reads them: the root's attributes, and each
/// record's child element names and texts (a pseudonymised task's notices, before the records, left out).
func pythonRecords(xml url: URL) throws -> (attributes: [String: String], names: [[String]], values: [[String]]) {
    let script = """
        import json, sys, xml.etree.ElementTree as ET
        root = ET.parse(sys.argv[1]).getroot()
        records = [r for r in root if r.tag != 'notice']
        json.dump({'root': root.tag, 'attributes': root.attrib,
                   'tags': [r.tag for r in records],
                   'names': [[c.tag for c in r] for r in records],
                   'values': [[c.text or '' for c in r] for r in records]}, sys.stdout)
        """
    struct Parsed: Decodable {
        var root: String
        var attributes: [String: String]
        var tags: [String]
        var names: [[String]]
        var values: [[String]]
    }
    let parsed = try JSONDecoder().decode(Parsed.self, from: try python(script, [url.path]))
    #expect(parsed.root == "extract")
    #expect(parsed.tags.allSatisfy { $0 == "record" })
    return (parsed.attributes, parsed.names, parsed.values)
}

// MARK: - The tricky customers of the golden fixture

/// The records of `Fixtures/extract/customers-tricky.csv`, which serialises them with every awkward case
/// of RFC 4180 (BOM, CRLF and LF record ends, CRLF, LF and a lone CR inside quotes, quoted commas, doubled
/// quotes, a record with every field quoted, a needlessly quoted field, no final newline).
enum TrickyCustomers {
    static let header = [
        "customer_id", "full_name", "full_name_kana", "email", "phone", "postal_code", "prefecture", "city",
        "street_address", "birth_date", "gender", "occupation", "company", "consent_newsletter", "consent_prize",
        "consent_survey", "registered_at", "last_login_at", "lifetime_value", "notes", "internal_flag",
    ]

    private static func record(
        _ id: String, _ name: String, _ kana: String, _ email: String, _ phone: String, _ postal: String,
        _ prefecture: String, _ city: String, _ street: String, prize: String, notes: String = ""
    ) -> [String] {
        [
            id, name, kana, email, phone, postal, prefecture, city, street, "1980-01-15", "unanswered", "会社員", "",
            "true", prize, "false", "2020-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "12000", notes, "x",
        ]
    }

    static let records: [[String]] = [
        record("C00000101", "山田 太郎", "ヤマダ タロウ", "taro.yamada@example.jp", "03-1234-5678", "100-0001", "東京都", "千代田区", "1-2-3 グランドタワー, 7F", prize: "true"),
        record("C00000102", "Nippon \"Logi\" 花子", "ニッポン ハナコ", "hanako@example.jp", "06-1111-2222", "530-0001", "大阪府", "大阪市北区", "4-5-6\r\n東棟 2F", prize: "1"),
        record("C00000103", "=HYPERLINK(\"http://evil.example/\",\"click\")", "ジロウ", "jiro@example.jp", "090-0000-0003", "150-0001", "東京都", "A&B <東棟>", "1-1\nline two", prize: "yes"),
        record("C00000104", "+SUM(A1)", "サブロウ", "@evil.example", "+81 90-1234-5678", "+81 90-1234-5678", "-12", "-2+3", "'quoted' & \"double\" >", prize: "TRUE"),
        record("C00000105", "=cmd|' /C calc'!A0", "シロウ", "shiro@example.jp", "090-0000-0005", "100-0005", "東京都", "港区", "1-1-5", prize: "false", notes: "multi\r\nline note, with comma"),
        record("C00000106", "高橋 美咲", "タカハシ ミサキ", "misaki@example.jp", "090-0000-0006", "100-0006", "東京都", "港区", "1-1-6", prize: ""),
        record("C00000107", "伊藤 翔", "イトウ ショウ", "=evil@example.jp", "090-0000-0007", "100-0007", "東京都", "港区", "1-1-7", prize: "no"),
        record("C00000108", "\tTab Name", "タブ", "", "090-0000-0008", "150-0008", "東京都", "@渋谷", "x\ry", prize: "Yes", notes: "a \"quoted\" note"),
        record("C00000109", "鈴木 一郎", "スズキ イチロウ", "ichiro.suzuki@example.jp", "011-000-0009", "060-0001", "北海道", "札幌市中央区", "5-6-7 サンハイツ 1504号室", prize: "true"),
    ]

    /// The customers prize-shipping sends (consent_prize true, 1, yes in any case).
    static let prizeIDs = ["C00000101", "C00000102", "C00000103", "C00000104", "C00000108", "C00000109"]

    /// The prize-shipping layout columns hayate-transport receives, and the source columns they come from.
    static let prizeColumns = ["customer_ref", "recipient_name", "postal_code", "prefecture", "city", "street_address", "email"]
    static let prizeSourceColumns = ["customer_id", "full_name", "postal_code", "prefecture", "city", "street_address", "email"]

    /// The values sent for each prize customer, as they are (the XML file carries them unchanged); the
    /// pseudonym column is left to the caller.
    static var prizeValues: [[String]] {
        prizeIDs.map { id in
            let record = records.first { $0[0] == id }!
            return prizeSourceColumns.dropFirst().map { record[header.firstIndex(of: $0)!] }
        }
    }

    /// The golden file with each `{{hmac:ID}}` replaced by that customer's pseudonym for the contractor.
    static func golden(_ name: String, contractor: String, masterKey: [UInt8]) throws -> Data {
        var text = String(decoding: try Data(contentsOf: extractFixtures.appending(path: name)), as: UTF8.self)
        for record in records {
            text = text.replacingOccurrences(
                of: "{{hmac:\(record[0])}}", with: expectedPseudonym(record[0], contractor: contractor, masterKey: masterKey))
        }
        #expect(!text.contains("{{"), "a placeholder is left in \(name)")
        return Data(text.utf8)
    }

    /// The records as RFC 4180 text: `newline` between records, every field or only the fields that need
    /// it quoted, with or without a BOM and a final newline, columns in `order` (indices into the header).
    static func csv(
        newline: String, quoteAll: Bool, bom: Bool, finalNewline: Bool, order: [Int] = Array(header.indices)
    ) -> Data {
        func quoted(_ field: String) -> String {
            let special: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "\""), 13, 10]
            guard quoteAll || field.utf8.contains(where: special.contains) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let lines: [String] = ([header] + records).map { fields in order.map { quoted(fields[$0]) }.joined(separator: ",") }
        var text = bom ? "\u{FEFF}" : ""
        text += lines.joined(separator: newline)
        if finalNewline { text += newline }
        return Data(text.utf8)
    }

    /// The records as an XML source: one `<customer>` per record, its children in an order that changes
    /// from record to record, an extra child the catalog does not know, indentation, a CDATA section, and
    /// CR written as `&#13;` (which an XML parser would otherwise turn into LF).
    static func xml() -> Data {
        func escaped(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\r": out += "&#13;"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- customers, exported -->\n<customers exported=\"2026-11-18\">\n"
        for (index, record) in records.enumerated() {
            text += "  <customer>\n    <source-system>crm</source-system>\n"
            let columns = Array(header.indices)
            let cut = (index * 7) % columns.count
            let rotated: [Int] = (Array(columns[cut...]) + Array(columns[..<cut])).reversed()
            for column in rotated {
                let name = header[column]
                let value = record[column]
                if value.isEmpty && index % 2 == 0 {
                    text += "    <\(name)/>\n"
                } else if name == "city" && !value.contains("]]>") && !value.contains("\r") {
                    text += "    <\(name)><![CDATA[\(value)]]></\(name)>\n"
                } else {
                    text += "    <\(name)>\(escaped(value))</\(name)>\n"
                }
            }
            text += "  </customer>\n"
        }
        text += "</customers>\n"
        return Data(text.utf8)
    }
}
