import Foundation
import GRDB
import Testing

/// The example workspace after `consign demo` (today 2026-11-18).
struct DemoLab: Sendable {
    /// The demo's workspace: `consign-demo` in the directory the demo ran in.
    let workspace: URL
    /// The demo's transfer ids, from `consign transfer list`.
    let transfers: [String]
    /// `consign audit --format json` (as of today).
    let audit: AuditOutcome

    @TaskLocal static var current: DemoLab?

    static func build() throws -> (value: DemoLab, directory: URL) {
        let root = try temporaryDirectory("consign-audit-demo")
        do {
            let demo = try consign(["demo"], in: root)
            guard demo.status == 0 else { throw AuditSetUpError(description: "consign demo: \(demo.stderr)") }
            let workspace = root.appending(path: "consign-demo")
            let list = try consign(["transfer", "list", "--format", "json"], in: workspace)
            let transfers = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            let audit = try AuditOutcome(json: try consign(["audit", "--format", "json"], in: workspace))
            return (DemoLab(workspace: workspace, transfers: transfers.compactMap { $0["id"] as? String }, audit: audit), root)
        } catch {
            try? FileManager.default.removeItem(at: root)
            throw error
        }
    }

    /// A copy of the demo's workspace, to damage; removed by the caller.
    func copy() throws -> URL {
        let root = try temporaryDirectory("consign-audit-tampered")
        let copy = root.appending(path: "ws")
        try FileManager.default.copyItem(at: workspace, to: copy)
        return copy
    }
}

extension Trait where Self == SharedWorkspace<DemoLab> {
    static var demoLab: Self { SharedWorkspace(build: DemoLab.build, local: DemoLab.$current) }
}

/// `consign audit` on the example workspace after the demo: its two warnings, the output formats, an audit
/// long after the demo, and a register damaged behind consign's back.
@Suite(.demoLab) struct AuditDemoTests {
    var lab: DemoLab { get throws { try shared(DemoLab.$current) } }

    @Test func theDemoAuditsWithTwoWarningsAndNoError() throws {
        let lab = try self.lab
        let audit = lab.audit
        #expect(audit.run.status == 0, "\(audit.run.stderr)")
        #expect(audit.report.asOf == "2026-11-18")
        #expect(audit.report.errors == 0 && audit.report.warnings == 2, "\(audit.listing)")
        #expect(audit.findings.map(\.code) == ["agreement-expired", "clause-missing"], "\(audit.listing)")
        let expired = audit.findings[0]
        #expect(expired.severity == "warning")
        #expect(expired.records == ["agreement AG-2021-004 v1", "contractor tsubame-print"])
        #expect(expired.message.contains("expired on 2025-03-31"))
        let clause = audit.findings[1]
        #expect(clause.severity == "warning")
        #expect(clause.records == ["agreement AG-2025-002 v1", "contractor sakura-mailing"])
        #expect(clause.rule == "JIS Q 15001 A.3.4.3.4 e)")
        #expect(clause.message.contains("lacks clause e)"))
        // What was checked: every transfer, contractor and agreement, and the whole ledger.
        #expect(lab.transfers.count == 11)
        #expect(audit.report.scope.transfers == 11)
        #expect(audit.report.scope.contractors == 9)
        #expect(audit.report.scope.agreements == 9)
        let head = try consign(["ledger", "head"], in: lab.workspace).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(head == "\(audit.report.scope.events):\(audit.report.scope.ledgerHead)")

        // The text report (the default format) says the same.
        let text = try consign(["audit"], in: lab.workspace)
        #expect(text.status == 0)
        #expect(
            text.stdout.hasPrefix(
                "audit as of 2026-11-18: 0 error(s), 2 warning(s); checked 11 transfer(s), 9 contractor(s), 9 agreement(s), "
                    + "ledger of \(audit.report.scope.events) event(s)\n\nwarning: [agreement-expired] agreement AG-2021-004"),
            "\(text.stdout)")
        #expect(text.stdout.contains("warning: [clause-missing] agreement AG-2025-002 v1 (sakura-mailing) lacks clause e)"))
        #expect(text.stdout.contains("  records: agreement AG-2025-002 v1, contractor sakura-mailing\n"))
    }

    @Test func theAuditSpeaksJapaneseAndKeepsItsCodes() throws {
        let lab = try self.lab
        let ja = ["SOURCE_DATE_EPOCH": AuditClock.today, "CONSIGN_LANG": "ja"]
        let text = try consign(["audit"], in: lab.workspace, environment: ja)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.hasPrefix(
                "2026-11-18 時点の監査：エラー 0 件、警告 2 件。提供 11 件、委託先 9 件、契約 9 件、台帳のイベント "
                    + "\(lab.audit.report.scope.events) 件を確認しました\n\n警告：[agreement-expired] 契約 AG-2021-004（tsubame-print）は "
                    + "2025-03-31 に終了しました（第 1 版）"),
            "\(text.stdout)")
        #expect(text.stdout.contains("警告：[clause-missing] 契約 AG-2025-002 第 1 版（sakura-mailing）には JIS Q 15001 A.3.4.3.4 の条項 e) がありません："))
        #expect(text.stdout.contains("  根拠：JIS Q 15001 A.3.4.3.4 e)\n  記録：契約 AG-2025-002 第 1 版、委託先 sakura-mailing\n"))
        // No two English words, once the command lines it suggests are set aside.
        let english = try Regex(#"[A-Za-z][a-z]+ +[a-z]{2,}"#), command = try Regex(#"consign( +[-a-z0-9._/=]+)+"#)
        #expect(!text.stdout.replacing(command, with: " ").contains(english), "\(text.stdout)")

        // Scripts read the same codes, severities and record references; the sentences are for people.
        let json = try AuditOutcome(json: try consign(["audit", "--format", "json"], in: lab.workspace, environment: ja))
        #expect(json.findings.map(\.code) == lab.audit.findings.map(\.code))
        #expect(json.findings.map(\.severity) == lab.audit.findings.map(\.severity))
        #expect(json.findings[0].records == ["agreement AG-2021-004 v1", "contractor tsubame-print"])
        #expect(json.findings[0].rule == "JIS Q 15001 A.3.4.3.4 h)／個人情報保護委員会ガイドライン 3-4-4")

        let csv = try consign(["audit", "--format", "csv"], in: lab.workspace, environment: ja)
        #expect(csv.stdout.hasPrefix("\u{FEFF}重大度,コード,根拠,内容,記録\r\n警告,agreement-expired,"), "\(csv.stdout)")
        let coverage = try consign(["audit", "coverage"], in: lab.workspace, environment: ja)
        #expect(coverage.stdout.hasPrefix("2026-11-18 時点の提供範囲：委託先 × データ区分\n委託先 "), "\(coverage.stdout)")
        #expect(coverage.stdout.contains("凡例：「P S」契約で認められ、提供済み"))
    }

    @Test func theCSVReportHasABOMAndOneRowPerFindingInPython() throws {
        let lab = try self.lab
        let stdout = try consign(["audit", "--format", "csv"], in: lab.workspace)
        #expect(stdout.status == 0)
        #expect(Array(stdout.stdout.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let rows = try #require(try pythonCSV(["audit", "--format", "csv"], in: lab.workspace, status: 0))
        #expect(rows.first == ["severity", "code", "rule", "message", "records"])
        #expect(rows.count == lab.audit.findings.count + 1)
        #expect(
            Array(rows.dropFirst()) == lab.audit.findings.map { [$0.severity, $0.code, $0.rule, $0.message, $0.records.joined(separator: "; ")] })
        #expect(rows.dropFirst().map { $0[1] } == ["agreement-expired", "clause-missing"])
    }

    @Test func outWritesTheReportToAFileAndPrintsTheSummary() throws {
        let lab = try self.lab
        let directory = try temporaryDirectory("consign-audit-out")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "audit.json")
        let run = try consign(["audit", "--format", "json", "--out", file.path], in: lab.workspace)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout
                == "audit as of 2026-11-18: 0 error(s), 2 warning(s); checked 11 transfer(s), 9 contractor(s), 9 agreement(s), "
                + "ledger of \(lab.audit.report.scope.events) event(s); written to \(file.path)\n")
        #expect(try readText(file) == lab.audit.run.stdout)
        // With errors, the file is written all the same and the exit status is 1.
        let later = directory.appending(path: "later.txt")
        let failing = try consign(["audit", "--as-of", "2030-01-01", "--out", later.path], in: lab.workspace)
        #expect(failing.status == 1)
        #expect(failing.stdout.hasPrefix("audit as of 2030-01-01: ") && failing.stdout.hasSuffix("; written to \(later.path)\n"))
        #expect(try readText(later).hasPrefix("audit as of 2030-01-01: "))
    }

    @Test func longAfterTheDemoEveryTransferIsOverdueForDeletion() throws {
        let lab = try self.lab
        let later = try AuditOutcome(json: try consign(["audit", "--format", "json", "--as-of", "2030-01-01"], in: lab.workspace))
        #expect(later.run.status == 1)
        #expect(later.report.asOf == "2030-01-01")
        let overdue = later.findings("deletion-overdue")
        #expect(overdue.allSatisfy { $0.severity == "error" })
        // Every transfer but the disclosure to the police, which nobody deletes on the company's word.
        #expect(Set(overdue.map { $0.records[0] }).isSubset(of: Set(lab.transfers.map { "transfer \($0)" })), "\(later.listing)")
        #expect(overdue.count == lab.transfers.count - 1)
        #expect(!overdue.contains { $0.records.contains("contractor shibuya-police") })
        // Every demo evaluation dates from 2026-11-18: by 2030 each active contractor is overdue for one.
        #expect(later.findings("periodic-evaluation-overdue").count == 8, "\(later.listing)")
    }

    @Test func aBadDateOrFormatIsAUsageError() throws {
        let lab = try self.lab
        #expect(try consign(["audit", "--as-of", "2026-02-30"], in: lab.workspace).status == 2)
        #expect(try consign(["audit", "--format", "pdf"], in: lab.workspace).status == 2)
    }

    // MARK: A register damaged behind consign's back

    /// Runs SQL-level changes on a copy's register with its append-only triggers dropped.
    @Test func anEditedEventIsFoundByLedgerVerifyAndByTheAudit() throws {
        let lab = try self.lab
        let ws = try lab.copy()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        // Backdate hayate-transport's selection evaluation by rewriting its date in the event's body.
        var edited = 0
        try tamper(ws) { db in
            let row = try #require(
                try Row.fetchOne(
                    db, sql: "SELECT sequence, body FROM event WHERE kind = 'contractor-evaluated' AND contractor = 'hayate-transport'"))
            edited = row["sequence"]
            let body = [UInt8](row["body"] as Data)
            let from = Array("2026-11-18".utf8)
            let at = try #require((0...(body.count - from.count)).last { Array(body[$0..<($0 + from.count)]) == from })
            let changed = Array(body[..<at]) + Array("2026-11-01".utf8) + Array(body[(at + from.count)...])
            try db.execute(sql: "UPDATE event SET body = ? WHERE sequence = ?", arguments: [Data(changed), edited])
        }
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 1)
        #expect(verify.stdout.hasPrefix("BROKEN (events \(edited)): event \(edited) does not match its chain hash"), "\(verify.stdout)")

        let audit = try AuditOutcome(json: try consign(["audit", "--format", "json"], in: ws))
        #expect(audit.run.status == 1)
        let broken = audit.findings("ledger-broken")
        try #require(broken.count == 1, "\(audit.listing)")
        #expect(broken[0].severity == "error")
        #expect(broken[0].records == ["event \(edited)"])
        #expect(broken[0].message.contains("the ledger chain is broken: event \(edited) does not match its chain hash"), "\(broken[0].message)")
        #expect(broken[0].rule.contains("consign ledger chain"))
        // The rest of the audit still runs, errors first.
        #expect(audit.findings.map(\.code) == ["ledger-broken", "agreement-expired", "clause-missing"], "\(audit.listing)")
        #expect(audit.report.errors == 1)
    }

    @Test func aChainRecomputedWithAnotherKeyIsFoundByLedgerVerifyAndByTheAudit() throws {
        let lab = try self.lab
        let ws = try lab.copy()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        // Someone without the master key recomputes the whole chain with a key of their own.
        try tamper(ws, rechainWithoutTheKey)
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 1)
        #expect(verify.stdout.hasPrefix("BROKEN (events 1): event 1 does not match"), "\(verify.stdout)")

        let audit = try AuditOutcome(json: try consign(["audit", "--format", "json"], in: ws))
        #expect(audit.run.status == 1)
        let broken = audit.findings("ledger-broken")
        try #require(broken.count == 1, "\(audit.listing)")
        #expect(broken[0].severity == "error")
        #expect(broken[0].records == ["event 1"])
        #expect(audit.report.errors == 1, "\(audit.listing)")
        // The chain the audit reports is the one in the file, not the demo's.
        #expect(audit.report.scope.ledgerHead != lab.audit.report.scope.ledgerHead)
    }
}
