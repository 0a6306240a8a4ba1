import ConsignCore
import ConsignWorkspace
import Testing

/// Every refusal the planner owes, produced from the example workspace's documents.
@Suite struct PlannerRefusalTests {
    let catalog: Catalog
    let tasks: [String: TaskTemplate]
    let agreements: [String: [Agreement]]
    let on = CalendarDate("2026-11-18")!

    init() throws {
        let contents = WorkspaceDocuments.load(Workspace(root: repositoryRoot))
        catalog = try contents.catalog().document
        tasks = Dictionary(uniqueKeysWithValues: contents.tasks.map { ($0.document.id, $0.document) })
        agreements = Dictionary(grouping: contents.agreements.map(\.document), by: \.contractor)
    }

    func plan(
        _ task: String, _ contractor: String, on date: CalendarDate? = nil, record: ContractorRecord? = nil,
        change: (inout TaskTemplate, inout [Agreement]) -> Void = { _, _ in }
    ) -> PlanOutcome {
        var t = tasks[task]!
        var a = agreements[contractor]!
        change(&t, &a)
        return Planner.plan(
            PlanRequest(
                catalog: catalog, task: t, contractor: record ?? evaluatedContractor(contractor),
                agreements: Dictionary(grouping: a, by: \.id).values.map { AgreementHistory(versions: $0) },
                on: date ?? on))
    }

    func reasons(_ outcome: PlanOutcome) -> [String] {
        guard case .refused(let diagnosis) = outcome else { return [] }
        return diagnosis.reasons.map(\.code)
    }

    func blocked(_ outcome: PlanOutcome) -> [String: [String: [String]]] {
        guard case .refused(let diagnosis) = outcome else { return [:] }
        return Dictionary(uniqueKeysWithValues: diagnosis.blocked.map { need in
            (need.need, Dictionary(uniqueKeysWithValues: need.options.map { ($0.option, $0.reasons.map(\.message)) }))
        })
    }

    @Test func everyExampleTaskHasAPlanWithItsContractor() {
        for (task, contractor) in [
            ("prize-shipping", "hayate-transport"), ("seminar-invitation-mailing", "sakura-mailing"),
            ("newsletter-email", "hikari-mail"), ("survey-processing", "aozora-research"),
            ("inquiry-call-centre", "kizuna-contact"), ("statistics-abroad", "nordstat"),
            ("ad-audience-matching", "linkad-network"), ("sponsor-prize-shipping", "hoshizora-toys"),
        ] {
            guard case .plan(let plan) = plan(task, contractor) else {
                Issue.record("\(task) for \(contractor) refused: \(plan(task, contractor))")
                continue
            }
            #expect(plan.cost == plan.sent.map(\.weight).reduce(0, +))
        }
    }

    @Test func theAmendmentInForceDecidesWhatMayBeSent() {
        // Before 2026-04-01, AG-2024-011 v1 does not permit the phone number; the plan still works with e-mail.
        guard case .plan(let old) = plan("prize-shipping", "hayate-transport", on: CalendarDate("2025-06-01")!),
            case .plan(let new) = plan("prize-shipping", "hayate-transport")
        else {
            Issue.record("expected plans")
            return
        }
        #expect(old.agreement.version == 1 && new.agreement.version == 2)
        #expect(old.withheld.first { $0.field == "contact.phone" }?.reason == .notPermitted(agreement: "AG-2024-011", version: 1))
        #expect(new.withheld.first { $0.field == "contact.phone" }?.reason == .cheaperOptionChosen)
    }

    @Test func mixingOrEnrichingUnderAnEntrustmentIsRefused() {
        // Until 2026-06-30 AG-2025-015 is an entrustment (v1); from 2026-07-01 a provision (v2) whose consent the
        // task's row scope requires.
        #expect(reasons(plan("ad-audience-matching", "linkad-network", on: CalendarDate("2026-06-30")!)) == ["mix-or-enrich-under-entrustment"])
        guard case .plan(let provision) = plan("ad-audience-matching", "linkad-network") else {
            Issue.record("under a provision the task plans")
            return
        }
        #expect(provision.agreement.version == 2 && provision.agreement.relationship == .provision)
        // Without the consent in its row scope, the same task is refused under the provision.
        let unconsented = plan("ad-audience-matching", "linkad-network") { t, _ in
            t.rowScope.consents.removeAll { $0.value == "consent.provision_linkad" }
        }
        #expect(reasons(unconsented) == ["provision-consent-not-in-scope"])
    }

    @Test func noAgreementInForceAndPurposeNotCoveredAreDifferentReasons() {
        #expect(reasons(plan("prize-shipping", "hayate-transport", on: CalendarDate("2024-03-31")!)) == ["no-agreement-in-force"])
        // Sakura's agreement is in force, but covers seminars and service information, not prizes.
        var t = tasks["prize-shipping"]!
        t.purpose = "surveys-prizes"
        let outcome = Planner.plan(
            PlanRequest(
                catalog: catalog, task: t, contractor: evaluatedContractor("sakura-mailing"),
                agreements: [AgreementHistory(versions: agreements["sakura-mailing"]!)], on: on))
        #expect(reasons(outcome) == ["purpose-not-covered"])
        guard case .refused(let diagnosis) = outcome else { return }
        #expect(diagnosis.reasons[0].message.contains("AG-2025-002 v1 covers seminars, service-info"))
        // The expired agreement of a former contractor.
        #expect(reasons(plan("seminar-invitation-mailing", "tsubame-print")).contains("no-agreement-in-force"))
    }

    @Test func aSuspendedOrTerminatedContractorIsRefusedFromTheDateOfTheChange() {
        let suspended = evaluatedContractor(
            "hayate-transport",
            statusChanges: [StatusChange(contractor: "hayate-transport", status: .suspended, on: on, note: "")])
        #expect(reasons(plan("prize-shipping", "hayate-transport", record: suspended)) == ["contractor-suspended"])
        guard case .plan = plan("prize-shipping", "hayate-transport", on: on.adding(days: -1), record: suspended) else {
            Issue.record("the day before the suspension plans")
            return
        }
        let terminated = evaluatedContractor(
            "hayate-transport",
            statusChanges: [StatusChange(contractor: "hayate-transport", status: .terminated, on: on, note: "")])
        #expect(reasons(plan("prize-shipping", "hayate-transport", record: terminated)) == ["contractor-terminated"])
    }

    @Test func aContractorNeedsAPassingSelectionAndNoFailedLatestEvaluation() {
        #expect(reasons(plan("prize-shipping", "hayate-transport", record: evaluatedContractor("hayate-transport", evaluations: []))) == ["no-selection"])
        let later = evaluatedContractor(
            "hayate-transport",
            evaluations: [Evaluation(contractor: "hayate-transport", kind: .selection, result: .pass, on: on.adding(days: 1), note: "")])
        #expect(reasons(plan("prize-shipping", "hayate-transport", record: later)) == ["no-selection"])
        let failed = evaluatedContractor(
            "hayate-transport",
            evaluations: [
                Evaluation(contractor: "hayate-transport", kind: .selection, result: .pass, on: CalendarDate("2024-01-10")!, note: ""),
                Evaluation(contractor: "hayate-transport", kind: .periodic, result: .fail, on: CalendarDate("2025-01-10")!, note: ""),
            ])
        #expect(reasons(plan("prize-shipping", "hayate-transport", record: failed)) == ["evaluation-failed"])
    }

    @Test func aTransferAbroadNeedsABasisAndAContractBasisItsYearlyCheck() {
        #expect(reasons(plan("statistics-abroad", "nordstat") { _, a in a[0].foreignBasis = nil }) == ["no-foreign-basis"])
        let contract = { (_: inout TaskTemplate, a: inout [Agreement]) in
            a[0].foreignBasis = ForeignBasis(kind: .equivalentMeasuresContract, explanation: "DPA with SCC-like clauses")
        }
        #expect(reasons(plan("statistics-abroad", "nordstat", change: contract)) == ["foreign-basis-check-overdue"])
        func checked(_ date: String, _ result: Evaluation.Result) -> ContractorRecord {
            evaluatedContractor(
                "nordstat",
                evaluations: [
                    Evaluation(contractor: "nordstat", kind: .selection, result: .pass, on: CalendarDate("2026-01-01")!, note: ""),
                    Evaluation(contractor: "nordstat", kind: .foreignBasis, result: result, on: CalendarDate(date)!, note: ""),
                ])
        }
        guard case .plan = plan("statistics-abroad", "nordstat", record: checked("2025-11-18", .pass), change: contract) else {
            Issue.record("a check exactly a year old is still valid")
            return
        }
        #expect(reasons(plan("statistics-abroad", "nordstat", record: checked("2025-11-17", .pass), change: contract)) == ["foreign-basis-check-overdue"])
        #expect(reasons(plan("statistics-abroad", "nordstat", record: checked("2026-06-01", .fail), change: contract)) == ["foreign-basis-check-failed"])
    }

    @Test func pseudonymisedInformationNeverSendsADirectIdentifierOrContactsThePerson() {
        let contacting = plan("statistics-abroad", "nordstat") { t, _ in t.contactsPerson = true }
        #expect(reasons(contacting) == ["pseudonymised-contact"])
        let direct = plan("statistics-abroad", "nordstat") { t, a in
            t.needs[0].options[0].uses = [Located(FieldForm("customer.id"))]
            a[0].permitted.append(Located(Permission(field: "customer.id")))
        }
        let record = blocked(direct)["record"]?.values.first ?? []
        #expect(record == ["customer.id is a direct identifier, which a pseudonymised task never sends (APPI Rule 31)"])
        #expect(reasons(plan("statistics-abroad", "nordstat") { _, a in a[0].relationship = .provision }) == ["pseudonymised-under-provision"])
    }

    /// Provided to a third party, special-care data needs the person's explicit consent in the row scope.
    @Test func specialCareUnderAProvisionNeedsConsentInTheRowScope() {
        let outcome = plan("inquiry-call-centre", "kizuna-contact") { t, a in
            a[0].relationship = .provision
            t.rowScope.consents = []
        }
        #expect(blocked(outcome)["history"]?["notes"] == [
            "notes is of special care and goes under a provision, which needs the person's explicit consent, but the row scope "
                + "of task inquiry-call-centre requires none (APPI Art. 27(2))"
        ])
        let consented = plan("inquiry-call-centre", "kizuna-contact") { t, a in
            a[0].relationship = .provision
            t.rowScope.consents = [Located("consent.survey")]
        }
        #expect(blocked(consented)["history"] == nil)
        expectEnglishAndJapanese(PlanText.specialCareWithoutConsent(field: "notes", task: "t"))
    }

    @Test func aDiagnosisNamesEveryBlockedNeedAndEveryReasonOfEachOption() {
        let outcome = plan("prize-shipping", "hayate-transport") { t, a in
            a[0].permitted.removeAll { $0.value.field == "contact.email" || $0.value.field == "contact.phone" }
            a[1].permitted.removeAll { $0.value.field == "contact.email" || $0.value.field == "contact.phone" }
            t.needs[3].options[0].uses = [Located(FieldForm("notes"))]
        }
        #expect(reasons(outcome).isEmpty)
        let found = blocked(outcome)
        #expect(Set(found.keys) == ["contact-on-failure", "reference"])
        #expect(found["contact-on-failure"]?["phone"] == ["contact.phone not permitted by agreement AG-2024-011 v2"])
        #expect(found["contact-on-failure"]?["email"] == ["contact.email not permitted by agreement AG-2024-011 v2"])
        #expect(found["reference"]?["hmac"] == [
            "notes not permitted by agreement AG-2024-011 v2", "notes not collected for purpose surveys-prizes",
            "notes is of special care (APPI Art. 2(3)), and agreement AG-2024-011 v2 does not permit it as such "
                + "(<field ref=\"notes\" special-care=\"true\"/>)",
        ])
    }
}
