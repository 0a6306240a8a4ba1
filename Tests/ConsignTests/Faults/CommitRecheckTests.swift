import Foundation
import Testing

/// What a plan relied on is checked again inside the append that commits its transfer: an event another
/// process records while the extract runs, between the plan and the commit, refuses the transfer when it
/// takes that away (exit 1, the reason named, nothing recorded, the package removed), and leaves it alone
/// when it does not. A transfer recorded by hand is never refused, but records the agreement in force at
/// its commit.
@Suite struct CommitRecheckTests {
    /// An extract for hayate-transport that waits before its commit while `during` records something.
    func extractWhile(_ during: (URL) throws -> Void) throws -> (root: URL, ws: URL, run: Run, before: String) {
        let (root, ws) = try demoWorkspace()
        let before = try consign(["ledger", "head"], in: ws).stdout
        let run = try consign(
            [
                "extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "data/customers.csv",
                "--out", "../out",
            ], in: ws, pausingAt: "before-commit") { try during(ws) }
        return (root, ws, run, before)
    }

    func record(_ arguments: [String], in ws: URL) throws {
        let run = try consign(arguments, in: ws)
        try #require(run.status == 0, "consign \(arguments.joined(separator: " ")): \(run.stderr)")
    }

    /// Refused, with nothing left of it: the register as before, no `--out`, no marker.
    func expectRefused(
        _ outcome: (root: URL, ws: URL, run: Run, before: String), saying reason: String, eventsMeanwhile: Int = 1
    ) throws {
        let (root, ws, run, before) = outcome
        let head = try consign(["ledger", "head"], in: ws).stdout
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.hasPrefix("consign: refused: transfer T-20261118-"), "\(run.stderr)")
        #expect(run.stderr.contains(reason), "\(run.stderr)")
        #expect(run.stderr.contains("nothing was recorded and its package was removed; run the extract again"), "\(run.stderr)")
        // The register holds the events recorded meanwhile and nothing else.
        #expect(Int(head.split(separator: ":")[0]) == Int(before.split(separator: ":")[0])! + eventsMeanwhile)
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "out").path))
        #expect(pendingMarkers(ws).isEmpty)
    }

    @Test func aStopUseRequestOfASubjectInTheExtractRefusesIt() throws {
        let outcome = try extractWhile { ws in
            try record(["subject", "stop-use", "C00000001", "--reason", "asked by phone"], in: ws)
        }
        defer { try? FileManager.default.removeItem(at: outcome.root) }
        // The request, its stop and its answer.
        try expectRefused(outcome, saying: "since then 1 of the subjects it sends asked to stop the use of their data (event ", eventsMeanwhile: 3)
    }

    @Test func anErasureRequestOfASubjectInTheExtractRefusesIt() throws {
        let outcome = try extractWhile { ws in
            try record(["subject", "erase", "C00000001", "--reason", "asked by e-mail"], in: ws)
        }
        defer { try? FileManager.default.removeItem(at: outcome.root) }
        try expectRefused(outcome, saying: "since then 1 of the subjects it sends asked to stop the use of their data", eventsMeanwhile: 3)
    }

    @Test func aSuspensionRefusesIt() throws {
        let outcome = try extractWhile { ws in
            try record(["contractor", "suspend", "hayate-transport", "--note", "report overdue"], in: ws)
        }
        defer { try? FileManager.default.removeItem(at: outcome.root) }
        try expectRefused(outcome, saying: "contractor hayate-transport is suspended since 2026-11-18")
    }

    @Test func aTerminationRefusesIt() throws {
        let outcome = try extractWhile { ws in
            try record(["contractor", "terminate", "hayate-transport", "--note", "breach"], in: ws)
        }
        defer { try? FileManager.default.removeItem(at: outcome.root) }
        try expectRefused(outcome, saying: "contractor hayate-transport is terminated since 2026-11-18")
    }

    @Test func aFailedEvaluationRefusesIt() throws {
        let outcome = try extractWhile { ws in
            try record(
                ["contractor", "evaluate", "hayate-transport", "--kind", "periodic", "--result", "fail", "--note", "audit failed"], in: ws)
        }
        defer { try? FileManager.default.removeItem(at: outcome.root) }
        try expectRefused(outcome, saying: "the latest evaluation of contractor hayate-transport (periodic on 2026-11-18) failed")
    }

    @Test func aNewAgreementVersionRefusesIt() throws {
        let outcome = try extractWhile { ws in
            let amended = ws.appending(path: "agreements/AG-2024-011-v3.xml")
            try FileManager.default.copyItem(at: ws.appending(path: "agreements/AG-2024-011-v2.xml"), to: amended)
            try edit(amended, replacing: #"version="2""#, with: #"version="3""#)
            try edit(amended, replacing: #"<field ref="contact.phone"/>"#, with: "")
            try record(["agreement", "add", "agreements/AG-2024-011-v3.xml"], in: ws)
        }
        defer { try? FileManager.default.removeItem(at: outcome.root) }
        try expectRefused(outcome, saying: "agreement AG-2024-011 version 3 was registered since (event ")
    }

    /// A new profile version may move where the contractor holds the data: the plan is made again.
    @Test func aNewProfileVersionRefusesIt() throws {
        let outcome = try extractWhile { ws in
            let profile = ws.appending(path: "agreements/contractors/hayate-transport-v2.xml")
            try FileManager.default.copyItem(at: ws.appending(path: "agreements/contractors/hayate-transport.xml"), to: profile)
            try edit(profile, replacing: #"version="1""#, with: #"version="2""#)
            try edit(profile, replacing: "<storage-countries>JP</storage-countries>", with: "<storage-countries>JP SG</storage-countries>")
            try record(["contractor", "add", "agreements/contractors/hayate-transport-v2.xml"], in: ws)
        }
        defer { try? FileManager.default.removeItem(at: outcome.root) }
        try expectRefused(outcome, saying: "version 2 of the profile of contractor hayate-transport was registered since (event ")
    }

    /// Events that do not touch what the plan relied on leave the extract alone.
    @Test func unrelatedEventsLeaveTheExtractAlone() throws {
        let (root, ws, run, before) = try extractWhile { ws in
            try record(["contractor", "suspend", "sakura-mailing", "--note", "report overdue"], in: ws)
            // On the stop-use list before the plan: already left out of the extract.
            try record(["subject", "erase", "C00000002", "--reason", "again"], in: ws)
            try record(
                ["contractor", "evaluate", "hayate-transport", "--kind", "periodic", "--result", "pass", "--note", "fine"], in: ws)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        // Five events meanwhile (the erasure is its request, its stop and its answer), then the transfer and its
        // package's signature.
        #expect(Int(try consign(["ledger", "head"], in: ws).stdout.split(separator: ":")[0]) == Int(before.split(separator: ":")[0])! + 7)
        _ = try expectCompletePackage(try onlyPackage(in: root.appending(path: "out")), in: ws)
    }

    /// `transfer record` records what happened, never refused for a violation; what it says of the agreement
    /// is the register's at its commit, though a new version was registered after it first looked.
    @Test func aTransferRecordedByHandTakesTheAgreementInForceAtItsCommit() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try consign(
            [
                "transfer", "record", "--contractor", "hayate-transport", "--task", "prize-shipping", "--on", "2026-11-18",
                "--fields", "person.name", "--rows", "3", "--note", "on paper",
            ], in: ws, pausingAt: "record-derived"
        ) {
            let amended = ws.appending(path: "agreements/AG-2024-011-v3.xml")
            try FileManager.default.copyItem(at: ws.appending(path: "agreements/AG-2024-011-v2.xml"), to: amended)
            try edit(amended, replacing: #"version="2""#, with: #"version="3""#)
            try edit(amended, replacing: #"<effective from="2026-04-01""#, with: #"<effective from="2026-11-01""#)
            try record(["agreement", "add", "agreements/AG-2024-011-v3.xml"], in: ws)
        }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("to hayate-transport (AG-2024-011 v3)"), "\(run.stdout)")
        let list = try consign(["transfer", "list", "--format", "json"], in: ws)
        let transfers = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let agreement = transfers.last?["agreement"] as? [String: Any]
        #expect(agreement?["version"] as? Int == 3, "\(list.stdout)")
    }
}
