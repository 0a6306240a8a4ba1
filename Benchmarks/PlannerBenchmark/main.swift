// Planner benchmark (release build): random instances of 10/20/30/40 needs × 2–5 options over 200 fields,
// each option 1–4 forms from a pool about three times the number of needs, solved by consign's planner.
// Writes every instance and consign's answer as JSON lines for Benchmarks/planner.sh, which solves the
// same instances with HiGHS and compares. Also times the planner on the example workspace's tasks.
//
// Usage: planner-benchmark OUTPUT.jsonl [INSTANCES-PER-SIZE] [REPOSITORY-ROOT]

import ConsignCore
import ConsignWorkspace
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: planner-benchmark OUTPUT.jsonl [INSTANCES-PER-SIZE] [REPOSITORY-ROOT]\n".utf8))
    exit(2)
}
let perSize = arguments.count > 2 ? Int(arguments[2]) ?? 25 : 25
let repository = URL(fileURLWithPath: arguments.count > 3 ? arguments[3] : FileManager.default.currentDirectoryPath)

let contractor: ContractorRecord = {
    var record = ContractorRecord(id: "c")
    let evaluation = Evaluation(contractor: "c", kind: .selection, result: .pass, on: CalendarDate("2020-01-01")!, note: "")
    let event = RecordedEvent(
        sequence: 1, event: RegisterEvent(recordedAt: Timestamp(secondsSinceEpoch: 0), recordedBy: "b", payload: .evaluated(evaluation)),
        chainHash: "")
    record.evaluations = [Recorded(evaluation, event)]
    return record
}()
let on = CalendarDate("2026-11-18")!

/// One random instance as documents, and as plain data for the MILP side.
func instance(needs needCount: Int, seed: UInt64) -> (PlanRequest, [String: Any]) {
    var random = SplitMix64(seed: seed)
    let derivedNames: [Form] = [.hmac, .year, .prefix(3), .ageBand(10), .bucket(100)]
    var fields: [Field] = []
    for i in 0..<200 {
        let weight = Int.random(in: 2...20, using: &random)
        let derived = derivedNames.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random)).map {
            Field.Variant(form: $0, weight: Int.random(in: 1..<weight, using: &random), identifiability: .quasi)
        }
        fields.append(
            Field(
                id: String(format: "f%03d", i), column: "c\(i)", category: "k", description: "f", weight: weight,
                identifiability: [.none, .quasi, .direct].randomElement(using: &random)!, collectedFor: ["p"],
                derived: Array(derived)))
    }
    var pool: [FieldForm] = []
    while pool.count < 3 * needCount {
        let field = fields.randomElement(using: &random)!
        let forms = [Form.keep] + field.derived.map(\.form)
        for form in forms.shuffled(using: &random).prefix(Int.random(in: 1...forms.count, using: &random)) {
            let candidate = FieldForm(field.id, form)
            if !pool.contains(candidate) { pool.append(candidate) }
        }
    }
    let needs = (0..<needCount).map { n in
        Need(
            id: "n\(n)", reason: "r",
            options: (0..<Int.random(in: 2...5, using: &random)).map { o in
                NeedOption(id: "o\(o)", uses: pool.shuffled(using: &random).prefix(Int.random(in: 1...4, using: &random)).map { Located($0) })
            })
    }
    let used = Array(Set(needs.flatMap(\.options).flatMap(\.forms))).sorted()
    let catalog = Catalog(
        id: "b", version: 1, company: Company(name: "B", homeCountry: "JP", timeZone: "Asia/Tokyo"),
        purposes: [Purpose(id: "p", description: "p")], fields: fields, subjectKey: "f000")
    let task = TaskTemplate(
        id: "t", version: 1, title: "t", purpose: "p", needs: needs,
        layout: used.map { LayoutColumn(name: $0.description, fieldForm: $0) }, retentionDays: 1)
    let agreement = Agreement(
        id: "AG", version: 1, contractor: "c", title: "AG", relationship: .entrustment, signatories: [],
        signed: CalendarDate("2020-01-01")!, effectiveFrom: CalendarDate("2020-01-01")!, effectiveTo: CalendarDate("2040-01-01")!,
        purposes: ["p"], permitted: pool.map { Located(Permission(field: $0.field)) }, dataSubjects: ["x"], countries: ["JP"],
        retentionMaxDays: 1, clauses: Clauses(), signedDocument: SignedDocument(reference: "x", sha256: ""))
    let request = PlanRequest(
        catalog: catalog, task: task, contractor: contractor, agreements: [AgreementHistory(versions: [agreement])], on: on)
    // The MILP's data: every form used, with its weight and (for a derived form) its field's keep form.
    let forms = used.map { f -> [String: Any] in
        let field = fields.first { $0.id == f.field }!
        return [
            "id": f.description, "weight": field.variant(f.form)!.weight,
            "keep": f.form == .keep ? NSNull() : FieldForm(f.field).description as Any,
        ]
    }
    let data: [String: Any] = [
        "forms": forms,
        "needs": needs.map { $0.options.map { $0.forms.map(\.description) } },
    ]
    return (request, data)
}

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
}

var lines: [String] = []
let clock = ContinuousClock()
print("size      instances  median ms  max ms   median nodes  max nodes")
for size in [10, 20, 30, 40] {
    var times: [Double] = []
    var nodes: [Int] = []
    for i in 0..<perSize {
        let seed = UInt64(size * 1_000 + i)
        let (request, data) = instance(needs: size, seed: seed)
        var outcome: PlanOutcome?
        let elapsed = clock.measure { outcome = Planner.plan(request) }
        guard case .plan(let plan) = outcome else { fatalError("instance \(seed) refused") }
        times.append(milliseconds(elapsed))
        nodes.append(plan.nodes)
        var record = data
        record["size"] = size
        record["seed"] = seed
        record["consign_cost"] = plan.cost
        record["consign_ms"] = milliseconds(elapsed)
        record["consign_nodes"] = plan.nodes
        lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self))
    }
    times.sort()
    nodes.sort()
    print(
        String(
            format: "%2d needs  %9d  %9.3f  %7.3f  %12d  %9d", size, perSize, times[times.count / 2], times.last!,
            nodes[nodes.count / 2], nodes.last!))
}
try lines.joined(separator: "\n").appending("\n").write(toFile: arguments[1], atomically: true, encoding: .utf8)

// The example workspace's tasks, each with the contractor whose agreement covers it.
let documents = WorkspaceDocuments.load(Workspace(root: repository))
if let catalog = try? documents.catalog().document {
    let histories = DocumentSet(agreements: documents.agreements).agreementHistories
    print("\nexample task                 contractor        median ms (of 200)")
    for task in documents.tasks.map(\.document).sorted(by: { $0.id < $1.id }) {
        // The contractor whose agreement covers the task and under which it plans (or, for a task every
        // agreement refuses, the first that covers it).
        let requests = histories.filter { $0.inForce(on: on)?.purposes.contains(task.purpose) == true }.map { history in
            var record = contractor
            record.id = history.contractor
            return PlanRequest(catalog: catalog, task: task, contractor: record, agreements: [history], on: on)
        }
        guard let request = requests.first(where: { if case .plan = Planner.plan($0) { true } else { false } }) ?? requests.first
        else { continue }
        var times: [Double] = []
        for _ in 0..<200 { times.append(milliseconds(clock.measure { _ = Planner.plan(request) })) }
        times.sort()
        print(
            task.id.padding(toLength: 29, withPad: " ", startingAt: 0)
                + request.contractor.id.padding(toLength: 18, withPad: " ", startingAt: 0)
                + String(format: "%.4f", times[times.count / 2]))
    }
}
