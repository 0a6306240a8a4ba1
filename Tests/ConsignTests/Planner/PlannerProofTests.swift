import ConsignCore
import Testing

/// The planner against exhaustive search on seeded random instances, and the properties an exact planner
/// must have.
@Suite struct PlannerProofTests {
    static let seeds: [UInt64] = Array(1...2_400)

    func sentIds(_ plan: Plan) -> [String] { plan.sent.map(\.fieldForm.description).sorted() }

    @Test func thePlannerEqualsBruteForceOnRandomInstances() {
        var feasible = 0, infeasible = 0
        for seed in Self.seeds {
            let instance = RandomPlanningInstance(seed: seed)
            let expected = BruteForcePlan.solve(instance)
            // The minimum the audit holds transfers to is the planner's, whatever the contractor's standing;
            // what it sends costs exactly that.
            let minimum = Planner.minimum(catalog: instance.catalog, task: instance.task, agreement: instance.agreement)
            #expect(minimum?.cost == expected?.cost, "seed \(seed)")
            if let minimum { #expect(Planner.cost(of: minimum.forms, catalog: instance.catalog) == minimum.cost, "seed \(seed)") }
            switch Planner.plan(instance.request) {
            case .plan(let plan):
                feasible += 1
                guard let expected else {
                    Issue.record("seed \(seed): planned, but brute force finds no plan")
                    continue
                }
                #expect(plan.cost == expected.cost, "seed \(seed)")
                #expect(sentIds(plan) == expected.forms, "seed \(seed)")
                // The weights shown sum to the cost.
                #expect(plan.sent.map(\.weight).reduce(0, +) == plan.cost, "seed \(seed)")
                // Every need is met by its chosen option, whose forms are all sent and permitted.
                let sent = Set(plan.sent.map(\.fieldForm))
                for choice in plan.choices {
                    let need = instance.task.needs.first { $0.id == choice.need }!
                    let option = need.options.first { $0.id == choice.option }!
                    #expect(option.forms.allSatisfy(sent.contains), "seed \(seed)")
                    #expect(option.forms.allSatisfy(instance.agreement.permits), "seed \(seed)")
                }
                #expect(Set(plan.choices.map(\.need)) == Set(instance.task.needs.map(\.id)))
                // No form serves no need.
                #expect(plan.sent.allSatisfy { !$0.needs.isEmpty }, "seed \(seed)")
            case .refused(let diagnosis):
                infeasible += 1
                #expect(expected == nil, "seed \(seed): refused, but brute force finds cost \(expected?.cost ?? -1)")
                #expect(diagnosis.reasons.isEmpty, "seed \(seed)")
                #expect(diagnosis.blocked.map(\.need) == BruteForcePlan.blockedNeeds(instance), "seed \(seed)")
                for need in diagnosis.blocked {
                    #expect(need.options.allSatisfy { !$0.reasons.isEmpty && $0.reasons.allSatisfy { $0.code == "not-permitted" } })
                }
            }
        }
        // The instances exercise both answers.
        #expect(feasible > 1_000 && infeasible > 50, "feasible \(feasible), infeasible \(infeasible)")
    }

    @Test func removingAPermissionNeverLowersTheCost() {
        for seed in Self.seeds.prefix(600) {
            var instance = RandomPlanningInstance(seed: seed)
            guard case .plan(let before) = Planner.plan(instance.request), !instance.agreement.permitted.isEmpty else { continue }
            var random = SplitMix64(seed: seed &* 7)
            instance.agreement.permitted.remove(at: Int.random(in: 0..<instance.agreement.permitted.count, using: &random))
            if case .plan(let after) = Planner.plan(instance.request) {
                #expect(after.cost >= before.cost, "seed \(seed)")
            }
        }
    }

    @Test func addingAnOptionNeverRaisesTheCost() {
        for seed in Self.seeds.prefix(600) {
            var instance = RandomPlanningInstance(seed: seed)
            guard case .plan(let before) = Planner.plan(instance.request) else { continue }
            var random = SplitMix64(seed: seed &* 13)
            let pool = instance.task.layout.map(\.fieldForm)
            let need = Int.random(in: 0..<instance.task.needs.count, using: &random)
            instance.task.needs[need].options.append(
                NeedOption(id: "extra", uses: pool.shuffled(using: &random).prefix(2).map { Located($0) }))
            guard case .plan(let after) = Planner.plan(instance.request) else {
                Issue.record("seed \(seed): adding an option made the task infeasible")
                continue
            }
            #expect(after.cost <= before.cost, "seed \(seed)")
        }
    }

    @Test func thePlanDoesNotDependOnTheOrderOfNeedsAndOptions() {
        for seed in Self.seeds.prefix(600) {
            var instance = RandomPlanningInstance(seed: seed)
            let original = Planner.plan(instance.request)
            var random = SplitMix64(seed: seed &* 31)
            instance.task.needs.shuffle(using: &random)
            for i in instance.task.needs.indices { instance.task.needs[i].options.shuffle(using: &random) }
            let shuffled = Planner.plan(instance.request)
            switch (original, shuffled) {
            case (.plan(let a), .plan(let b)):
                #expect(a.cost == b.cost, "seed \(seed)")
                #expect(a.sent.map(\.fieldForm) == b.sent.map(\.fieldForm) && a.sent.map(\.weight) == b.sent.map(\.weight), "seed \(seed)")
                #expect(a.sent.map { Set($0.needs) } == b.sent.map { Set($0.needs) }, "seed \(seed)")
                #expect(Set(a.choices.map { "\($0.need)=\($0.option)" }) == Set(b.choices.map { "\($0.need)=\($0.option)" }), "seed \(seed)")
            case (.refused(let a), .refused(let b)):
                #expect(Set(a.blocked.map(\.need)) == Set(b.blocked.map(\.need)), "seed \(seed)")
            default:
                Issue.record("seed \(seed): one order plans and the other refuses")
            }
        }
    }

    /// A derived form sent beside its field's keep form costs nothing, and sending keep can be cheaper
    /// than several derived forms of the same field.
    @Test func derivedFormsAreFreeBesideTheirKeepForm() throws {
        let field = Field(
            id: "birth", column: "birth", category: "d", description: "d", weight: 5, identifiability: .quasi,
            collectedFor: ["p"],
            derived: [.init(form: .year, weight: 3, identifiability: .quasi), .init(form: .ageBand(10), weight: 3, identifiability: .none)])
        let catalog = Catalog(
            id: "c", version: 1, company: Company(name: "C", homeCountry: "JP", timeZone: "Asia/Tokyo"),
            purposes: [Purpose(id: "p", description: "p")], fields: [field], subjectKey: "birth")
        let needs = [
            Need(id: "year", reason: "r", options: [NeedOption(id: "y", uses: [Located(FieldForm("birth", .year))])]),
            Need(id: "band", reason: "r", options: [NeedOption(id: "b", uses: [Located(FieldForm("birth", .ageBand(10)))])]),
            Need(id: "any", reason: "r", options: [
                NeedOption(id: "keep", uses: [Located(FieldForm("birth"))]),
                NeedOption(id: "year-again", uses: [Located(FieldForm("birth", .year))]),
            ]),
        ]
        let task = TaskTemplate(
            id: "t", version: 1, title: "t", purpose: "p", needs: needs,
            layout: [LayoutColumn(name: "a", fieldForm: FieldForm("birth")), LayoutColumn(name: "b", fieldForm: FieldForm("birth", .year)),
                     LayoutColumn(name: "c", fieldForm: FieldForm("birth", .ageBand(10)))], retentionDays: 1)
        let agreement = agreementPermitting([Permission(field: "birth")], purposes: ["p"])
        let outcome = Planner.plan(
            PlanRequest(catalog: catalog, task: task, contractor: evaluatedContractor("c"),
                        agreements: [AgreementHistory(versions: [agreement])], on: CalendarDate("2026-11-18")!))
        guard case .plan(let plan) = outcome else {
            Issue.record("refused: \(outcome)")
            return
        }
        // year + age_band cost 6; keep (5) makes both free: 5.
        #expect(plan.cost == 5)
        #expect(plan.sent.map(\.weight) == [5, 0, 0])
        #expect(plan.choices.first { $0.need == "any" }?.option == "keep")
    }
}

func agreementPermitting(
    _ permissions: [Permission], purposes: [String], relationship: Agreement.Relationship = .entrustment,
    countries: [String] = ["JP"], basis: ForeignBasis? = nil
) -> Agreement {
    var a = agreement("AG", contractor: "c", from: "2020-01-01", to: "2040-12-31", purposes: purposes, permitted: permissions, countries: countries)
    a.relationship = relationship
    a.foreignBasis = basis
    return a
}
