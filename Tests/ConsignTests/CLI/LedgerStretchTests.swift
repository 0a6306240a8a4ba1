import Foundation
import GRDB
import Testing

/// `ledger verify` reads a large register in stretches, each checked on its own connection and core, and
/// joins what they found. A register of over 8,192 events is read as two stretches on any machine; these
/// tests tamper with it at the join and inside the second stretch, and expect what a check of the whole
/// chain in one pass reports.
@Suite struct LedgerStretchTests {
    /// A demo workspace grown to about 9,030 events (3,000 stop-use requests in one transaction, each a request,
    /// its stop and its answer, then a transfer recorded by hand), with its event count, head and the event of that transfer.
    struct Grown {
        var root: URL
        var ws: URL
        var count: Int
        var head: String
        var transferEvent: Int
        /// The first event of the second stretch.
        var secondStretch: Int { count / 2 + 1 }
    }

    func grown() throws -> Grown {
        let root = try temporaryDirectory()
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        let ids = root.appending(path: "ids.txt")
        try Data((1...3_000).map { String(format: "C9%07d\n", $0) }.joined().utf8).write(to: ids)
        let stop = try consign(["subject", "stop-use", "--file", ids.path, "--reason", "asked by letter"], in: ws)
        #expect(stop.status == 0, "\(stop.stderr)")
        let record = try consign(
            [
                "transfer", "record", "--contractor", "hayate-transport", "--task", "prize-shipping", "--on", "2026-10-01",
                "--fields", "person.name", "--rows", "3", "--note", "labels printed from the old system",
            ], in: ws)
        #expect(record.status == 0, "\(record.stderr)")
        let head = try consign(["ledger", "head"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let count = Int(head.split(separator: ":")[0])!
        #expect(count > 8_192 && count < 12_288, "two stretches of at least 4,096 events")
        return Grown(root: root, ws: ws, count: count, head: head, transferEvent: count)
    }

    func verify(_ grown: Grown, _ extra: [String] = []) throws -> Run { try consign(["ledger", "verify"] + extra, in: grown.ws) }

    func tamper(_ grown: Grown, _ sql: String, arguments: StatementArguments = []) throws {
        try ConsignTests.tamper(grown.ws) { db in try db.execute(sql: sql, arguments: arguments) }
    }

    @Test func anUntouchedLargeRegisterIsIntactAgainstAnAnchorInEachStretch() throws {
        let grown = try grown()
        defer { try? FileManager.default.removeItem(at: grown.root) }
        let run = try verify(grown, ["--anchor", grown.head])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout == "intact: \(grown.count) events, head \(grown.head)\n")
        // An anchor inside the first stretch is found there too; a wrong hash for it is a break.
        let early = grown.secondStretch - 10
        let hash = try DatabaseQueue(path: grown.ws.appending(path: ".consign/register.sqlite").path).read { db in
            try String.fetchOne(db, sql: "SELECT chain_hash FROM event WHERE sequence = ?", arguments: [early])!
        }
        #expect(try verify(grown, ["--anchor", "\(early):\(hash)"]).status == 0)
        let wrong = try verify(grown, ["--anchor", "\(early):\(String(repeating: "0", count: 64))"])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("event \(early) has another chain hash than the anchor records"), "\(wrong.stdout)")
    }

    /// Removing the last event of the first stretch, or the first of the second, is the same gap a
    /// single pass reports.
    @Test(arguments: [-1, 0]) func aGapAtTheJoinIsReportedOnce(offset: Int) throws {
        let grown = try grown()
        defer { try? FileManager.default.removeItem(at: grown.root) }
        let removed = grown.secondStretch + offset
        try tamper(grown, "DELETE FROM event WHERE sequence = ?", arguments: [removed])
        let run = try verify(grown)
        #expect(run.status == 1)
        #expect(
            run.stdout == "BROKEN (events \(removed - 1), \(removed + 1)): events \(removed)…\(removed) are missing: "
                + "removed from the register\n", "\(run.stdout)")
    }

    @Test func anEditedEventInTheSecondStretchIsABreakAtThatEvent() throws {
        let grown = try grown()
        defer { try? FileManager.default.removeItem(at: grown.root) }
        let edited = grown.secondStretch + 100
        try tamper(
            grown, "UPDATE event SET body = CAST(REPLACE(CAST(body AS TEXT), 'letter', 'latter') AS BLOB) WHERE sequence = ?",
            arguments: [edited])
        let run = try verify(grown)
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("BROKEN (events \(edited)): event \(edited) does not match its chain hash"), "\(run.stdout)")
        #expect(run.stdout.split(separator: "\n").count == 1, "the first break only: \(run.stdout)")
        // The audit, which checks the chain while it replays the register in the same read, finds the same
        // break, and still checks the register's transfers and contractors.
        let audit = try consign(["audit", "--format", "json"], in: grown.ws)
        #expect(audit.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as! [String: Any]
        let findings = report["findings"] as! [[String: Any]]
        let broken = findings.filter { $0["code"] as? String == "ledger-broken" }
        #expect(broken.count == 1, "\(audit.stdout)")
        #expect((broken.first?["message"] as? String)?.contains("event \(edited) does not match its chain hash") == true)
        #expect(((report["scope"] as! [String: Any])["transfers"] as! Int) > 0, "the register was still read")
    }

    @Test func subjectHashesAddedInTheSecondStretchAreBreaks() throws {
        let grown = try grown()
        defer { try? FileManager.default.removeItem(at: grown.root) }
        let stopUse = grown.secondStretch + 5
        try tamper(
            grown, "INSERT INTO transfer_subjects (event, first_hash, hashes) VALUES (?, X'0000000000000001', X'0000000000000001')",
            arguments: [grown.transferEvent])
        try tamper(
            grown, "INSERT INTO transfer_subjects (event, first_hash, hashes) VALUES (?, X'0000000000000002', X'0000000000000002')",
            arguments: [stopUse])
        let run = try verify(grown)
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "BROKEN (events \(stopUse)): subject hashes are stored with event \(stopUse), which records no transfer",
                "BROKEN (events \(grown.transferEvent)): the subject hashes stored with transfer "
                    + "\(try transferID(grown)) (event \(grown.transferEvent)) do not match the subject set its event records",
            ], "\(run.stdout)")
    }

    func transferID(_ grown: Grown) throws -> String {
        let list = try consign(["transfer", "list", "--format", "json"], in: grown.ws).stdout
        let transfers = try JSONSerialization.jsonObject(with: Data(list.utf8)) as! [[String: Any]]
        return transfers.first { $0["event"] as? Int == grown.transferEvent }!["id"] as! String
    }
}
