// Audit benchmark (release build): builds two registers from the example workspace and times, in process,
// what an auditor and a privacy officer run on them:
//   - a register of TRANSFERS transfers (100 subjects each, dates over a year, every transfer past its
//     due date confirmed deleted): `audit` and `ledger verify`;
//   - a register of LOOKUP-TRANSFERS transfers of SUBJECTS subjects each (10,000,000 entries by default):
//     `subject show` for a customer in two of them.
// Benchmarks/audit.sh builds it, runs it, then times the same commands as whole `consign` processes.
//
// Usage: audit-benchmark DIR [TRANSFERS] [LOOKUP-TRANSFERS] [SUBJECTS]

import ConsignCore
import ConsignKeys
import ConsignStore
import ConsignWorkspace
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: audit-benchmark DIR [TRANSFERS] [LOOKUP-TRANSFERS] [SUBJECTS]\n".utf8))
    exit(2)
}
let directory = URL(fileURLWithPath: arguments[1])
let transferCount = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
let lookupTransfers = arguments.count > 3 ? Int(arguments[3]) ?? 1_000 : 1_000
let subjectsPerTransfer = arguments.count > 4 ? Int(arguments[4]) ?? 10_000 : 10_000
/// The demo runs on 2025-12-01 (evaluations that day); transfers follow over the next year; the audit
/// looks at the register on 2026-11-27.
let clock = WallClock(fixed: Timestamp(secondsSinceEpoch: 1_764_547_200))
let asOf = CalendarDate("2026-11-27")!
let lookupSubject = "C-LOOKUP"

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The median time of `runs` runs, each after a pause: the audit leaves its replayed register to be freed
/// on another thread (which a whole process never waits for), and a run should not share the cores with
/// the freeing of the run before it.
func median(_ runs: Int, _ body: () async throws -> Void) async throws -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        try await Task.sleep(for: .milliseconds(500))
        times.append(try await seconds(body))
    }
    return times.sorted()[runs / 2]
}

/// The example workspace after the demo, and the transfers its extracts recorded (one per contractor).
func demoWorkspace(_ name: String) async throws -> (Workspace, any RegisterStore, [Transfer]) {
    let root = directory.appending(path: name)
    try? FileManager.default.removeItem(at: root)
    let demo = Demo(directory: root, clock: clock, recordedBy: "benchmark")
    try await demo.run { _ in }
    let store = try await demo.workspace.openRegister()
    return (demo.workspace, store, try await store.register().transfers.map(\.value))
}

/// A copy of a demo transfer under a new id, date and subject set.
func transfer(from template: Transfer, id: String, on: CalendarDate, subjects: [UInt64]) -> RegisterEvent {
    var t = template
    t.id = id
    t.on = on
    t.retentionDue = on.adding(days: template.retentionDue.days(since: template.on))
    t.rows = subjects.count
    t.subjects = SubjectChunks.summary(of: subjects)
    return RegisterEvent(recordedAt: clock.now, recordedBy: "benchmark", payload: .transfer(t))
}

func subjects(_ count: Int, _ random: inout SplitMix64, including extra: [UInt64] = []) -> [UInt64] {
    var set = Set(extra)
    while set.count < count + extra.count { set.insert(random.next()) }
    return set.sorted()
}

var random = SplitMix64(seed: 20261126)

// 1. The audit register.
let (auditWorkspace, auditStore, templates) = try await demoWorkspace("audit")
let start = clock.now.date(offsetSeconds: 9 * 3600)
let generation = try await seconds {
    var pending: [(RegisterEvent, [UInt64])] = []
    func flush() async throws {
        _ = try await auditStore.appendAsRecorded(pending.map(\.0), subjects: pending.map(\.1))
        pending.removeAll(keepingCapacity: true)
    }
    for index in 0..<transferCount {
        let template = templates[index % templates.count]
        let on = start.adding(days: Int(random.next() % UInt64(asOf.days(since: start))))
        let set = subjects(100, &random)
        let event = transfer(from: template, id: String(format: "T-B%07d", index), on: on, subjects: set)
        pending.append((event, set))
        let due = on.adding(days: template.retentionDue.days(since: template.on))
        if due < asOf {
            let confirmation = DeletionConfirmation(
                transfer: String(format: "T-B%07d", index), contractor: template.contractor, on: due,
                certificate: Evaluation.Evidence(file: "certificates/T-B\(index).pdf", sha256: String(repeating: "0", count: 64)),
                note: "")
            pending.append((RegisterEvent(recordedAt: clock.now, recordedBy: "benchmark", payload: .deletionConfirmed(confirmation)), []))
        }
        if pending.count >= 5_000 { try await flush() }
    }
    if !pending.isEmpty { try await flush() }
}
let auditEvents = try await auditStore.ledgerHead().count
print("audit register: \(transferCount) transfers + \(templates.count) from the demo, \(auditEvents) events, built in \(String(format: "%.1f", generation)) s")

// 2. The lookup register.
let (lookupWorkspace, lookupStore, lookupTemplates) = try await demoWorkspace("lookup")
let hasher = try lookupWorkspace.keys().subjectHasher()
let target = UInt64(hasher.hash(lookupSubject), radix: 16)!
let holders: Set<Int> = [lookupTransfers / 10, lookupTransfers * 9 / 10]
for batch in stride(from: 0, to: lookupTransfers, by: 50) {
    var events: [RegisterEvent] = [], sets: [[UInt64]] = []
    for index in batch..<min(batch + 50, lookupTransfers) {
        let set = subjects(subjectsPerTransfer, &random, including: holders.contains(index) ? [target] : [])
        events.append(
            transfer(from: lookupTemplates[index % lookupTemplates.count], id: String(format: "T-L%05d", index), on: asOf, subjects: set))
        sets.append(set)
    }
    _ = try await lookupStore.appendAsRecorded(events, subjects: sets)
}
print("lookup register: \(lookupTransfers) transfers × \(subjectsPerTransfer) subjects = \(lookupTransfers * subjectsPerTransfer) entries")

// 3. Timings, in process (median of 5): the audit's parts, then the whole audit.
let replayTime = try await median(5) { _ = try await Workspace(root: auditWorkspace.root).openRegisterAsIs().register() }
print(String(format: "  register replay (decode every event): %.3f s", replayTime))
let matchTime = try await median(5) {
    _ = try await auditStore.subjectMatches(try await auditStore.register().stopUse.keys.compactMap { UInt64($0, radix: 16) })
}
print(String(format: "  stop-use list against every subject set: %.3f s", matchTime))
let auditor = Auditor(workspace: auditWorkspace)
var report: AuditReport?
let auditTime = try await median(5) { report = try await auditor.audit(asOf: asOf) }
print(String(format: "audit: %.3f s for %d transfers (%d errors, %d warnings)", auditTime, report!.scope.transfers, report!.errors, report!.warnings))
let ledger = LedgerAudit(workspace: auditWorkspace)
var verified = 0
let verifyTime = try await median(5) { verified = try await ledger.verify(anchor: nil, packages: nil).count }
print(String(format: "ledger verify: %.3f s for %d events = %.0f events/s", verifyTime, verified, Double(verified) / verifyTime))
var found: [Int] = []
let lookupTime = try await median(21) { found = try await lookupStore.standing(with: [.transfersHolding(target)]).transfers.map(\.sequence) }
print(String(format: "subject lookup: %.2f ms over %d entries, found in %d transfers", lookupTime * 1000, lookupTransfers * subjectsPerTransfer, found.count))
let office = PrivacyOffice(workspace: lookupWorkspace, store: lookupStore, clock: clock, recordedBy: "benchmark")
let showTime = try await median(5) { _ = try await office.show(subjectKey: lookupSubject) }
print(String(format: "subject show (register read + lookup): %.2f ms", showTime * 1000))
guard found.count == holders.count else {
    FileHandle.standardError.write(Data("the lookup found \(found.count) transfers, expected \(holders.count)\n".utf8))
    exit(1)
}
