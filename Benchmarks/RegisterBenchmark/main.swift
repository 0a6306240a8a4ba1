// Register benchmark's generator (release build): lays out the example workspace after the demo (its
// contractors, agreements, evaluations and the demo's extracts), then appends EVENTS events in the proportions
// of issue 21's benchmark, through the store's batch append (`appendAsRecorded`):
//   - 90% stop-use requests, each of a distinct subject: nine in ten of them customers of the sample data's
//     form (`C` and eight digits, spread over a base of 10,000,000 customers, so a few of any sample source's
//     rows are on the list), one in ten keys the sample data never has (`M-` and seven digits);
//   - 10% transfers of 100 subjects each, copied from the demo's transfers (every example task with a plan,
//     so spread over its contractors), dated over the following year.
// The events are timed one after another over the year after the demo (2025-12-01 to 2026-11-25, under
// the `source-date-epoch` clock, as the demo's are), so `SOURCE_DATE_EPOCH=1795651200` (2026-11-26) can
// append after them. One subject, `C00000042`, is in five of the transfers and on no list, for
// `consign subject show`. Benchmarks/register.sh builds it, runs it once per size, and times `consign`.
//
// Usage: register-benchmark DIR EVENTS   (DIR must not exist or be empty; prints the generation time)
//        register-benchmark append WORKSPACE COUNT NAME START   (one writer of the append benchmark: Writer.swift)

import ConsignCore
import ConsignKeys
import ConsignStore
import ConsignWorkspace
import Foundation

let arguments = CommandLine.arguments
if arguments.count > 1, arguments[1] == "append" {
    try await Writer.run(Array(arguments.dropFirst(2)))
    exit(0)
}
guard arguments.count == 3, let eventCount = Int(arguments[2]), eventCount >= 10 else {
    FileHandle.standardError.write(Data("usage: register-benchmark DIR EVENTS (at least 10)\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1])
/// The demo runs on 2025-12-01; the generated events follow, one after another, over 359 days.
let demoTime: Int64 = 1_764_547_200
let demoClock = WallClock(fixed: Timestamp(secondsSinceEpoch: demoTime))
let span: Int64 = 359 * 86_400
let lookupSubject = "C00000042"
/// Subjects the stop-use requests must not name: the lookup subject and the demo's own request.
let excluded: Set<String> = [lookupSubject, "C00000002"]
let batchSize = 20_000

func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

let started = DispatchTime.now().uptimeNanoseconds
let demo = Demo(directory: root, clock: demoClock, recordedBy: "benchmark")
try await demo.run { _ in }
let store = try await demo.workspace.openRegister()
let templates = try await store.register().transfers.map(\.value)
let hasher = try demo.workspace.keys().subjectHasher()
let target = UInt64(hasher.hash(lookupSubject), radix: 16)!
let demoSeconds = seconds(since: started)

let transferCount = eventCount / 10
let holders = Set((0..<5).map { transferCount * (2 * $0 + 1) / 10 })
/// The key of the `index`-th stop-use request: distinct for every index below 10,000,000 (7,654,321 is prime
/// to 10^7, so the customer numbers are a permutation of the base).
func stopKey(_ index: Int) -> String {
    if index % 10 == 9 { return "M-" + String(format: "%07d", index) }
    let key = "C" + String(format: "%08d", (index * 7_654_321) % 10_000_000 + 1)
    return excluded.contains(key) ? "M-" + String(format: "%07d", index) : key
}

/// Appends the generated events in batches of `batchSize`; returns how many transfers and stop-use requests.
@MainActor func generate() async throws -> (transfers: Int, stops: Int) {
    var random = SplitMix64(seed: 20_261_205)
    var pending: [RegisterEvent] = []
    var pendingSubjects: [[UInt64]] = []
    var transfers = 0, stops = 0
    func flush() async throws {
        _ = try await store.appendAsRecorded(pending, subjects: pendingSubjects)
        pending.removeAll(keepingCapacity: true)
        pendingSubjects.removeAll(keepingCapacity: true)
    }
    for index in 0..<eventCount {
        let time = Timestamp(secondsSinceEpoch: demoTime + 3_600 + span * Int64(index) / Int64(eventCount))
        let day = time.date(offsetSeconds: 9 * 3_600)
        let payload: RegisterEvent.Payload
        var subjects: [UInt64] = []
        if index % 10 == 9, transfers < transferCount {
            let template = templates[transfers % templates.count]
            var set = Set<UInt64>(holders.contains(transfers) ? [target] : [])
            while set.count < 100 { set.insert(random.next()) }
            subjects = set.sorted()
            var t = template
            t.id = String(format: "T-R%07d", transfers)
            t.on = day
            t.retentionDue = day.adding(days: template.retentionDue.days(since: template.on))
            t.rows = subjects.count
            t.subjects = SubjectChunks.summary(of: subjects)
            payload = .transfer(t)
            transfers += 1
        } else {
            payload = .stopUse(StopUse(subject: hasher.hash(stopKey(stops)), on: day, reason: "asked by e-mail"))
            stops += 1
        }
        pending.append(RegisterEvent(recordedAt: time, recordedBy: "benchmark", payload: payload, clock: .override))
        pendingSubjects.append(subjects)
        if pending.count >= batchSize { try await flush() }
    }
    if !pending.isEmpty { try await flush() }
    return (transfers, stops)
}

let generationStart = DispatchTime.now().uptimeNanoseconds
let (transfers, stops) = try await generate()
let generation = seconds(since: generationStart)
let head = try await store.ledgerHead().count
let size = (try FileManager.default.attributesOfItem(atPath: demo.workspace.root.appending(path: ".consign/register.sqlite").path)[.size] as? NSNumber)?.intValue ?? 0
print(
    String(
        format: "register of %d events (%d stop-use, %d transfers + the demo's %d events) in %@: demo %.1f s, append %.1f s, %.0f MB; subject %@ in %d transfers",
        head, stops, transfers, head - stops - transfers, root.path, demoSeconds, generation, Double(size) / 1e6, lookupSubject,
        holders.count))
