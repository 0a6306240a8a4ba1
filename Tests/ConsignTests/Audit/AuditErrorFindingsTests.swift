import Foundation
import Testing

/// A register with one contractor per kind of error (and clean ones beside them), built only as a user
/// would: documents written into the workspace, `consign contractor add|evaluate|suspend|reinstate|terminate`,
/// `agreement add`, `transfer record` for transfers made outside consign, `sample customers`, `extract`
/// and `subject stop-use`, all with their dates and a fixed clock (today 2026-11-18).
struct ErrorsLab: Sendable {
    let workspace: AuditWorkspace
    /// Transfer ids by the name the set-up gave them.
    let transfers: [String: String]
    /// What `consign transfer record` printed, by transfer name.
    let recorded: [String: String]
    /// Stop-use subject hashes, by the name of the request.
    let subjects: [String: String]
    /// `consign audit --format json --as-of 2026-11-18`.
    let audit: AuditOutcome

    @TaskLocal static var current: ErrorsLab?

    /// `transfer T-…`, the record name of a transfer made in the set-up.
    func transfer(_ name: String) -> String { "transfer \(transfers[name]!)" }

    static func build() throws -> (value: ErrorsLab, directory: URL) {
        let ws = try AuditWorkspace.create("consign-audit-errors")
        do {
            var t: [String: String] = [:]
            var printed: [String: String] = [:]
            func record(
                _ name: String, _ contractor: String, task: String = "prize-shipping", on date: String,
                fields: String = "person.name,customer.id:hmac", subContractors: [String] = []
            ) throws {
                let made = try ws.record(contractor, task: task, on: date, fields: fields, subContractors: subContractors)
                t[name] = made.id
                printed[name] = made.stdout
            }

            // The stop-use list and an extract on 2026-11-10, first (the register's time only moves forward):
            // one request recorded before the extract (left out), then, at the end, three recorded after it,
            // received on 2026-11-05 (before the extract: it should have been honoured), 2026-11-12 and today
            // (after it).
            let tenth = AuditClock.tenthOfNovember
            try ws.addContractor(
                "extract-courier", agreement: AgreementDocument(id: "AG-EXTRACT", contractor: "extract-courier"), clock: tenth)
            try ws.evaluate("extract-courier", on: "2026-01-15", clock: tenth)
            try FileManager.default.createDirectory(at: ws.root.appending(path: "data"), withIntermediateDirectories: true)
            try ws.run(["sample", "customers", "--rows", "40", "--out", "data/customers.csv"])
            let rows = csvRecords(try readText(ws.root.appending(path: "data/customers.csv")))
            let consent = try #require(rows.first?.firstIndex(of: "consent_prize"))
            let winners = rows.dropFirst().filter { $0[consent] == "true" }.map { $0[0] }
            guard winners.count >= 4 else { throw AuditSetUpError(description: "too few customers with consent.prize: \(winners)") }
            var subjects: [String: String] = [:]
            func stopUse(_ name: String, _ customer: String, on date: String?, clock: String) throws {
                let run = try ws.run(
                    ["subject", "stop-use", customer, "--reason", "asked us to stop"] + (date.map { ["--on", $0] } ?? []), clock: clock)
                guard let match = run.stdout.firstMatch(of: #/subject ([0-9a-f]{16})/#) else {
                    throw AuditSetUpError(description: "no subject hash in: \(run.stdout)")
                }
                subjects[name] = String(match.1)
            }
            try stopUse("before-extract", winners[0], on: "2026-11-09", clock: AuditClock.tenthOfNovember)
            let extract = try ws.run(
                [
                    "extract", "--task", "prize-shipping", "--contractor", "extract-courier", "--source", "data/customers.csv", "--out",
                    "extracts", "--format", "csv",
                ], clock: AuditClock.tenthOfNovember)
            guard let id = extract.stdout.firstMatch(of: #/T-20261110-[0-9a-f]+/#) else {
                throw AuditSetUpError(description: "no transfer id in: \(extract.stdout)")
            }
            t["extract"] = String(id.0)

            // Everything in order: selected, under an agreement covering the purpose and the forms, with an
            // approved sub-contractor named on the transfer.
            try ws.addContractor(
                "clean-courier", subContractors: [DeclaredSubContractor(id: "kita-sub")],
                agreement: AgreementDocument(
                    id: "AG-CLEAN", contractor: "clean-courier", approved: [ApprovedSubContractor(id: "kita-sub")]))
            try ws.evaluate("clean-courier", on: "2026-01-15")
            try record(
                "clean", "clean-courier", on: "2026-11-01", fields: "person.name,address.postal_code,customer.id:hmac",
                subContractors: ["kita-sub"])

            // A transfer before the contractor's only agreement takes effect.
            try ws.addContractor("early-bird", agreement: AgreementDocument(id: "AG-EARLY", contractor: "early-bird", from: "2026-12-01"))
            try ws.evaluate("early-bird", on: "2026-10-01")
            try record("early", "early-bird", on: "2026-11-01")

            // An agreement in force, but for another purpose.
            try ws.addContractor(
                "seminar-only",
                agreement: AgreementDocument(
                    id: "AG-SEMINAR", contractor: "seminar-only", purposes: "seminars",
                    permitted: ["person.name", "address.postal_code"]))
            try ws.evaluate("seminar-only", on: "2026-01-15")
            try record("seminar", "seminar-only", on: "2026-11-01")

            // The postal code permitted as its first three digits only, the phone not at all.
            try ws.addContractor(
                "narrow-courier",
                agreement: AgreementDocument(
                    id: "AG-NARROW", contractor: "narrow-courier",
                    permitted: ["person.name", "address.postal_code:prefix(3)", "customer.id:hmac"]))
            try ws.evaluate("narrow-courier", on: "2026-01-15")
            try record("narrow-wide", "narrow-courier", on: "2026-11-01", fields: "person.name,address.postal_code,contact.phone,customer.id:hmac")
            try record("narrow-ok", "narrow-courier", on: "2026-11-02", fields: "person.name,address.postal_code:prefix(3)")

            // Suspended from 2026-10-15, reinstated from 2026-11-05.
            try ws.addContractor("paused-courier", agreement: AgreementDocument(id: "AG-PAUSED", contractor: "paused-courier"))
            try ws.evaluate("paused-courier", on: "2026-01-15")
            try ws.run(["contractor", "suspend", "paused-courier", "--on", "2026-10-15", "--note", "pending re-evaluation"])
            try ws.run(["contractor", "reinstate", "paused-courier", "--on", "2026-11-05", "--note", "re-evaluated"])
            try record("paused-before", "paused-courier", on: "2026-10-10")
            try record("paused-during", "paused-courier", on: "2026-10-20")
            try record("paused-after", "paused-courier", on: "2026-11-06")

            // Terminated from 2026-10-15; a transfer made after that, recorded afterwards.
            try ws.addContractor("ended-courier", agreement: AgreementDocument(id: "AG-ENDED", contractor: "ended-courier"))
            try ws.evaluate("ended-courier", on: "2026-01-15")
            try record("ended-before", "ended-courier", on: "2026-10-10")
            try ws.run(["contractor", "terminate", "ended-courier", "--on", "2026-10-15", "--note", "breach of contract"])
            try record("ended-after", "ended-courier", on: "2026-10-20")

            // Never evaluated; selected only after its first transfer; selection failed (a later periodic
            // pass is no selection).
            try ws.addContractor("unvetted-courier", agreement: AgreementDocument(id: "AG-UNVETTED", contractor: "unvetted-courier"))
            try record("unvetted", "unvetted-courier", on: "2026-11-01")
            try ws.addContractor("late-vetted", agreement: AgreementDocument(id: "AG-LATE-VETTED", contractor: "late-vetted"))
            try ws.evaluate("late-vetted", on: "2026-11-05")
            try record("late-first", "late-vetted", on: "2026-11-01")
            try record("late-second", "late-vetted", on: "2026-11-10")
            try ws.addContractor("failed-vetting", agreement: AgreementDocument(id: "AG-FAILED-VETTING", contractor: "failed-vetting"))
            try ws.evaluate("failed-vetting", result: "fail", on: "2026-10-01")
            try ws.evaluate("failed-vetting", kind: "periodic", on: "2026-10-05")
            try record("failed", "failed-vetting", on: "2026-11-01")

            // Abroad (US): a contract basis checked within the year; no basis at all; a check more than a
            // year old; never checked; a failed check; and an EU adequacy basis, which needs no check.
            func overseas(_ id: String, _ agreementID: String, basis: String?, countries: String = "JP US", country: String = "US")
                throws
            {
                try ws.addContractor(
                    id, country: country,
                    agreement: AgreementDocument(id: agreementID, contractor: id, countries: countries, foreignBasis: basis))
                try ws.evaluate(id, on: "2026-01-15")
            }
            try overseas("overseas-ok", "AG-OVERSEAS-OK", basis: "equivalent-measures-contract")
            try ws.evaluate("overseas-ok", kind: "foreign-basis", on: "2026-06-01")
            try record("overseas-ok", "overseas-ok", on: "2026-11-01")
            try overseas("overseas-nobasis", "AG-OVERSEAS-NOBASIS", basis: nil)
            try record("overseas-nobasis", "overseas-nobasis", on: "2026-11-01")
            try overseas("overseas-stale", "AG-OVERSEAS-STALE", basis: "equivalent-measures-contract")
            try ws.evaluate("overseas-stale", kind: "foreign-basis", on: "2025-06-01")
            try record("overseas-stale", "overseas-stale", on: "2026-11-01")
            try overseas("overseas-unchecked", "AG-OVERSEAS-UNCHECKED", basis: "equivalent-measures-contract")
            try overseas("overseas-failed", "AG-OVERSEAS-FAILED", basis: "equivalent-measures-contract")
            try ws.evaluate("overseas-failed", kind: "foreign-basis", result: "fail", on: "2026-06-01")
            try overseas("overseas-adequate", "AG-OVERSEAS-ADEQUATE", basis: "eu-uk-adequacy", countries: "DE", country: "DE")
            try record("overseas-adequate", "overseas-adequate", on: "2026-11-01")

            // Retention of 30 days under the agreement (the task allows 60): due 2026-10-01, -02, -03.
            try ws.addContractor("slow-deleter", agreement: AgreementDocument(id: "AG-SLOW", contractor: "slow-deleter", retentionMaxDays: 30))
            try ws.evaluate("slow-deleter", on: "2026-01-15")
            try record("slow-overdue", "slow-deleter", on: "2026-09-01")
            try record("slow-confirmed", "slow-deleter", on: "2026-09-02")
            try ws.confirmDeletion(t["slow-confirmed"]!, on: "2026-09-20")
            try record("slow-confirmed-late", "slow-deleter", on: "2026-09-03")
            try ws.confirmDeletion(t["slow-confirmed-late"]!, on: "2026-11-01")

            // Sub-contractors: one named on a transfer that no agreement approves; one declared by a profile
            // version registered after a first transfer and before a second; one approved only from
            // 2026-11-10.
            try ws.addContractor("sub-named", agreement: AgreementDocument(id: "AG-SUB-NAMED", contractor: "sub-named"))
            try ws.evaluate("sub-named", on: "2026-01-15")
            try record("sub-named", "sub-named", on: "2026-11-01", subContractors: ["rogue-sub"])
            try ws.addContractor(
                "sub-declared", agreement: AgreementDocument(id: "AG-SUB-DECLARED", contractor: "sub-declared", subContractingAllowed: true))
            try ws.evaluate("sub-declared", on: "2026-01-15")
            try record("sub-declared-v1", "sub-declared", on: "2026-11-01")
            try ws.addContractor("sub-declared", version: 2, subContractors: [DeclaredSubContractor(id: "hidden-sub")])
            try record("sub-declared-v2", "sub-declared", on: "2026-11-02")
            try ws.addContractor(
                "sub-late", subContractors: [DeclaredSubContractor(id: "late-sub")],
                agreement: AgreementDocument(
                    id: "AG-SUB-LATE", contractor: "sub-late",
                    approved: [ApprovedSubContractor(id: "late-sub", approvedOn: "2026-11-10")]))
            try ws.evaluate("sub-late", on: "2026-01-15")
            try record("sub-late-before", "sub-late", on: "2026-11-01")
            try record("sub-late-after", "sub-late", on: "2026-11-15")

            // A task that lets the contractor mix or enrich the data: under an entrustment, and under a
            // provision. Then the workspace's copy of the template is edited to say it does not; a transfer
            // recorded after that used the edited bytes, the first one still the original.
            let ad = AgreementDocument(
                id: "AG-AD-ENTRUSTED", contractor: "ad-entrusted", purposes: "advertising",
                permitted: ["customer.id:hmac", "contact.email:hmac", "person.birth_date:age_band(10)", "address.prefecture"])
            try ws.addContractor("ad-entrusted", agreement: ad)
            try ws.evaluate("ad-entrusted", on: "2026-01-15")
            var provided = ad
            provided.id = "AG-AD-PROVIDED"
            provided.contractor = "ad-provided"
            provided.relationship = "provision"
            try ws.addContractor("ad-provided", agreement: provided)
            try ws.evaluate("ad-provided", on: "2026-01-15")
            let adFields = "customer.id:hmac,address.prefecture"
            try record("ad-mixed", "ad-entrusted", task: "ad-audience-matching", on: "2026-11-01", fields: adFields)
            try record("ad-provided", "ad-provided", task: "ad-audience-matching", on: "2026-11-01", fields: adFields)
            try edit(
                ws.root.appending(path: "templates/ad-audience-matching.xml"), replacing: "<mix-or-enrich>true</mix-or-enrich>",
                with: "<mix-or-enrich>false</mix-or-enrich>")
            try record("ad-unmixed", "ad-entrusted", task: "ad-audience-matching", on: "2026-11-02", fields: adFields)

            // The requests recorded after the extract.
            try stopUse("received-before", winners[1], on: "2026-11-05", clock: AuditClock.today)
            try stopUse("received-after", winners[2], on: "2026-11-12", clock: AuditClock.today)
            try stopUse("received-today", winners[3], on: nil, clock: AuditClock.today)

            let audit = try ws.audit(asOf: "2026-11-18")
            return (ErrorsLab(workspace: ws, transfers: t, recorded: printed, subjects: subjects, audit: audit), ws.root)
        } catch {
            ws.remove()
            throw error
        }
    }
}

extension Trait where Self == SharedWorkspace<ErrorsLab> {
    /// The errors lab, built once for the suite.
    static var errorsLab: Self { SharedWorkspace(build: ErrorsLab.build, local: ErrorsLab.$current) }
}

/// Every error code of `consign audit`, each produced by what a user records, with the records it names;
/// beside each, the clean case the check must leave alone.
@Suite(.errorsLab) struct AuditErrorFindingsTests {
    var lab: ErrorsLab { get throws { try shared(ErrorsLab.$current) } }

    /// The one finding of a code naming a transfer of the set-up, checked for its severity and rule.
    func only(_ code: String, naming record: String, records expected: [String]? = nil) throws -> AuditReportJSON.Finding {
        let lab = try self.lab
        let found = lab.audit.findings(code, naming: record)
        try #require(found.count == 1, "\(code) for \(record):\n\(lab.audit.listing)")
        let finding = found[0]
        #expect(finding.severity == "error")
        #expect(!finding.rule.isEmpty)
        if let expected { #expect(finding.records == expected) }
        return finding
    }

    @Test func theAuditReportsExactlyTheCraftedErrorsAndExitsOne() throws {
        let lab = try self.lab
        #expect(lab.audit.run.status == 1)
        let names = Dictionary(uniqueKeysWithValues: lab.transfers.map { ("transfer \($0.value)", $0.key) })
        // Each finding by its code and the first transfer (by set-up name) or contractor it names.
        let found = lab.audit.findings.map { finding in
            let subject = finding.records.lazy.compactMap { names[$0] }.first ?? finding.records.first { $0.hasPrefix("contractor ") } ?? "?"
            return "\(finding.code) \(subject)"
        }.sorted()
        let expected = [
            "contractor-suspended paused-during",
            "contractor-terminated ended-after",
            "deletion-overdue slow-overdue",
            "foreign-basis-check-overdue contractor overseas-failed",
            "foreign-basis-check-overdue contractor overseas-stale",
            "foreign-basis-check-overdue contractor overseas-unchecked",
            "foreign-transfer-without-basis overseas-nobasis",
            "foreign-transfer-without-basis overseas-stale",
            "form-not-permitted narrow-wide",
            "mix-or-enrich-under-entrustment ad-mixed",
            "no-agreement-in-force early",
            "no-selection-evaluation failed",
            "no-selection-evaluation late-first",
            "no-selection-evaluation unvetted",
            "purpose-not-covered seminar",
            "stop-use-not-honoured extract",
            "sub-contractor-not-approved sub-declared-v2",
            "sub-contractor-not-approved sub-late-before",
            "sub-contractor-not-approved sub-named",
        ]
        #expect(found == expected, "\(lab.audit.listing)")
        #expect(lab.audit.report.errors == expected.count && lab.audit.report.warnings == 0)
        #expect(lab.audit.findings.allSatisfy { $0.severity == "error" })
        #expect(lab.audit.report.asOf == "2026-11-18")
        #expect(lab.audit.report.scope.transfers == lab.transfers.count)
        #expect(lab.audit.report.scope.contractors == 22)
        #expect(lab.audit.report.scope.agreements == 22)
    }

    @Test func theCleanTransfersAndContractorsHaveNoFinding() throws {
        let lab = try self.lab
        for name in [
            "clean", "narrow-ok", "paused-before", "paused-after", "ended-before", "late-second", "overseas-ok", "overseas-adequate",
            "slow-confirmed", "slow-confirmed-late", "sub-declared-v1", "sub-late-after", "ad-provided", "ad-unmixed",
        ] {
            #expect(lab.audit.findings(naming: lab.transfer(name)).isEmpty, "\(name): \(lab.audit.listing)")
        }
        for contractor in ["clean-courier", "overseas-ok", "overseas-adequate", "ad-provided"] {
            #expect(lab.audit.findings(naming: "contractor \(contractor)").isEmpty, "\(contractor)")
        }
        #expect(try lab.workspace.run(["ledger", "verify"]).stdout.hasPrefix("intact: "))
    }

    @Test func aTransferWithoutAnAgreementInForceIsAnError() throws {
        let lab = try self.lab
        #expect(lab.recorded["early"]!.contains("(no agreement in force)"))
        let finding = try only(
            "no-agreement-in-force", naming: lab.transfer("early"), records: [lab.transfer("early"), "contractor early-bird"])
        #expect(finding.message.contains("on 2026-11-01 (task prize-shipping, purpose surveys-prizes)"), "\(finding.message)")
        #expect(finding.message.contains("no agreement of the contractor was in force"))
        #expect(finding.rule.contains("APPI Art. 25"))
    }

    @Test func aPurposeNoAgreementInForceCoversIsAnErrorNamingTheAgreementsInForce() throws {
        let lab = try self.lab
        let finding = try only(
            "purpose-not-covered", naming: lab.transfer("seminar"),
            records: [lab.transfer("seminar"), "contractor seminar-only", "agreement AG-SEMINAR v1"])
        #expect(finding.message.contains("AG-SEMINAR v1 covers seminars"), "\(finding.message)")
        #expect(lab.audit.findings("no-agreement-in-force", naming: lab.transfer("seminar")).isEmpty)
    }

    @Test func aFormTheAgreementDoesNotPermitIsAnErrorListingTheForms() throws {
        let lab = try self.lab
        let finding = try only(
            "form-not-permitted", naming: lab.transfer("narrow-wide"),
            records: [lab.transfer("narrow-wide"), "contractor narrow-courier", "agreement AG-NARROW v1"])
        // The full postal code is outside a permission for its first three digits; the phone is not permitted.
        #expect(
            finding.message.contains("sent address.postal_code, contact.phone, which agreement AG-NARROW v1 does not permit"),
            "\(finding.message)")
        #expect(lab.audit.findings("form-not-permitted", naming: lab.transfer("narrow-ok")).isEmpty)
    }

    @Test func aTransferWhileTheContractorWasSuspendedIsAnError() throws {
        let lab = try self.lab
        let finding = try only(
            "contractor-suspended", naming: lab.transfer("paused-during"),
            records: [lab.transfer("paused-during"), "contractor paused-courier"])
        #expect(finding.message.contains("the contractor was suspended"))
        // Before the suspension and after the reinstatement, nothing.
        #expect(lab.audit.findings(naming: "contractor paused-courier").count == 1)
    }

    @Test func aTransferAfterTheContractorWasTerminatedIsAnError() throws {
        let lab = try self.lab
        let finding = try only(
            "contractor-terminated", naming: lab.transfer("ended-after"),
            records: [lab.transfer("ended-after"), "contractor ended-courier"])
        #expect(finding.message.contains("the contractor was terminated"))
        #expect(lab.audit.findings(naming: "contractor ended-courier").count == 1)
    }

    @Test func aFirstTransferWithoutAPassingSelectionEvaluationBeforeItIsAnError() throws {
        let lab = try self.lab
        let unvetted = try only(
            "no-selection-evaluation", naming: "contractor unvetted-courier",
            records: ["contractor unvetted-courier", lab.transfer("unvetted")])
        #expect(unvetted.message.contains("received its first transfer (\(lab.transfers["unvetted"]!)) on 2026-11-01"))
        // Selected only after its first transfer: the finding names that first transfer, not the later one.
        _ = try only(
            "no-selection-evaluation", naming: "contractor late-vetted", records: ["contractor late-vetted", lab.transfer("late-first")])
        // A failed selection, and a periodic pass, are no passing selection.
        _ = try only("no-selection-evaluation", naming: "contractor failed-vetting", records: ["contractor failed-vetting", lab.transfer("failed")])
        #expect(lab.audit.findings("no-selection-evaluation", naming: "contractor clean-courier").isEmpty)
    }

    @Test func aForeignContractBasisNotCheckedWithinTheYearIsAnErrorAsOfTheAudit() throws {
        let lab = try self.lab
        let stale = try only(
            "foreign-basis-check-overdue", naming: "contractor overseas-stale",
            records: ["contractor overseas-stale", "agreement AG-OVERSEAS-STALE v1"])
        #expect(stale.message.contains("overdue (last on 2025-06-01)"), "\(stale.message)")
        #expect(stale.rule.contains("APPI Art. 28(3)"))
        let never = try only(
            "foreign-basis-check-overdue", naming: "contractor overseas-unchecked",
            records: ["contractor overseas-unchecked", "agreement AG-OVERSEAS-UNCHECKED v1"])
        #expect(never.message.contains("never checked"), "\(never.message)")
        let failed = try only("foreign-basis-check-overdue", naming: "contractor overseas-failed")
        #expect(failed.message.contains("on 2026-06-01 failed"), "\(failed.message)")
        // Checked within the year, or an adequacy basis that needs no yearly check: nothing.
        #expect(lab.audit.findings("foreign-basis-check-overdue").count == 3)
        // The check of 2025-06-01 holds until 2026-06-01 inclusive.
        let onTheDay = try lab.workspace.audit(asOf: "2026-06-01")
        #expect(onTheDay.findings("foreign-basis-check-overdue", naming: "contractor overseas-stale").isEmpty, "\(onTheDay.listing)")
        #expect(onTheDay.findings("foreign-basis-check-overdue", naming: "contractor overseas-unchecked").count == 1)
        let dayAfter = try lab.workspace.audit(asOf: "2026-06-02")
        #expect(dayAfter.findings("foreign-basis-check-overdue", naming: "contractor overseas-stale").count == 1, "\(dayAfter.listing)")
    }

    @Test func dataAbroadWithoutAValidBasisOnTheTransferDateIsAnError() throws {
        let lab = try self.lab
        let none = try only(
            "foreign-transfer-without-basis", naming: lab.transfer("overseas-nobasis"),
            records: [lab.transfer("overseas-nobasis"), "contractor overseas-nobasis", "agreement AG-OVERSEAS-NOBASIS v1"])
        #expect(none.message.contains("data went to US but agreement AG-OVERSEAS-NOBASIS v1 records no basis"), "\(none.message)")
        #expect(none.rule == "APPI Art. 28")
        let stale = try only("foreign-transfer-without-basis", naming: lab.transfer("overseas-stale"))
        #expect(stale.message.contains("was overdue (last on 2025-06-01)"), "\(stale.message)")
        #expect(lab.audit.findings("foreign-transfer-without-basis", naming: lab.transfer("overseas-ok")).isEmpty)
        #expect(lab.audit.findings("foreign-transfer-without-basis", naming: lab.transfer("overseas-adequate")).isEmpty)
    }

    @Test func dataNotConfirmedDeletedByItsDueDateIsAnErrorAsOfTheAudit() throws {
        let lab = try self.lab
        // Due 30 days after the transfer: the agreement's retention is shorter than the task's 60 days.
        let finding = try only(
            "deletion-overdue", naming: lab.transfer("slow-overdue"), records: [lab.transfer("slow-overdue"), "contractor slow-deleter"])
        #expect(finding.message.contains("due for deletion or return by 2026-10-01"), "\(finding.message)")
        #expect(finding.message.contains("consign transfer confirm-deletion \(lab.transfers["slow-overdue"]!)"))
        // As of 2026-10-15, the certificate dated 2026-11-01 does not count yet; the one dated 2026-09-20 does.
        let earlier = try lab.workspace.audit(asOf: "2026-10-15")
        #expect(earlier.run.status == 1)
        let overdue = Set(earlier.findings("deletion-overdue").flatMap(\.records))
        #expect(overdue.contains(lab.transfer("slow-overdue")))
        #expect(overdue.contains(lab.transfer("slow-confirmed-late")))
        #expect(!overdue.contains(lab.transfer("slow-confirmed")))
        // As of the due date itself, nothing is overdue yet.
        let onTheDueDate = try lab.workspace.audit(asOf: "2026-10-01")
        #expect(onTheDueDate.findings("deletion-overdue").isEmpty, "\(onTheDueDate.listing)")
    }

    @Test func aSubContractorTheAgreementDoesNotApproveIsAnError() throws {
        let lab = try self.lab
        let named = try only(
            "sub-contractor-not-approved", naming: lab.transfer("sub-named"),
            records: [lab.transfer("sub-named"), "contractor sub-named", "agreement AG-SUB-NAMED v1", "sub-contractor rogue-sub"])
        #expect(
            named.message.contains("sub-contractor rogue-sub (named on the transfer) is not approved by agreement AG-SUB-NAMED v1"),
            "\(named.message)")
        // Declared by the profile version registered before the transfer: v2 for the second, v1 (none) for the first.
        let declared = try only(
            "sub-contractor-not-approved", naming: lab.transfer("sub-declared-v2"),
            records: [lab.transfer("sub-declared-v2"), "contractor sub-declared", "agreement AG-SUB-DECLARED v1", "sub-contractor hidden-sub"])
        #expect(declared.message.contains("sub-contractor hidden-sub (declared in profile v2)"), "\(declared.message)")
        #expect(lab.audit.findings(naming: lab.transfer("sub-declared-v1")).isEmpty)
        // Approved from 2026-11-10: not yet for a transfer on 2026-11-01.
        let late = try only("sub-contractor-not-approved", naming: lab.transfer("sub-late-before"))
        #expect(late.records.last == "sub-contractor late-sub")
        #expect(late.message.contains("(declared in profile v1)"))
    }

    @Test func aTaskThatMixesOrEnrichesUnderAnEntrustmentIsAnErrorFromTheRecordedTemplate() throws {
        let lab = try self.lab
        let finding = try only(
            "mix-or-enrich-under-entrustment", naming: lab.transfer("ad-mixed"),
            records: [lab.transfer("ad-mixed"), "contractor ad-entrusted", "agreement AG-AD-ENTRUSTED v1"])
        #expect(finding.message.contains("task ad-audience-matching v1 lets the contractor mix or enrich the data"), "\(finding.message)")
        #expect(finding.message.contains("agreement AG-AD-ENTRUSTED v1 is an entrustment"))
        #expect(finding.rule.contains("APPI Art. 27(5)(i)"))
        // Under a provision it is allowed; and the transfer recorded with the edited template did not mix.
        #expect(lab.audit.findings("mix-or-enrich-under-entrustment").count == 1)
    }

    @Test func anExtractIncludingASubjectWhoseStopUseWasReceivedBeforeItIsAnError() throws {
        let lab = try self.lab
        let before = lab.subjects["received-before"]!
        let finding = try only(
            "stop-use-not-honoured", naming: lab.transfer("extract"),
            records: [lab.transfer("extract"), "contractor extract-courier", "subject \(before)"])
        #expect(finding.message.contains("on 2026-11-10 included 1 subject(s) on the stop-use list at that time: \(before)"), "\(finding.message)")
        #expect(finding.rule == "APPI Art. 35")
        // Requests received after the extract, or recorded before it (and so left out), are not findings.
        let named = Set(lab.audit.findings.flatMap(\.records))
        for request in ["before-extract", "received-after", "received-today"] {
            #expect(!named.contains("subject \(lab.subjects[request]!)"), "\(request)")
        }
        // As of a date before the request was received, nothing was known to honour.
        let earlier = try lab.workspace.audit(asOf: "2026-11-04")
        #expect(earlier.findings("stop-use-not-honoured").isEmpty)
    }

    @Test func theTextReportHasTheSameFindingsAndTheCSVOpensInPython() throws {
        let lab = try self.lab
        let text = try consign(["audit", "--as-of", "2026-11-18"], in: lab.workspace.root)
        #expect(text.status == 1)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let count = lab.audit.findings.count
        #expect(
            lines.first == "audit as of 2026-11-18: \(count) error(s), 0 warning(s); checked \(lab.transfers.count) transfer(s), "
                + "22 contractor(s), 22 agreement(s), ledger of \(lab.audit.report.scope.events) event(s)")
        #expect(lines.filter { $0.hasPrefix("error: [") }.count == count)
        for finding in lab.audit.findings {
            let block = "error: [\(finding.code)] \(finding.message)\n  rule: \(finding.rule)\n  records: "
                + finding.records.joined(separator: ", ")
            #expect(text.stdout.contains(block))
        }
        let csv = try #require(try pythonCSV(["audit", "--as-of", "2026-11-18", "--format", "csv"], in: lab.workspace.root, status: 1))
        #expect(csv.first == ["severity", "code", "rule", "message", "records"])
        #expect(csv.count == count + 1)
        #expect(Array(csv.dropFirst()) == lab.audit.findings.map { [$0.severity, $0.code, $0.rule, $0.message, $0.records.joined(separator: "; ")] })
    }
}

/// Runs `consign` (CSV on standard output, which must start with a UTF-8 BOM), and reads the CSV back with
/// Python's csv module; its rows, or nil when the output is not what a spreadsheet would open.
func pythonCSV(_ arguments: [String], in directory: URL, status: Int32) throws -> [[String]]? {
    let file = directory.appending(path: "audit-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: file) }
    let audit = try consign(arguments + ["--out", file.path], in: directory)
    #expect(audit.status == status, "\(audit.stderr)")
    let bytes = try [UInt8](Data(contentsOf: file))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "no UTF-8 BOM")
    guard bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return nil }
    let script = """
        import csv, json, sys
        with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
            print(json.dumps(list(csv.reader(f, strict=True))))
        """
    let python = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file.path])
    #expect(python.status == 0, "\(python.stderr)")
    return try JSONDecoder().decode([[String]].self, from: Data(python.stdout.utf8))
}
