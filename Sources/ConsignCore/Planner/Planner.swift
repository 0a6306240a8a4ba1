/// Everything the planner reads: the catalog, the task, the contractor as the register knows it and its
/// latest registered profile, its agreements, and the date. Pure values: the planner does no I/O.
public struct PlanRequest: Sendable {
    public var catalog: Catalog
    public var task: TaskTemplate
    public var contractor: ContractorRecord
    /// Where the contractor holds the data; nil leaves the countries unchecked.
    public var profile: ContractorProfile?
    public var agreements: [AgreementHistory]
    public var on: CalendarDate
    /// Whether the transfer goes encrypted to the contractor's key: true or false for an extract, nil for a plan
    /// that is only looked at (which then leaves an agreement's `encrypted-delivery` unchecked).
    public var encrypted: Bool?

    public init(
        catalog: Catalog, task: TaskTemplate, contractor: ContractorRecord, profile: ContractorProfile? = nil,
        agreements: [AgreementHistory], on: CalendarDate, encrypted: Bool? = nil
    ) {
        self.encrypted = encrypted
        self.catalog = catalog
        self.task = task
        self.contractor = contractor
        self.profile = profile
        self.agreements = agreements
        self.on = on
    }
}

/// The minimum-necessary planner: the least identifying set of field forms a contractor may receive for
/// a task on a date, or the reasons it may receive nothing. Refusals belong here, not only to the audit:
/// the contractor's status and evaluations, the agreement in force and what it permits, purpose
/// limitation, entrustment versus provision, transfers abroad and where the contractor holds the data, the
/// certifications required of it, and pseudonymised information.
public enum Planner {
    /// How long a contract basis for a transfer abroad stays checked (DESIGN: yearly).
    public static let foreignBasisCheckYears = 1

    public static func plan(_ request: PlanRequest) -> PlanOutcome {
        let task = request.task
        let (agreement, reasons) = standing(request)

        let screened = task.needs.map { need in
            need.options.map { option in (option, optionReasons(option, agreement: agreement, request)) }
        }
        let blocked = zip(task.needs, screened).compactMap { need, options -> PlanDiagnosis.BlockedNeed? in
            guard options.allSatisfy({ !$0.1.isEmpty }) else { return nil }
            return PlanDiagnosis.BlockedNeed(
                need: need.id,
                options: options.map { PlanDiagnosis.RuledOutOption(option: $0.0.id, reasons: $0.1) })
        }
        guard let agreement, reasons.isEmpty, blocked.isEmpty else {
            return .refused(
                PlanDiagnosis(
                    task: task, contractor: request.contractor.id, on: request.on, agreement: agreement,
                    reasons: reasons, blocked: blocked))
        }

        let usable = screened.map { options in options.filter { $0.1.isEmpty }.map(\.0) }
        let (solution, fieldForms) = solve(usable, catalog: request.catalog)
        return .plan(makePlan(solution, usable: usable, fieldForms: fieldForms, agreement: agreement, request))
    }

    /// The least identifying forms that meet every need of `task` under `agreement` (the forms it permits,
    /// collected for the task's purpose, no direct identifier in a pseudonymised task), and their cost,
    /// whatever the contractor's standing: the minimum the audit holds a transfer to, recomputed from the
    /// catalog and task it recorded. Nil when some need cannot be met.
    public static func minimum(catalog: Catalog, task: TaskTemplate, agreement: Agreement?) -> (forms: Set<FieldForm>, cost: Int)? {
        let request = PlanRequest(
            catalog: catalog, task: task, contractor: ContractorRecord(id: ""), agreements: [], on: CalendarDate("2000-01-01")!)
        let usable = task.needs.map { need in need.options.filter { optionReasons($0, agreement: agreement, request).isEmpty } }
        guard usable.allSatisfy({ !$0.isEmpty }) else { return nil }
        let (solution, fieldForms) = solve(usable, catalog: catalog)
        return (Set(solution.forms.map { fieldForms[$0] }), solution.cost)
    }

    /// The cost of sending `forms`, as the solver counts it (a derived form of a field sent as `keep` costs
    /// nothing); nil when a form is not in the catalog.
    public static func cost(of forms: Set<FieldForm>, catalog: Catalog) -> Int? {
        let kept = Set(forms.filter { $0.form == .keep }.map(\.field))
        var total = 0
        for form in forms {
            guard let variant = catalog.variant(form) else { return nil }
            if form.form == .keep || !kept.contains(form.field) { total += variant.weight }
        }
        return total
    }

    /// The exact solution over the feasible options of each need, with the forms its indices name.
    private static func solve(_ usable: [[NeedOption]], catalog: Catalog) -> (MinimumCostSolver.Solution, [FieldForm]) {
        // The feasible options, as the solver's integers.
        let fieldForms = Array(Set(usable.flatMap { $0.flatMap(\.forms) })).sorted()
        let formIndex = Dictionary(uniqueKeysWithValues: fieldForms.enumerated().map { ($1, $0) })
        let fieldIndex = Dictionary(
            Array(Set(fieldForms.map(\.field))).sorted().enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let solver = MinimumCostSolver(
            forms: fieldForms.enumerated().map { rank, fieldForm in
                let variant = catalog.variant(fieldForm)!
                return MinimumCostSolver.Form(
                    field: fieldIndex[fieldForm.field]!, isKeep: fieldForm.form == .keep, weight: variant.weight,
                    identifiability: variant.identifiability.rank, rank: rank)
            },
            needs: usable.map { options in options.map { $0.forms.map { formIndex[$0]! } } })
        return (solver.solve()!, fieldForms)
    }

    /// Whether the task may go to the contractor on the date at all, before any field is chosen: the
    /// contractor's standing, the agreement in force for the purpose and what it allows for the task as a
    /// whole. The plan starts from this, and the re-check of a transfer when it commits repeats it against
    /// the register as it then stands (`Register.recheck`).
    public static func standing(_ request: PlanRequest) -> (agreement: Agreement?, reasons: [PlanReason]) {
        let task = request.task
        var reasons = contractorReasons(request)
        let (agreement, uncovered) = agreementInForce(request)
        reasons += uncovered
        if let agreement { reasons += agreementReasons(agreement, request) }
        if task.pseudonymised, task.contactsPerson {
            reasons.append(PlanReason(.pseudonymisedContact(task: task.id)))
        }
        return (agreement, reasons)
    }

    /// The agreement in force for the task's purpose on the date, or the reason there is none.
    static func agreementInForce(_ request: PlanRequest) -> (agreement: Agreement?, reasons: [PlanReason]) {
        let purpose = request.task.purpose
        switch request.agreements.coverage(purpose: purpose, on: request.on) {
        case .covered(let agreement):
            return (agreement, [])
        case .noAgreementInForce:
            return (nil, [PlanReason(.noAgreementInForce(contractor: request.contractor.id, on: request.on))])
        case .purposeNotCovered(let inForce):
            return (
                nil,
                [PlanReason(.purposeNotCovered(contractor: request.contractor.id, on: request.on, purpose: purpose, inForce: inForce))]
            )
        }
    }

    private static func makePlan(
        _ solution: MinimumCostSolver.Solution, usable: [[NeedOption]], fieldForms: [FieldForm], agreement: Agreement,
        _ request: PlanRequest
    ) -> Plan {
        let task = request.task
        let sentForms = Set(solution.forms.map { fieldForms[$0] })
        let chosen = canonicalChoice(sending: sentForms, task: task, usable: usable)
        let keptFields = Set(sentForms.filter { $0.form == .keep }.map(\.field))
        let layoutOrder = Dictionary(task.layout.enumerated().map { ($1.fieldForm, $0) }, uniquingKeysWith: { a, _ in a })
        let sent = sentForms.sorted { a, b in
            let la = layoutOrder[a] ?? Int.max, lb = layoutOrder[b] ?? Int.max
            return la != lb ? la < lb : a < b
        }.map { fieldForm in
            let variant = request.catalog.variant(fieldForm)!
            let free = fieldForm.form != .keep && keptFields.contains(fieldForm.field)
            return Plan.SentForm(
                fieldForm: fieldForm, weight: free ? 0 : variant.weight, identifiability: variant.identifiability,
                specialCare: request.catalog.field(fieldForm.field)?.specialCare ?? false,
                needs: chosen.filter { $0.1.forms.contains(fieldForm) }.map(\.0.id))
        }
        let sentFields = Set(sentForms.map(\.field))
        let uses = Dictionary(grouping: task.needs.flatMap(\.options).flatMap(\.forms), by: \.field)
        let withheld = request.catalog.fields.filter { !sentFields.contains($0.id) }.map { field in
            Plan.WithheldField(
                field: field.id, reason: withholdingReason(field, uses: uses[field.id] ?? [], agreement: agreement, request))
        }
        let permittedFields = Set(agreement.permitted.map(\.value.field))
        return Plan(
            task: task, contractor: request.contractor.id, agreement: agreement, on: request.on, cost: solution.cost,
            sent: sent, choices: chosen.map { Plan.Choice(need: $0.0.id, option: $0.1.id) }, withheld: withheld,
            catalogFieldCount: request.catalog.fields.count,
            permittedFieldCount: request.catalog.fields.filter { permittedFields.contains($0.id) }.count,
            nodes: solution.nodes)
    }

    /// Several choices may send exactly the forms of the optimal plan; this names the one that takes, need
    /// by need in the order of their ids, the option with the smallest sorted form ids (then the smallest
    /// id) that still lets the choice send exactly those forms. So the plan does not depend on the order
    /// of needs and options in the file, and every form sent serves a need.
    static func canonicalChoice(sending sent: Set<FieldForm>, task: TaskTemplate, usable: [[NeedOption]]) -> [(Need, NeedOption)] {
        let order = task.needs.indices.sorted { task.needs[$0].id < task.needs[$1].id }
        let fitting = order.map { need in
            usable[need].filter { $0.forms.allSatisfy(sent.contains) }.sorted { a, b in
                let fa = a.forms.map(\.description).sorted(), fb = b.forms.map(\.description).sorted()
                return fa == fb ? a.id < b.id : fa.lexicographicallyPrecedes(fb)
            }
        }
        // What the needs from each position on could still send.
        var reachable = [Set<FieldForm>](repeating: [], count: order.count + 1)
        for position in stride(from: order.count - 1, through: 0, by: -1) {
            reachable[position] = reachable[position + 1].union(fitting[position].flatMap(\.forms))
        }
        var picked: [NeedOption] = []
        func pick(_ position: Int, _ union: Set<FieldForm>) -> Bool {
            guard union.union(reachable[position]) == sent else { return false }
            if position == order.count { return true }
            for option in fitting[position] {
                picked.append(option)
                if pick(position + 1, union.union(option.forms)) { return true }
                picked.removeLast()
            }
            return false
        }
        // The solver's own choice sends exactly `sent`, so some choice always does.
        _ = pick(0, [])
        let byNeed = Dictionary(uniqueKeysWithValues: zip(order, picked))
        return task.needs.indices.map { (task.needs[$0], byNeed[$0]!) }
    }

    /// Why a field that is not sent is withheld.
    static func withholdingReason(
        _ field: Field, uses: [FieldForm], agreement: Agreement, _ request: PlanRequest
    ) -> WithholdingReason {
        if uses.isEmpty {
            let scope = request.task.rowScope
            let read = scope.consents.contains { $0.value == field.id } || scope.conditions.contains { $0.value.field == field.id }
            return read ? .rowScopeOnly : .notNeeded
        }
        if !field.collectedFor.contains(request.task.purpose) { return .notCollected(purpose: request.task.purpose) }
        if !uses.contains(where: agreement.permits) { return .notPermitted(agreement: agreement.id, version: agreement.version) }
        if request.task.pseudonymised,
            uses.allSatisfy({ request.catalog.variant($0)?.identifiability == .direct })
        {
            return .directIdentifier
        }
        if field.specialCare, !agreement.permitsAsSpecialCare(field.id) {
            return .specialCareNotPermitted(agreement: agreement.id, version: agreement.version)
        }
        if request.task.pseudonymised, field.paymentCredential { return .paymentCredential }
        if field.personalRelated, agreement.relationship != .entrustment, agreement.personalRelatedConsent == nil {
            return .personalRelatedUnconfirmed(agreement: agreement.id, version: agreement.version)
        }
        return .cheaperOptionChosen
    }

    /// The contractor's standing on the date: status, and its evaluations.
    static func contractorReasons(_ request: PlanRequest) -> [PlanReason] {
        let contractor = request.contractor
        let on = request.on
        var reasons: [PlanReason] = []
        switch contractor.status(on: on) {
        case .active:
            break
        case let status:
            let since = contractor.statusChanges.last { $0.value.on <= on }?.value.on
            reasons.append(PlanReason(.contractorStatus(contractor: contractor.id, status, since: since)))
        }
        let evaluations = contractor.evaluations.map(\.value).filter { $0.on <= on }
        if !evaluations.contains(where: { $0.kind == .selection && $0.result == .pass }) {
            reasons.append(PlanReason(.noSelection(contractor: contractor.id, on: on)))
        }
        if let latest = latestEvaluation(evaluations.filter { $0.kind != .foreignBasis }), latest.result == .fail
        {
            reasons.append(PlanReason(.evaluationFailed(contractor: contractor.id, latest.kind, on: latest.on)))
        }
        return reasons
    }

    /// The evaluation with the latest date; of several on that date, the one recorded last (a failure
    /// recorded after a pass on the same day stands).
    public static func latestEvaluation(_ evaluations: [Evaluation]) -> Evaluation? {
        evaluations.reduce(nil) { latest, evaluation in
            guard let latest, evaluation.on < latest.on else { return evaluation }
            return latest
        }
    }

    /// What the agreement in force allows for the task as a whole.
    static func agreementReasons(_ agreement: Agreement, _ request: PlanRequest) -> [PlanReason] {
        let task = request.task
        var reasons: [PlanReason] = []
        if task.mixOrEnrich, agreement.relationship == .entrustment {
            reasons.append(
                PlanReason(.mixOrEnrichUnderEntrustment(task: task.id, agreement: agreement.id, version: agreement.version)))
        }
        if task.pseudonymised, agreement.relationship != .entrustment {
            reasons.append(
                PlanReason(.pseudonymisedUnderProvision(task: task.id, agreement: agreement.id, version: agreement.version)))
        }
        reasons += relationshipReasons(agreement, request)
        if agreement.clauses.encryptedDeliveryRequired, request.encrypted == false {
            reasons.append(PlanReason(.encryptionRequired(agreement: agreement.id, version: agreement.version)))
        }
        for lapse in agreement.certificationLapses(of: request.profile, company: request.catalog.company, on: request.on) {
            reasons.append(PlanReason(.certificationLapsed(contractor: request.contractor.id, lapse)))
        }
        let home = request.catalog.company.homeCountry
        if let profile = request.profile {
            let gaps = agreement.countryGaps(of: profile, purposes: [task.purpose], home: home)
            if !gaps.isEmpty {
                reasons.append(
                    PlanReason(
                        .countryNotCovered(
                            agreement: agreement.id, version: agreement.version, countries: agreement.countries,
                            contractor: profile.id, profile: profile.version, gaps)))
            }
        }
        let foreign = agreement.foreignCountries(home: home)
        guard !foreign.isEmpty else { return reasons }
        switch agreement.foreignBasisStanding(on: request.on, evaluations: request.contractor.evaluations.map(\.value)) {
        case .valid:
            break
        case .missing:
            reasons.append(
                PlanReason(.noForeignBasis(agreement: agreement.id, version: agreement.version, countries: foreign)))
        case .checkFailed(let on):
            reasons.append(PlanReason(.foreignBasisCheckFailed(agreement: agreement.id, version: agreement.version, on: on)))
        case .checkOverdue(let lastOn):
            reasons.append(
                PlanReason(.foreignBasisCheckOverdue(agreement: agreement.id, version: agreement.version, last: lastOn)))
        }
        return reasons
    }

    /// What a provision or joint use needs of the task: a provision sends only rows whose consent to it, in the
    /// catalog field its agreement names, is recorded (APPI Art. 27(1)); joint use only once its items were
    /// announced (Art. 27(5)(iii)).
    static func relationshipReasons(_ agreement: Agreement, _ request: PlanRequest) -> [PlanReason] {
        var reasons: [PlanReason] = []
        if let terms = agreement.provision, agreement.relationship == .provision {
            let consent = request.catalog.field(terms.consentField)?.provisionConsent
            if !(consent?.covers(contractor: request.contractor.id, terms) ?? false) {
                reasons.append(
                    PlanReason(
                        .provisionConsentNotRecorded(
                            field: terms.consentField, agreement: agreement.id, version: agreement.version,
                            contractor: request.contractor.id)))
            }
            if !request.task.rowScope.consents.contains(where: { $0.value == terms.consentField }) {
                reasons.append(
                    PlanReason(
                        .provisionConsentNotInScope(
                            task: request.task.id, agreement: agreement.id, version: agreement.version, field: terms.consentField)))
            }
        }
        if let jointUse = agreement.jointUse, agreement.relationship == .jointUse, request.on < jointUse.announcedOn {
            reasons.append(
                PlanReason(
                    .jointUseNotAnnounced(
                        agreement: agreement.id, version: agreement.version, announcedOn: jointUse.announcedOn, on: request.on)))
        }
        return reasons
    }

    /// Why an option is ruled out; empty when it may be chosen.
    static func optionReasons(_ option: NeedOption, agreement: Agreement?, _ request: PlanRequest) -> [PlanReason] {
        var reasons: [PlanReason] = []
        for fieldForm in option.forms {
            guard let field = request.catalog.field(fieldForm.field), let variant = field.variant(fieldForm.form) else {
                reasons.append(PlanReason(.unknownForm(fieldForm)))
                continue
            }
            if let agreement, !agreement.permits(fieldForm) {
                reasons.append(PlanReason(.formNotPermitted(fieldForm, agreement: agreement.id, version: agreement.version)))
            }
            if !field.collectedFor.contains(request.task.purpose) {
                reasons.append(PlanReason(.notCollected(field: field.id, purpose: request.task.purpose)))
            }
            if request.task.pseudonymised, variant.identifiability == .direct {
                reasons.append(PlanReason(.directIdentifier(fieldForm)))
            }
            if field.specialCare, let agreement, !agreement.permitsAsSpecialCare(field.id) {
                reasons.append(
                    PlanReason(.specialCareNotPermitted(field: field.id, agreement: agreement.id, version: agreement.version)))
            }
            // Provided to a third party, special-care data needs the person's explicit consent (APPI Art. 27(2)
            // excludes it from opting out): the task's row scope must send only rows that record a consent.
            if field.specialCare, let agreement, agreement.relationship == .provision, request.task.rowScope.consents.isEmpty {
                reasons.append(PlanReason(.specialCareWithoutConsent(field: field.id, task: request.task.id)))
            }
            if request.task.pseudonymised, field.paymentCredential {
                reasons.append(PlanReason(.paymentCredential(fieldForm)))
            }
            if field.personalRelated, let agreement, agreement.relationship != .entrustment, agreement.personalRelatedConsent == nil {
                reasons.append(
                    PlanReason(.personalRelatedUnconfirmed(field: field.id, agreement: agreement.id, version: agreement.version)))
            }
        }
        return reasons
    }
}
