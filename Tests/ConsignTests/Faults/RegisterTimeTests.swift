import ConsignCore
import ConsignKeys
import ConsignStore
import Foundation
import GRDB
import Testing

/// The register's time only moves forward: an event is timed inside the append and refused when the clock
/// reads before the last event, whether the clock was set back (the system's, here through libfaketime, or
/// `SOURCE_DATE_EPOCH`); an event timed by the override in a register in real use is reported; and a
/// register where time goes back anyway (written by someone holding the key) is reported by `ledger
/// verify` and the audit alike.
@Suite struct RegisterTimeTests {
    /// 2026-11-18T11:06:40Z, the demo's clock, and an hour before it.
    static let demoClock = "1795000000"
    static let hourBefore = "1794996400"
    static let dayBefore = "1794913600"

    func head(_ ws: URL) throws -> String { try consign(["ledger", "head"], in: ws).stdout }

    @Test func anExtractDatedBeforeATerminationRecordedAMinuteEarlierIsRefused() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // Selected before the demo's day, so that a plan for the day before passes.
        let select = try consign(
            ["contractor", "evaluate", "hayate-transport", "--kind", "selection", "--result", "pass", "--on", "2026-11-01", "--note", "x"],
            in: ws, environment: ["SOURCE_DATE_EPOCH": "1795000030"])
        #expect(select.status == 0, "\(select.stderr)")
        let terminate = try consign(
            ["contractor", "terminate", "hayate-transport", "--note", "breach"], in: ws,
            environment: ["SOURCE_DATE_EPOCH": "1795000060"])
        #expect(terminate.status == 0, "\(terminate.stderr)")
        let before = try head(ws)
        // Staff set the clock back a day, before the termination, to get the extract through: the plan for
        // that day passes, the register does not.
        let run = try extract(
            "prize-shipping", "hayate-transport", source: "data/customers.csv", out: "../out", in: ws,
            environment: ["SOURCE_DATE_EPOCH": Self.dayBefore])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(
            run.stderr.contains(
                "refused: the clock reads 2026-11-17T11:06:40Z (SOURCE_DATE_EPOCH), before the time of the register's last "
                    + "event (event"),
            "\(run.stderr)")
        #expect(run.stderr.contains("recorded 2026-11-18T11:07:40Z); time only moves forward in the register"), "\(run.stderr)")
        #expect(try head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "out").path))
    }

    @Test(arguments: [["contractor", "suspend", "sakura-mailing", "--note", "x"], ["subject", "stop-use", "C00000009", "--reason", "x"]])
    func everyCommandThatRecordsIsRefusedWhenTheClockIsBehindTheRegister(_ command: [String]) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try head(ws)
        let run = try consign(command, in: ws, environment: ["SOURCE_DATE_EPOCH": Self.hourBefore])
        #expect(run.status == 1 && run.stderr.contains("time only moves forward"), "\(run.stderr)")
        #expect(try head(ws) == before)
        #expect(try consign(command, in: ws, environment: ["SOURCE_DATE_EPOCH": Self.demoClock]).status == 0)
    }

    /// The system clock itself set back (libfaketime moves the time every call to `clock_gettime` sees).
    @Test func theRealClockSetBackIsRefusedToo() throws {
        let faketime = URL(fileURLWithPath: "/usr/bin/faketime")
        try #require(
            FileManager.default.isExecutableFile(atPath: faketime.path),
            "/usr/bin/faketime not found: install Debian's faketime package (.ci/run does)")
        let ws = try copyOfExampleWorkspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        #expect(try consign(["init"], in: ws, environment: [:]).status == 0)
        let add = try consign(["contractor", "add", "agreements/contractors/hayate-transport.xml"], in: ws, environment: [:])
        #expect(add.status == 0, "\(add.stderr)")
        let back = try run(
            faketime, ["-f", "-2d", consignExecutable.path, "contractor", "add", "agreements/contractors/nordstat.xml"], in: ws,
            environment: consignEnvironment([:]))
        #expect(back.status == 1, "\(back.stdout)\(back.stderr)")
        #expect(back.stderr.contains("before the time of the register's last event (event 1, recorded "), "\(back.stderr)")
        #expect(back.stderr.contains("correct the system clock, then try again"), "\(back.stderr)")
        #expect(try head(ws).hasPrefix("1:"))
    }

    @Test func anEventTimedByTheOverrideInARegisterInRealUseIsAFinding() throws {
        let ws = try copyOfExampleWorkspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        #expect(try consign(["init"], in: ws, environment: [:]).status == 0)
        #expect(try consign(["contractor", "add", "agreements/contractors/hayate-transport.xml"], in: ws, environment: [:]).status == 0)
        // A year ahead: accepted (time moves forward), but its time is someone's choice.
        let ahead = try consign(
            ["contractor", "evaluate", "hayate-transport", "--kind", "selection", "--result", "pass", "--note", "ok"], in: ws,
            environment: ["SOURCE_DATE_EPOCH": String(Int(Date().timeIntervalSince1970) + 365 * 86_400)])
        #expect(ahead.status == 0, "\(ahead.stderr)")
        let audit = try consign(["audit", "--format", "json"], in: ws, environment: [:])
        let report = try AuditOutcome(json: audit)
        let found = report.findings("clock-overridden")
        #expect(found.count == 1 && found.first?.records == ["event 2"], "\(report.listing)")
        #expect(found.first?.severity == "error")
        #expect(found.first?.message.contains("event 2 (contractor-evaluated, recorded at ") == true, "\(report.listing)")
        #expect(audit.status == 1)
    }

    @Test func aRegisterThatStartedUnderTheOverrideIsNotAFinding() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try consign(["contractor", "suspend", "sakura-mailing", "--note", "x"], in: ws, environment: ["SOURCE_DATE_EPOCH": "1795003600"]).status == 0)
        let report = try AuditOutcome(json: try consign(["audit", "--format", "json"], in: ws))
        #expect(report.findings("clock-overridden").isEmpty, "\(report.listing)")
        // Once the register is timed by the real clock, the override is a finding again.
        #expect(try consign(["subject", "stop-use", "C00000011", "--reason", "x"], in: ws, environment: [:]).status == 0)
        let late = try consign(
            ["contractor", "evaluate", "hayate-transport", "--kind", "periodic", "--result", "pass", "--note", "x"], in: ws,
            environment: ["SOURCE_DATE_EPOCH": String(Int(Date().timeIntervalSince1970) + 86_400)])
        #expect(late.status == 0, "\(late.stderr)")
        let after = try AuditOutcome(json: try consign(["audit", "--format", "json"], in: ws))
        #expect(after.findings("clock-overridden").count == 1, "\(after.listing)")
    }

    /// Bytes chained with the workspace key but timed an hour before the event before them (what a release
    /// that did not check time, or someone holding the key, could write): both readers report it.
    @Test func aRegisterWhereTimeGoesBackIsReportedByVerifyAndAudit() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let parts = try head(ws).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":")
        let count = Int(parts[0])!
        let event = RegisterEvent(
            recordedAt: Timestamp("2026-11-18T10:06:40Z")!, recordedBy: "someone",
            payload: .stopUse(StopUse(subject: "0123456789abcdef", on: fixedToday, reason: "backdated")), clock: .override)
        let body = event.record.bytes
        let chain = try LedgerChain(keys: try WorkspaceKeys.read(from: ws.appending(path: ".consign/master.key")))
        let hash = chain.hash(previous: try #require([UInt8](hex: String(parts[1]))), sequence: count + 1, body: body).hex
        try tamper(ws) { db in
            try db.execute(
                sql: "INSERT INTO event (sequence, kind, contractor, body, chain_hash) VALUES (?, 'subject-stop-use', '', ?, ?)",
                arguments: [count + 1, Data(body), hash])
        }
        let message =
            "event \(count + 1) was recorded at 2026-11-18T10:06:40Z, before event \(count) (2026-11-18T11:06:40Z): time went back"
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 1)
        #expect(verify.stdout.hasPrefix("BROKEN (events \(count), \(count + 1)): \(message)"), "\(verify.stdout)")
        let audit = try consign(["audit"], in: ws)
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("error: [ledger-broken] the ledger chain is broken: \(message)"), "\(audit.stdout)")
    }

    @Test func aStoredColumnThatDisagreesWithItsRecordIsABreak() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try tamper(ws) { db in try db.execute(sql: "UPDATE event SET contractor = 'nordstat' WHERE sequence = 1") }
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 1)
        #expect(
            verify.stdout.contains("BROKEN (events 1): event 1 is stored with kind 'contractor-registered' and contractor 'nordstat', but its record says 'contractor-registered' and 'aozora-research'"),
            "\(verify.stdout)")
        let audit = try consign(["audit"], in: ws)
        #expect(audit.stdout.contains("[ledger-broken] the ledger chain is broken: event 1 is stored with kind"), "\(audit.stdout)")
    }

    /// A termination dated today and recorded in the afternoon does not reach back to the transfer made
    /// that morning; a transfer recorded after it, dated that day, is made to a terminated contractor.
    @Test func aTerminationRecordedInTheAfternoonDoesNotReachBackToTheMorningsTransfer() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let morning = try extract(
            "prize-shipping", "hayate-transport", source: "data/customers.csv", out: "../out", in: ws,
            environment: ["SOURCE_DATE_EPOCH": "1795000060"])
        #expect(morning.status == 0, "\(morning.stderr)")
        let extracted = try #require(morning.stdout.firstMatch(of: #/transfer (T-[0-9]{8}-[0-9a-f]{8}) is event/#)).1
        let terminate = try consign(
            ["contractor", "terminate", "hayate-transport", "--note", "breach"], in: ws, environment: ["SOURCE_DATE_EPOCH": "1795000120"])
        #expect(terminate.status == 0, "\(terminate.stderr)")
        let afternoon = try consign(
            [
                "transfer", "record", "--contractor", "hayate-transport", "--task", "prize-shipping", "--on", "2026-11-18",
                "--fields", "person.name", "--rows", "1", "--note", "handed over after the termination",
            ], in: ws, environment: ["SOURCE_DATE_EPOCH": "1795000180"])
        #expect(afternoon.status == 0, "\(afternoon.stderr)")
        let recorded = try #require(afternoon.stdout.firstMatch(of: #/recorded transfer (T-[0-9]{8}-[0-9a-f]{8})/#)).1
        let report = try AuditOutcome(json: try consign(["audit", "--format", "json", "--as-of", "2026-11-18"], in: ws, environment: ["SOURCE_DATE_EPOCH": "1795000240"]))
        #expect(report.findings("contractor-terminated", naming: "transfer \(extracted)").isEmpty, "\(report.listing)")
        #expect(report.findings("contractor-terminated", naming: "transfer \(recorded)").count == 1, "\(report.listing)")
    }
}
