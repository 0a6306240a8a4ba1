import ConsignCore
import ConsignKeys
import ConsignStore
import Foundation
import Testing

/// `ledger verify` and the audit report the same breaks: a record chained with the workspace key whose
/// framing is sound but which is no event (a field missing, a word misspelt, a date that is no date) is
/// broken to both.
@Suite struct VerifyAuditAgreementTests {
    static let undecodable: [(String, [(String, String)])] = [
        ("a stop-use request without its reason", [("kind", "subject-stop-use"), ("recorded-at", "2026-11-18T11:06:40Z"), ("recorded-by", "x"), ("subject", "0123456789abcdef"), ("on", "2026-11-18")]),
        ("a status that is no status", [("kind", "contractor-status"), ("recorded-at", "2026-11-18T11:06:40Z"), ("recorded-by", "x"), ("contractor", "nordstat"), ("status", "paused"), ("on", "2026-11-18"), ("note", "")]),
        ("a date that is no date", [("kind", "contractor-status"), ("recorded-at", "2026-11-18T11:06:40Z"), ("recorded-by", "x"), ("contractor", "nordstat"), ("status", "suspended"), ("on", "2026-02-30"), ("note", "")]),
        ("a field after the last", [("kind", "subject-stop-use"), ("recorded-at", "2026-11-18T11:06:40Z"), ("recorded-by", "x"), ("subject", "0123456789abcdef"), ("on", "2026-11-18"), ("reason", "r"), ("extra", "x")]),
    ]

    /// A chunk of a transfer's subject hashes filed under another key than its first hash (the set itself
    /// unchanged): a lookup would not find the subjects it holds.
    @Test func aSubjectChunkFiledUnderAnotherKeyIsABreak() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let event = try #require(try transferRows(ws).last?.sequence)
        try tamper(ws) { db in
            try db.execute(
                sql: "UPDATE transfer_subjects SET first_hash = X'0000000000000000' WHERE event = ? AND first_hash = (SELECT MIN(first_hash) FROM transfer_subjects WHERE event = ?)",
                arguments: [event, event])
        }
        let message = "a chunk of the subject hashes stored with event \(event) is filed under a key that is not its first hash"
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 1 && verify.stdout.contains("BROKEN (events \(event)): \(message)"), "\(verify.stdout)")
        let audit = try consign(["audit"], in: ws)
        #expect(audit.status == 1 && audit.stdout.contains("[ledger-broken] the ledger chain is broken: \(message)"), "\(audit.stdout)")
    }

    @Test(arguments: undecodable.indices) func aChainedRecordThatIsNoEventIsBrokenToVerifyAndAudit(_ index: Int) throws {
        let (name, pairs) = Self.undecodable[index]
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let head = try consign(["ledger", "head"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":")
        let count = Int(head[0])!
        var record = CanonicalRecord()
        for (key, value) in pairs { record.append(key, value) }
        let body = record.bytes
        let chain = try LedgerChain(keys: try WorkspaceKeys.read(from: ws.appending(path: ".consign/master.key")))
        let hash = chain.hash(previous: try #require([UInt8](hex: String(head[1]))), sequence: count + 1, body: body).hex
        try tamper(ws) { db in
            try db.execute(
                sql: "INSERT INTO event (sequence, kind, contractor, body, chain_hash) VALUES (?, ?, ?, ?, ?)",
                arguments: [count + 1, pairs[0].1, pairs[0].1 == "contractor-status" ? "nordstat" : "", Data(body), hash])
        }
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 1, "\(name): \(verify.stdout)")
        #expect(verify.stdout == "BROKEN (events \(count + 1)): event \(count + 1) does not decode\n", "\(name): \(verify.stdout)")
        let audit = try consign(["audit"], in: ws)
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("error: [ledger-broken] the ledger chain is broken: event \(count + 1) does not decode"), "\(name): \(audit.stdout)")
    }
}
