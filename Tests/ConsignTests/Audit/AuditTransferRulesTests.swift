import ConsignCore
@testable import ConsignWorkspace
import Testing

/// The audit's rules for one transfer, on a register built in memory (`AuditLab`): the agreement in force
/// on its date as the register knew it then, what that agreement permits, the contractor's status and
/// evaluations, the data's deletion. Each rule beside the near case it must leave alone.
@Suite struct AuditTransferRulesTests {
    typealias Lab = AuditLab

    /// The findings naming a transfer, by code.
    func codes(_ result: AuditResult, _ t: Transfer) -> [FindingCode] { result.findings(naming: .of(t)).map(\.code) }

    @Test func aTransferBeforeTheOnlyAgreementTakesEffectHasNoAgreementInForce() throws {
        var lab = Lab()
        try lab.selectedContractor("early-bird", under: Lab.agreement("AG-EARLY", with: "early-bird", from: "2026-12-01"))
        let before = try lab.transfer("early-bird", on: "2026-11-30")
        let onTheDay = try lab.transfer("early-bird", on: "2026-12-01")
        let audit = lab.audit(asOf: "2026-12-02")
        let finding = try audit.only(.noAgreementInForce, naming: .of(before))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(before), .contractor("early-bird")])
        #expect(audit.findings(naming: .of(onTheDay)).isEmpty, "\(audit.listing)")
    }

    @Test func aTransferTheDayAfterTheAgreementEndsHasNoAgreementInForce() throws {
        var lab = Lab()
        try lab.selectedContractor("ending", under: Lab.agreement("AG-END", with: "ending", to: "2026-10-31"))
        let lastDay = try lab.transfer("ending", on: "2026-10-31")
        let dayAfter = try lab.transfer("ending", on: "2026-11-01")
        let audit = lab.audit(asOf: "2026-11-02")
        #expect(audit.findings(.noAgreementInForce, naming: .of(lastDay)).isEmpty, "\(audit.listing)")
        #expect(try audit.only(.noAgreementInForce, naming: .of(dayAfter)).records == [.of(dayAfter), .contractor("ending")])
    }

    /// DESIGN: documents count once registered. An agreement in force on the transfer's date but registered
    /// after the transfer does not cover it; it covers the transfers recorded after it.
    @Test func anAgreementRegisteredAfterATransferDoesNotCoverIt() throws {
        var lab = Lab()
        try lab.contractor("late-courier")
        try lab.evaluate("late-courier", on: "2026-01-10")
        let before = try lab.transfer("late-courier", on: "2026-11-01")
        try lab.register(Lab.agreement("AG-LATE", with: "late-courier", from: "2026-04-01"))
        let after = try lab.transfer("late-courier", on: "2026-11-01")
        let audit = lab.audit(asOf: "2026-11-18")
        #expect(try audit.only(.noAgreementInForce, naming: .of(before)).records == [.of(before), .contractor("late-courier")])
        #expect(audit.findings(naming: .of(after)).isEmpty, "\(audit.listing)")
    }

    /// The same for a version: an amendment registered after a transfer, though effective before it, does
    /// not count for it; the version registered before does.
    @Test func anAmendmentRegisteredAfterATransferDoesNotCountForIt() throws {
        var lab = Lab()
        let seminars = Lab.agreement("AG-AMENDED", with: "amended", purposes: ["seminars"])
        try lab.selectedContractor("amended", under: seminars)
        let before = try lab.transfer("amended", on: "2026-11-01")
        try lab.register(
            Lab.agreement("AG-AMENDED", version: 2, with: "amended", from: "2026-06-01", purposes: ["seminars", "surveys-prizes"]))
        let after = try lab.transfer("amended", on: "2026-11-01")
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.purposeNotCovered, naming: .of(before))
        #expect(finding.records == [.of(before), .contractor("amended"), .of(seminars)])
        #expect(audit.findings(naming: .of(after)).isEmpty, "\(audit.listing)")
    }

    @Test func aPurposeNoAgreementInForceCoversIsAnErrorNamingTheAgreementsInForce() throws {
        var lab = Lab()
        let seminars = Lab.agreement("AG-SEMINAR", with: "seminar-only", purposes: ["seminars"])
        try lab.selectedContractor("seminar-only", under: seminars)
        let prizes = try lab.transfer("seminar-only", on: "2026-11-01")
        let seminar = try lab.transfer("seminar-only", task: Lab.task("seminar-mailing", purpose: "seminars"), on: "2026-11-01")
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.purposeNotCovered, naming: .of(prizes))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(prizes), .contractor("seminar-only"), .of(seminars)])
        #expect(audit.findings(.noAgreementInForce).isEmpty)
        #expect(audit.findings(naming: .of(seminar)).isEmpty, "\(audit.listing)")
    }

    @Test func aFormTheAgreementDoesNotPermitIsAnErrorListingTheForms() throws {
        var lab = Lab()
        let narrow = Lab.agreement(
            "AG-NARROW", with: "narrow", permitting: ["person.name", "address.postal_code:prefix(3)", "customer.id:hmac"])
        try lab.selectedContractor("narrow", under: narrow)
        let wide = try lab.transfer(
            "narrow", on: "2026-11-01", sending: ["person.name", "address.postal_code", "contact.phone", "customer.id:hmac"])
        let prefix = try lab.transfer("narrow", on: "2026-11-02", sending: ["person.name", "address.postal_code:prefix(3)"])
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.formNotPermitted, naming: .of(wide))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(wide), .contractor("narrow"), .of(narrow)])
        #expect(
            finding.message
                == AuditText.formNotPermitted(
                    wide, forms: [FieldForm("address.postal_code"), FieldForm("contact.phone")], agreement: narrow
                ).text())
        #expect(audit.findings(naming: .of(prefix)).isEmpty, "\(audit.listing)")
    }

    @Test func aFieldNotCollectedForThePurposeIsAnError() throws {
        var lab = Lab()
        try lab.selectedContractor(
            "notes-courier", under: Lab.agreement("AG-NOTES", with: "notes-courier", permitting: ["person.name", "notes", "customer.id:hmac"]))
        // The free-text notes are collected for inquiries only, not for surveys and prizes.
        let notes = try lab.transfer("notes-courier", on: "2026-11-01", sending: ["person.name", "notes"])
        let clean = try lab.transfer("notes-courier", on: "2026-11-02", sending: ["person.name", "customer.id:hmac"])
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.fieldNotCollectedForPurpose, naming: .of(notes))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(notes), .contractor("notes-courier")])
        #expect(finding.message == AuditText.fieldNotCollected(notes, forms: [FieldForm("notes")]).text())
        #expect(audit.findings(naming: .of(clean)).isEmpty, "\(audit.listing)")
    }

    // MARK: Pseudonymised information

    func statisticsLab(_ relationship: Agreement.Relationship = .entrustment) throws -> AuditLab {
        var lab = Lab()
        try lab.selectedContractor(
            "stats-lab",
            under: Lab.agreement(
                "AG-STATS", with: "stats-lab", relationship, purposes: ["statistics"],
                permitting: ["person.name", "customer.id:hmac", "address.prefecture", "person.gender"]))
        return lab
    }

    @Test func aPseudonymisedTaskThatSendsADirectIdentifierIsAnError() throws {
        var lab = try statisticsLab()
        let named = try lab.transfer("stats-lab", task: Lab.statistics, on: "2026-11-01", sending: ["person.name", "person.gender"])
        let clean = try lab.transfer(
            "stats-lab", task: Lab.statistics, on: "2026-11-02", sending: ["customer.id:hmac", "address.prefecture", "person.gender"])
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.pseudonymisationBroken, naming: .of(named))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(named), .contractor("stats-lab")])
        #expect(
            finding.message
                == AuditText.pseudonymisationBroken(named, task: "statistics-abroad", version: 1, [.directIdentifiers([FieldForm("person.name")])])
                .text())
        #expect(audit.findings(naming: .of(clean)).isEmpty, "\(audit.listing)")
    }

    @Test func aPseudonymisedTaskUnderAProvisionOrContactingThePersonIsAnError() throws {
        var lab = try statisticsLab(.provision)
        let forms = ["customer.id:hmac", "person.gender"]
        let provided = try lab.transfer("stats-lab", task: Lab.statistics, on: "2026-11-01", sending: forms)
        let calling = Lab.task("statistics-survey", purpose: "statistics", contactsPerson: true, pseudonymised: true)
        let called = try lab.transfer("stats-lab", task: calling, on: "2026-11-02", sending: forms)
        // A task that is not pseudonymised may contact the person and send direct identifiers.
        let plain = try lab.transfer(
            "stats-lab", task: Lab.task("statistics-plain", purpose: "statistics", contactsPerson: true), on: "2026-11-03",
            sending: ["person.name"])
        let audit = lab.audit(asOf: "2026-11-18")
        #expect(
            try audit.only(.pseudonymisationBroken, naming: .of(provided)).message
                == AuditText.pseudonymisationBroken(provided, task: "statistics-abroad", version: 1, [.relationship(.provision)]).text())
        #expect(
            try audit.only(.pseudonymisationBroken, naming: .of(called)).message
                == AuditText.pseudonymisationBroken(called, task: "statistics-survey", version: 1, [.relationship(.provision), .contactsPerson])
                .text())
        #expect(audit.findings(.pseudonymisationBroken, naming: .of(plain)).isEmpty, "\(audit.listing)")
    }

    /// With no agreement in force there is no relationship to break; what was sent still counts.
    @Test func aPseudonymisedTaskWithoutAnAgreementIsJudgedByWhatItSent() throws {
        var lab = Lab()
        try lab.contractor("unbound")
        try lab.evaluate("unbound", on: "2026-01-15")
        let named = try lab.transfer("unbound", task: Lab.statistics, on: "2026-11-01", sending: ["person.name", "person.gender"])
        let clean = try lab.transfer("unbound", task: Lab.statistics, on: "2026-11-02", sending: ["customer.id:hmac", "person.gender"])
        let audit = lab.audit(asOf: "2026-11-18")
        #expect(named.relationship == nil)
        #expect(
            try audit.only(.pseudonymisationBroken, naming: .of(named)).message
                == AuditText.pseudonymisationBroken(named, task: "statistics-abroad", version: 1, [.directIdentifiers([FieldForm("person.name")])])
                .text())
        #expect(audit.findings(naming: .of(clean)).map(\.code) == [.noAgreementInForce], "\(audit.listing)")
    }

    // MARK: Mix or enrich

    @Test func aTaskThatMixesOrEnrichesUnderAnEntrustmentIsAnErrorFromTheRecordedTemplate() throws {
        var lab = Lab()
        let entrusted = Lab.agreement(
            "AG-AD-ENTRUSTED", with: "ad-entrusted", purposes: ["advertising"], permitting: ["customer.id:hmac", "address.prefecture"])
        try lab.selectedContractor("ad-entrusted", under: entrusted)
        let provided = Lab.agreement(
            "AG-AD-PROVIDED", with: "ad-provided", .provision, purposes: ["advertising"],
            permitting: ["customer.id:hmac", "address.prefecture"])
        try lab.selectedContractor("ad-provided", under: provided)
        let forms = ["customer.id:hmac", "address.prefecture"]
        let mixed = try lab.transfer("ad-entrusted", task: Lab.adMatching, on: "2026-11-01", sending: forms)
        let underProvision = try lab.transfer("ad-provided", task: Lab.adMatching, on: "2026-11-01", sending: forms)
        // The same template id and version, edited not to mix: other bytes, judged by what they say.
        var edited = Lab.adMatching
        edited.mixOrEnrich = false
        let unmixed = try lab.transfer("ad-entrusted", task: edited, on: "2026-11-02", sending: forms)
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.mixOrEnrichUnderEntrustment, naming: .of(mixed))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(mixed), .contractor("ad-entrusted"), .of(entrusted)])
        #expect(audit.findings(naming: .of(underProvision)).isEmpty, "\(audit.listing)")
        #expect(audit.findings(naming: .of(unmixed)).isEmpty, "\(audit.listing)")
    }

    /// A provision whose task did not require the consent its agreement relies on, and provisions without their
    /// Art. 29 record (a register an earlier release wrote: consign now appends the record with every provision).
    @Test func aProvisionWithoutItsConsentInScopeOrWithoutItsRecordIsReported() throws {
        var lab = Lab()
        var provided = Lab.agreement(
            "AG-AD-PROVIDED", with: "ad-provided", .provision, purposes: ["advertising"],
            permitting: ["customer.id:hmac", "address.prefecture"])
        provided.provision = ProvisionTerms(consentField: "consent.newsletter", recipientPurposes: "its own advertising")
        try lab.selectedContractor("ad-provided", under: provided)
        var scoped = Lab.adMatching
        scoped.rowScope = RowScope(consents: [Located("consent.newsletter")])
        let forms = ["customer.id:hmac", "address.prefecture"]
        let consented = try lab.transfer("ad-provided", task: scoped, on: "2026-11-01", sending: forms)
        let unconsented = try lab.transfer("ad-provided", task: Lab.adMatching, on: "2026-11-02", sending: forms)
        let audit = lab.audit(asOf: "2026-11-18")
        let missing = audit.findings(.provisionNotRecorded)
        #expect(missing.map { $0.records[0] } == [.of(consented), .of(unconsented)], "\(audit.listing)")
        #expect(missing.allSatisfy { $0.severity == .error && $0.records.contains(.of(provided)) })
        let withoutConsent = try audit.only(.provisionWithoutConsent, naming: .of(unconsented))
        #expect(withoutConsent.message.contains("relies on each person's consent in consent.newsletter"))
        #expect(audit.findings(.provisionWithoutConsent, naming: .of(consented)).isEmpty, "\(audit.listing)")
    }

    // MARK: The contractor's status and evaluations

    /// A change dated the transfer's day counts when recorded before the transfer, not after it.
    @Test func aTransferWhileTheContractorWasSuspendedIsAnError() throws {
        var lab = Lab()
        try lab.selectedContractor("paused", under: Lab.agreement("AG-PAUSED", with: "paused"))
        let dayBefore = try lab.transfer("paused", on: "2026-10-14")
        let morning = try lab.transfer("paused", on: "2026-10-15")
        try lab.suspend("paused", on: "2026-10-15")
        let afternoon = try lab.transfer("paused", on: "2026-10-15")
        let lastDay = try lab.transfer("paused", on: "2026-11-04")
        try lab.reinstate("paused", on: "2026-11-05")
        let reinstated = try lab.transfer("paused", on: "2026-11-05")
        let audit = lab.audit(asOf: "2026-11-18")
        for t in [afternoon, lastDay] {
            let finding = try audit.only(.contractorSuspended, naming: .of(t))
            #expect(finding.severity == .error)
            #expect(finding.records == [.of(t), .contractor("paused")])
        }
        for t in [dayBefore, morning, reinstated] {
            #expect(audit.findings(naming: .of(t)).isEmpty, "\(t.on): \(audit.listing)")
        }
    }

    @Test func aTransferAfterTheContractorWasTerminatedIsAnError() throws {
        var lab = Lab()
        try lab.selectedContractor("ended", under: Lab.agreement("AG-ENDED", with: "ended"))
        let morning = try lab.transfer("ended", on: "2026-10-15")
        try lab.terminate("ended", on: "2026-10-15")
        let afternoon = try lab.transfer("ended", on: "2026-10-15")
        let later = try lab.transfer("ended", on: "2026-10-20")
        let audit = lab.audit(asOf: "2026-11-18")
        for t in [afternoon, later] {
            let finding = try audit.only(.contractorTerminated, naming: .of(t))
            #expect(finding.severity == .error)
            #expect(finding.records == [.of(t), .contractor("ended")])
        }
        #expect(audit.findings(naming: .of(morning)).isEmpty, "\(audit.listing)")
        #expect(audit.findings(.contractorSuspended).isEmpty)
    }

    @Test func aTransferOnOrAfterAFailedEvaluationIsAnErrorUntilAPassingOne() throws {
        var lab = Lab()
        try lab.selectedContractor("shaky", under: Lab.agreement("AG-SHAKY", with: "shaky"))
        try lab.evaluate("shaky", .periodic, .fail, on: "2026-10-01")
        try lab.evaluate("shaky", .periodic, .pass, on: "2026-10-20")
        // A failed check of a foreign basis is no evaluation of the contractor.
        try lab.evaluate("shaky", .foreignBasis, .fail, on: "2026-10-25")
        let dayBefore = try lab.transfer("shaky", on: "2026-09-30")
        let onTheDay = try lab.transfer("shaky", on: "2026-10-01")
        let passed = try lab.transfer("shaky", on: "2026-10-20")
        let afterForeignCheck = try lab.transfer("shaky", on: "2026-10-26")
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.evaluationFailed, naming: .of(onTheDay))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(onTheDay), .contractor("shaky")])
        #expect(finding.message == AuditText.evaluationFailed(onTheDay, .periodic, on: day("2026-10-01")).text())
        for t in [dayBefore, passed, afterForeignCheck] {
            #expect(audit.findings(naming: .of(t)).isEmpty, "\(t.on): \(audit.listing)")
        }
    }

    @Test func aFailureRecordedAfterAPassOnTheSameDayStands() throws {
        var lab = Lab()
        try lab.selectedContractor("wavering", under: Lab.agreement("AG-WAVERING", with: "wavering"))
        try lab.evaluate("wavering", .periodic, .pass, on: "2026-10-01")
        try lab.evaluate("wavering", .periodic, .fail, on: "2026-10-01")
        let t = try lab.transfer("wavering", on: "2026-10-02")
        #expect(try lab.audit(asOf: "2026-11-18").only(.evaluationFailed, naming: .of(t)).severity == .error)
    }

    // MARK: Deletion

    /// Due 30 days after the transfer when the agreement's retention is shorter than the task's 60 days.
    @Test func dataNotConfirmedDeletedByItsDueDateIsAnErrorAsOfTheAudit() throws {
        var lab = Lab()
        try lab.selectedContractor("slow", under: Lab.agreement("AG-SLOW", with: "slow", retentionMaxDays: 30))
        let open = try lab.transfer("slow", on: "2026-09-01")
        let confirmed = try lab.transfer("slow", on: "2026-09-02")
        try lab.confirmDeletion(of: confirmed, on: "2026-09-20")
        let confirmedLate = try lab.transfer("slow", on: "2026-09-03")
        try lab.confirmDeletion(of: confirmedLate, on: "2026-11-01")
        #expect(open.retentionDue == day("2026-10-01"))

        #expect(lab.audit(asOf: "2026-10-01").findings(.deletionOverdue).isEmpty, "on the due date, not yet")
        let dayAfter = lab.audit(asOf: "2026-10-02")
        let finding = try dayAfter.only(.deletionOverdue, naming: .of(open))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(open), .contractor("slow")])
        // A certificate counts from the date it states: not yet as of 2026-10-15, from 2026-11-01.
        let midOctober = lab.audit(asOf: "2026-10-15")
        #expect(midOctober.findings(.deletionOverdue).map(\.records[0]) == [.of(open), .of(confirmedLate)], "\(midOctober.listing)")
        let november = lab.audit(asOf: "2026-11-01")
        #expect(november.findings(.deletionOverdue).map(\.records[0]) == [.of(open)], "\(november.listing)")
    }

    @Test func aTransferAfterTheAuditDateIsNotChecked() throws {
        var lab = Lab()
        try lab.contractor("future")
        let t = try lab.transfer("future", on: "2026-12-01")
        #expect(lab.audit(asOf: "2026-11-18").findings.isEmpty)
        #expect(lab.audit(asOf: "2026-12-01").findings(naming: .of(t)).map(\.code).contains(.noAgreementInForce))
    }
}
