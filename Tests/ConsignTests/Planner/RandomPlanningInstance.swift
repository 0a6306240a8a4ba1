import ConsignCore

/// A random planning problem, built as documents (catalog, task, agreement) so that the planner is tested
/// through its public entry point. Sizes follow the issue: 10 to 40 fields, 1 to 8 needs, 1 to 4 options of
/// 1 to 4 forms drawn from a pool about three times the number of needs, derived forms cheaper than their
/// fields, weights 1 to 20, and 0 to 30% of the pool not permitted.
struct RandomPlanningInstance {
    var catalog: Catalog
    var task: TaskTemplate
    var agreement: Agreement
    var contractor: ContractorRecord

    static let purpose = "p"
    static let derivedNames: [Form] = [.hmac, .year, .prefix(3), .ageBand(10), .bucket(100), .mask(keepLast: 4)]

    init(seed: UInt64, needRange: ClosedRange<Int> = 1...8, optionRange: ClosedRange<Int> = 1...4) {
        var random = SplitMix64(seed: seed)
        let fieldCount = Int.random(in: 10...40, using: &random)
        var fields: [Field] = []
        for i in 0..<fieldCount {
            let weight = Int.random(in: 2...20, using: &random)
            let identifiability = Identifiability.allCases.randomElement(using: &random)!
            let derived = Self.derivedNames.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)).map {
                Field.Variant(
                    form: $0, weight: Int.random(in: 1..<weight, using: &random),
                    identifiability: Identifiability.allCases.filter { $0 <= identifiability }.randomElement(using: &random)!)
            }
            fields.append(
                Field(
                    id: "f\(i < 10 ? "0" : "")\(i)", column: "c\(i)", category: "k", description: "field \(i)",
                    weight: weight, identifiability: identifiability, collectedFor: [Self.purpose], derived: Array(derived)))
        }
        catalog = Catalog(
            id: "random", version: 1, company: Company(name: "C", homeCountry: "JP", timeZone: "Asia/Tokyo"),
            purposes: [Purpose(id: Self.purpose, description: "p")], fields: fields, subjectKey: "f00")

        let needCount = Int.random(in: needRange, using: &random)
        // A pool of about three forms per need, often several forms of one field.
        var pool: [FieldForm] = []
        let formsInCatalog = fields.reduce(0) { $0 + 1 + $1.derived.count }
        while pool.count < min(formsInCatalog, max(3, 3 * needCount)) {
            let field = fields.randomElement(using: &random)!
            let forms = [Form.keep] + field.derived.map(\.form)
            for form in forms.shuffled(using: &random).prefix(Int.random(in: 1...forms.count, using: &random)) {
                let candidate = FieldForm(field.id, form)
                if !pool.contains(candidate) { pool.append(candidate) }
            }
        }
        let needs = (0..<needCount).map { n in
            Need(
                id: "n\(n)", reason: "need \(n)",
                options: (0..<Int.random(in: optionRange, using: &random)).map { o in
                    NeedOption(
                        id: "o\(o)",
                        uses: pool.shuffled(using: &random).prefix(Int.random(in: 1...4, using: &random)).map { Located($0) })
                })
        }
        let used = Array(Set(needs.flatMap(\.options).flatMap(\.forms))).sorted()
        task = TaskTemplate(
            id: "t", version: 1, title: "t", purpose: Self.purpose, needs: needs,
            layout: used.map { LayoutColumn(name: $0.description, fieldForm: $0) }, retentionDays: 30)

        let refusedShare = Double.random(in: 0...0.3, using: &random)
        let permitted = pool.filter { _ in Double.random(in: 0..<1, using: &random) >= refusedShare }
        agreement = Agreement(
            id: "AG", version: 1, contractor: "c", title: "AG", relationship: .entrustment, signatories: [],
            signed: CalendarDate("2020-01-01")!, effectiveFrom: CalendarDate("2020-01-01")!,
            effectiveTo: CalendarDate("2040-12-31")!, purposes: [Self.purpose],
            permitted: permitted.map { Located(Permission(field: $0.field, form: $0.form)) }, dataSubjects: ["x"],
            countries: ["JP"], retentionMaxDays: 30, clauses: Clauses(),
            signedDocument: SignedDocument(reference: "x", sha256: ""))
        contractor = evaluatedContractor("c")
    }

    var request: PlanRequest {
        PlanRequest(
            catalog: catalog, task: task, contractor: contractor, agreements: [AgreementHistory(versions: [agreement])],
            on: CalendarDate("2026-11-18")!)
    }
}

/// A registered contractor with a passing selection evaluation in 2020.
func evaluatedContractor(_ id: String, evaluations: [Evaluation]? = nil, statusChanges: [StatusChange] = []) -> ContractorRecord {
    var record = ContractorRecord(id: id)
    let all = evaluations ?? [Evaluation(contractor: id, kind: .selection, result: .pass, on: CalendarDate("2020-01-01")!, note: "")]
    func recorded(_ payload: RegisterEvent.Payload, _ n: Int) -> RecordedEvent {
        RecordedEvent(
            sequence: n, event: RegisterEvent(recordedAt: Timestamp(secondsSinceEpoch: 0), recordedBy: "t", payload: payload),
            chainHash: "")
    }
    record.evaluations = all.enumerated().map { Recorded($1, recorded(.evaluated($1), $0 + 1)) }
    record.statusChanges = statusChanges.enumerated().map { Recorded($1, recorded(.statusChanged($1), $0 + 100)) }
    return record
}

/// The plan by exhaustive search, written from DESIGN's definitions alone: every combination of one option
/// per need whose forms the agreement permits (a derived form is permitted where it or its field is); the
/// cost of a combination is the sum of the weights of the distinct forms it sends, except that a derived form
/// costs nothing when its field is also sent as keep; ties go to fewer forms, then the lower highest
/// identifiability, then the sorted form ids.
struct BruteForcePlan {
    var cost: Int
    var forms: [String]

    static func solve(_ instance: RandomPlanningInstance) -> BruteForcePlan? {
        let catalog = instance.catalog
        let permitted = instance.agreement.permitted.map(\.value)
        func isPermitted(_ f: FieldForm) -> Bool {
            permitted.contains { $0.field == f.field && ($0.form == f.form || $0.form == .keep || $0.form == nil) }
        }
        let options = instance.task.needs.map { $0.options.map(\.forms).filter { $0.allSatisfy(isPermitted) } }
        if options.contains(where: \.isEmpty) { return nil }
        // Number the forms once, so that the enumeration below works on integers.
        let forms = Array(Set(options.flatMap { $0.flatMap { $0 } })).sorted { $0.description < $1.description }
        let number = Dictionary(uniqueKeysWithValues: forms.enumerated().map { ($1, $0) })
        let fields = Dictionary(uniqueKeysWithValues: catalog.fields.map { ($0.id, $0) })
        let ids = forms.map(\.description)
        let keepOf = forms.map { number[FieldForm($0.field, .keep)] ?? -1 }
        let ownWeight = forms.map { f in
            f.form == .keep ? fields[f.field]!.weight : fields[f.field]!.derived.first { $0.form == f.form }!.weight
        }
        let level = forms.map { f -> Int in
            let i = f.form == .keep
                ? fields[f.field]!.identifiability : fields[f.field]!.derived.first { $0.form == f.form }!.identifiability
            return ["none": 0, "quasi": 1, "direct": 2][i.rawValue]!
        }
        let numbered = options.map { $0.map { $0.map { number[$0]! } } }
        var best: (cost: Int, count: Int, highest: Int, ids: [String])?
        var index = [Int](repeating: 0, count: options.count)
        var inUnion = [Bool](repeating: false, count: forms.count)
        while true {
            for i in inUnion.indices { inUnion[i] = false }
            for (need, option) in index.enumerated() {
                for f in numbered[need][option] { inUnion[f] = true }
            }
            var cost = 0, count = 0, highest = -1
            for f in forms.indices where inUnion[f] {
                count += 1
                // A derived form costs nothing when its field is also sent as keep.
                let free = forms[f].form != .keep && keepOf[f] >= 0 && inUnion[keepOf[f]]
                cost += free ? 0 : ownWeight[f]
                highest = max(highest, level[f])
            }
            if best == nil || cost < best!.cost || (cost == best!.cost && (count, highest) <= (best!.count, best!.highest)) {
                let sortedIds = forms.indices.filter { inUnion[$0] }.map { ids[$0] }.sorted()
                let candidate = (cost, count, highest, sortedIds)
                if best == nil || candidate < (best!.cost, best!.count, best!.highest, best!.ids) { best = candidate }
            }
            // The next combination, like an odometer.
            var position = 0
            while position < index.count {
                index[position] += 1
                if index[position] < options[position].count { break }
                index[position] = 0
                position += 1
            }
            if position == index.count { break }
        }
        return best.map { BruteForcePlan(cost: $0.cost, forms: $0.ids) }
    }

    /// The needs no permitted option can meet.
    static func blockedNeeds(_ instance: RandomPlanningInstance) -> [String] {
        let permitted = instance.agreement.permitted.map(\.value)
        return instance.task.needs.filter { need in
            !need.options.contains { option in
                option.forms.allSatisfy { f in
                    permitted.contains { $0.field == f.field && ($0.form == f.form || $0.form == .keep || $0.form == nil) }
                }
            }
        }.map(\.id)
    }
}

private func < (a: (Int, Int, Int, [String]), b: (Int, Int, Int, [String])) -> Bool {
    if a.0 != b.0 { return a.0 < b.0 }
    if a.1 != b.1 { return a.1 < b.1 }
    if a.2 != b.2 { return a.2 < b.2 }
    return a.3.lexicographicallyPrecedes(b.3)
}
