import Crypto
import Foundation
import Testing

/// `hmac` forms are per-contractor pseudonyms: HMAC-SHA-256 under HKDF-SHA-256 (salt `consign/v1`, info
/// `pseudonym:<contractor>`) of the workspace master key, recomputed here from the key file with an
/// RFC 5869 implementation of the tests' own.
@Suite struct ExtractPseudonymTests {
    static let fixture = extractFixtures.appending(path: "customers-tricky.csv").path

    /// Extracts the fixture for a task and contractor into `root/<name>`; the rows of its extract.csv.
    func rows(_ task: String, _ contractor: String, root: URL, ws: URL, name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> [[String]]
    {
        let run = try extract(task, contractor, source: Self.fixture, out: "../\(name)", format: "csv,xml", in: ws)
        #expect(run.status == 0, "\(run.stderr)", sourceLocation: sourceLocation)
        let package = try onlyPackage(in: root.appending(path: name), sourceLocation: sourceLocation)
        let csv = try pythonRows(csv: package.appending(path: "extract.csv"))
        // The XML file carries the same pseudonyms.
        let xml = try pythonRecords(xml: package.appending(path: "extract.xml"))
        #expect(xml.values.map { $0[0] } == csv.dropFirst().map { $0[0] }, sourceLocation: sourceLocation)
        return csv
    }

    @Test func pseudonymsAreStableForOneContractorAndMatchAnIndependentHKDFAndHMAC() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try rows("prize-shipping", "hayate-transport", root: root, ws: ws, name: "first")
        let second = try rows("prize-shipping", "hayate-transport", root: root, ws: ws, name: "second")
        #expect(first[0][0] == "customer_ref")
        #expect(first.count == 7 && first == second)
        let key = try masterKeyBytes(ws)
        #expect(first.dropFirst().map { $0[0] } == TrickyCustomers.prizeIDs.map { expectedPseudonym($0, contractor: "hayate-transport", masterKey: key) })
        // Not the id in clear, nor a plain hash of it.
        let sent = try readText(root.appending(path: "first/\(entries(root.appending(path: "first"))[0])/extract.csv"))
        #expect(!sent.contains("C00000101"))
        #expect(!sent.contains(plainSHA256("C00000101")))
    }

    /// Four contractors that receive `customer.id` as hmac, each under its own task: the same customer gets
    /// a different pseudonym from each, and each is the independent computation with that contractor's id.
    @Test func pseudonymsDifferBetweenContractors() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let key = try masterKeyBytes(ws)
        let receivers = [
            ("prize-shipping", "hayate-transport", TrickyCustomers.prizeIDs),
            // consent_newsletter is true for every fixture record; statistics-abroad has no row scope.
            ("newsletter-email", "hikari-mail", TrickyCustomers.records.map { $0[0] }),
            ("seminar-invitation-mailing", "sakura-mailing", TrickyCustomers.records.map { $0[0] }),
            ("statistics-abroad", "nordstat", TrickyCustomers.records.map { $0[0] }),
        ]
        var byContractor: [String: [String: String]] = [:]
        for (task, contractor, ids) in receivers {
            let csv = try rows(task, contractor, root: root, ws: ws, name: contractor)
            let pseudonyms = csv.dropFirst().map { $0[0] }
            #expect(pseudonyms == ids.map { expectedPseudonym($0, contractor: contractor, masterKey: key) }, "\(contractor)")
            byContractor[contractor] = Dictionary(uniqueKeysWithValues: zip(ids, pseudonyms))
        }
        for id in TrickyCustomers.prizeIDs {
            let values = receivers.compactMap { byContractor[$0.1]?[id] }
            #expect(values.count == 4 && Set(values).count == 4, "\(id): \(values)")
        }
        let distinct: Int = 6 + 3 * 9
        let pseudonyms: Set<String> = Set(byContractor.values.flatMap(\.values))
        #expect(pseudonyms.count == distinct, "no pseudonym is shared by two customers or contractors")
    }

    /// statistics-abroad sends derived forms as of the extract date (2026-11-18): a customer born on
    /// 1980-01-15 is 46, lifetime value 12000 falls in 10000-19999, and registered in 2020.
    @Test func derivedFormsAreComputedAsOfTheExtractDate() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let csv = try rows("statistics-abroad", "nordstat", root: root, ws: ws, name: "stats")
        #expect(csv[0] == ["record_ref", "age_band", "prefecture", "gender", "value_bucket", "registered_year"])
        #expect(csv.count == 10)
        let key = try masterKeyBytes(ws)
        for (row, record) in zip(csv.dropFirst(), TrickyCustomers.records) {
            #expect(row == [expectedPseudonym(record[0], contractor: "nordstat", masterKey: key), "40-49", record[6], "unanswered", "10000-19999", "2020"])
        }
        // Pseudonymised information: no direct identifier goes abroad.
        let text = try readText(root.appending(path: "stats/\(entries(root.appending(path: "stats"))[0])/extract.csv"))
        for record in TrickyCustomers.records {
            #expect(!text.contains(record[0]), "\(record[0]) is sent in clear")
            #expect(record[3].isEmpty || !text.contains(record[3]), "\(record[3]) is sent")
        }
    }
}

/// The plain SHA-256 of a string's UTF-8 in hex, for checking that a pseudonym is not one.
private func plainSHA256(_ text: String) -> String {
    hexString(Array(SHA256.hash(data: Data(text.utf8))))
}
