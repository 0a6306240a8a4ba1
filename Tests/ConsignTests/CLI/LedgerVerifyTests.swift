import Foundation
import GRDB
import Testing

/// `consign ledger verify` end to end on a workspace's SQLite register: its output and exit status for an
/// intact register and for a break (in English and Japanese), anchors and package manifests, the audit
/// reporting the same break, and its usage errors. Every kind of tampering an auditor must detect is found
/// on every backend, in process, by `RegisterStoreContractTests`
/// (`tamperingIsFoundByTheVerificationAndByTheAuditsReplay`, `aDerivedRowChangedBesideTheChainIsABreak`).
@Suite struct LedgerVerifyTests {
    /// A demo workspace (28 events or more, transfers included), its package folder and its anchor.
    func workspace() throws -> (root: URL, ws: URL, anchor: String) {
        let root = try temporaryDirectory()
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        let head = try consign(["ledger", "head"], in: ws)
        #expect(head.status == 0)
        return (root, ws, head.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs SQL on the register with its append-only triggers dropped.
    func tamper(_ ws: URL, _ sql: String, arguments: StatementArguments = []) throws {
        try ConsignTests.tamper(ws) { db in try db.execute(sql: sql, arguments: arguments) }
    }

    func verify(_ ws: URL, _ extra: [String] = []) throws -> Run { try consign(["ledger", "verify"] + extra, in: ws) }

    @Test func anUntouchedRegisterIsIntactAgainstItsAnchorAndItsPackages() throws {
        let (root, ws, anchor) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let count = Int(anchor.split(separator: ":")[0])!
        #expect(count >= 28)
        let run = try verify(ws, ["--anchor", anchor, "--packages", ws.appending(path: "extracts").path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout == "intact: \(count) events, head \(anchor)\n")
    }

    @Test func verifySpeaksJapanese() throws {
        let (root, ws, anchor) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let ja = ["SOURCE_DATE_EPOCH": "1795000000", "CONSIGN_LANG": "ja"]
        let count = Int(anchor.split(separator: ":")[0])!
        let intact = try consign(["ledger", "verify", "--anchor", anchor], in: ws, environment: ja)
        #expect(intact.status == 0 && intact.stdout == "異常なし：イベント \(count) 件、ヘッド \(anchor)\n", "\(intact.stdout)")
        try tamper(ws, "DELETE FROM event WHERE sequence = 7")
        let broken = try consign(["ledger", "verify", "--anchor", anchor], in: ws, environment: ja)
        #expect(broken.status == 1)
        #expect(broken.stdout.hasPrefix("破損（イベント 6、8）：イベント 7…7 がありません。台帳から削除されました\n"), "\(broken.stdout)")
        let usage = try consign(["ledger", "verify", "--anchor", "12"], in: ws, environment: ja)
        #expect(usage.status == 2 && usage.stderr.contains("--anchor には `consign ledger head` が表示する COUNT:HASH を指定してください"))
    }

    @Test func anEditedEventIsABreakAtThatEvent() throws {
        let (root, ws, _) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // Change one byte of event 5's body (a registration: the file name).
        try tamper(ws, "UPDATE event SET body = CAST(REPLACE(CAST(body AS TEXT), '.xml', '.xmm') AS BLOB) WHERE sequence = 5")
        let run = try verify(ws)
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("BROKEN (events 5): event 5 does not match its chain hash"), "\(run.stdout)")
    }

    /// Bytes chained with the workspace's own ledger key (as a bug in consign could write them) that are
    /// not a record: the chain holds, the record does not.
    @Test func anEventChainedWithTheKeyThatIsNotARecordIsABreak() throws {
        let (root, ws, anchor) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let parts = anchor.split(separator: ":")
        let count = Int(parts[0])!
        let ledgerKey = rfc5869(
            ikm: try masterKeyBytes(ws), salt: Array("consign/v1".utf8), info: Array("ledger".utf8), length: 32)
        // The magic line, then a key whose length prefix runs past the end.
        let body = Array("consign/event/v1\n".utf8) + [0, 0, 0, 4] + Array("kind".utf8) + [0, 0, 1, 0] + Array("trans".utf8)
        let sequence = UInt64(count + 1)
        let previous = (0..<32).map { UInt8(String(parts[1].dropFirst(2 * $0).prefix(2)), radix: 16)! }
        let hash = hmacSHA256(
            key: ledgerKey, message: previous + (0..<8).map { UInt8(truncatingIfNeeded: sequence >> (56 - 8 * $0)) } + body)
        try tamper(
            ws, "INSERT INTO event (sequence, kind, contractor, body, chain_hash) VALUES (?, 'transfer', 'x', ?, ?)",
            arguments: [count + 1, Data(body), hexString(hash)])
        let run = try verify(ws)
        #expect(run.status == 1)
        #expect(run.stdout == "BROKEN (events \(count + 1)): event \(count + 1) does not decode\n", "\(run.stdout)")
        // The audit reports the same break, and nothing it could only find in a register it cannot read.
        let audit = try consign(["audit"], in: ws)
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("error: [ledger-broken] the ledger chain is broken: event \(count + 1) does not decode"), "\(audit.stdout)")
        #expect(audit.stdout.components(separatedBy: "\nerror: [").count - 1 == 1, "\(audit.stdout)")
    }

    @Test func removingTheNewestEventsIsCaughtByTheAnchorAndByAPackageManifest() throws {
        let (root, ws, anchor) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let count = Int(anchor.split(separator: ":")[0])!
        // Remove the demo's last two extracts (each a transfer and its package's signature, one a provision record
        // too) and every event after them (the disclosure to the police, the requests), with every row beside them:
        // what remains is a valid chain, which two packages' manifests say is cut short.
        let list = try consign(["transfer", "list", "--format", "json"], in: ws)
        let extracts = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            .filter { $0["origin"] as? String == "extract" }.compactMap { $0["event"] as? Int }.sorted()
        let kept = try #require(extracts.dropLast().last) - 1
        for table in ["transfer_subjects", "transfer_index", "subject_index"] {
            try tamper(ws, "DELETE FROM \(table) WHERE event > ?", arguments: [kept])
        }
        try tamper(ws, "DELETE FROM event WHERE sequence > ?", arguments: [kept])
        #expect(try verify(ws).status == 0)
        let againstAnchor = try verify(ws, ["--anchor", anchor])
        #expect(againstAnchor.status == 1)
        #expect(
            againstAnchor.stdout.contains(
                "the anchor has event \(count) but the register ends at event \(kept): the newest events were removed"),
            "\(againstAnchor.stdout)")
        let againstPackages = try verify(ws, ["--packages", ws.appending(path: "extracts").path])
        #expect(againstPackages.status == 1)
        #expect(againstPackages.stdout.components(separatedBy: "the newest events were removed").count - 1 == 2, "\(againstPackages.stdout)")
    }

    @Test func aMalformedAnchorIsAUsageError() throws {
        let (root, ws, _) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try verify(ws, ["--anchor", "12"]).status == 2)
        #expect(try verify(ws, ["--packages", root.appending(path: "nowhere").path]).status == 2)
    }
}
