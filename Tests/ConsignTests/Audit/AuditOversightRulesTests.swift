import ConsignCore
@testable import ConsignWorkspace
import Testing

/// The audit's rules on a register built in memory (`AuditLab`): data abroad and its basis, the
/// sub-contractors the data reaches, the selection before a first transfer, the stop-use list, and the
/// register's clock. Each rule beside the near case it must leave alone.
@Suite struct AuditOversightRulesTests {
    typealias Lab = AuditLab

    // MARK: Data abroad

    /// A contractor in the US under an agreement for Japan and the US, selected on 2026-01-15.
    func overseas(_ id: String, basis: ForeignBasis.Kind?, countries: [String] = ["JP", "US"], in lab: inout AuditLab) throws
        -> Agreement
    {
        let agreement = Lab.agreement("AG-\(id.uppercased())", with: id, countries: countries, basis: basis)
        try lab.contractor(id, country: countries.last!)
        try lab.register(agreement)
        try lab.evaluate(id, on: "2026-01-15")
        return agreement
    }

    @Test func dataAbroadWithoutAValidBasisOnTheTransferDateIsAnError() throws {
        var lab = Lab()
        let none = try overseas("no-basis", basis: nil, in: &lab)
        let stale = try overseas("stale", basis: .equivalentMeasuresContract, in: &lab)
        try lab.evaluate("stale", .foreignBasis, on: "2025-06-01")
        _ = try overseas("checked", basis: .equivalentMeasuresContract, in: &lab)
        try lab.evaluate("checked", .foreignBasis, on: "2026-06-01")
        _ = try overseas("adequate", basis: .euUKAdequacy, countries: ["DE"], in: &lab)
        _ = try overseas("at-home", basis: nil, countries: ["JP"], in: &lab)
        let sent = try ["no-basis", "stale", "checked", "adequate", "at-home"].map { try lab.transfer($0, on: "2026-11-01") }
        // The day the yearly check of 2025-06-01 still holds, and the day after.
        let staleInTime = try lab.transfer("stale", on: "2026-06-01")
        let staleLate = try lab.transfer("stale", on: "2026-06-02")
        let audit = lab.audit(asOf: "2026-11-18")

        let missing = try audit.only(.foreignTransferWithoutBasis, naming: .of(sent[0]))
        #expect(missing.severity == .error)
        #expect(missing.records == [.of(sent[0]), .contractor("no-basis"), .of(none)])
        #expect(missing.message == AuditText.foreignTransferWithoutBasis(sent[0], countries: ["US"], .missing(none)).text())
        let overdue = try audit.only(.foreignTransferWithoutBasis, naming: .of(staleLate))
        #expect(
            overdue.message
                == AuditText.foreignTransferWithoutBasis(staleLate, countries: ["US"], .checkOverdue(stale, last: day("2025-06-01"))).text())
        #expect(audit.findings(.foreignTransferWithoutBasis, naming: .of(sent[1])).count == 1)
        for t in [staleInTime, sent[2], sent[3], sent[4]] {
            #expect(audit.findings(.foreignTransferWithoutBasis, naming: .of(t)).isEmpty, "\(t.contractor) \(t.on): \(audit.listing)")
        }
    }

    @Test func aFailedOrMissingCheckOfAContractBasisLeavesATransferWithoutBasis() throws {
        var lab = Lab()
        let never = try overseas("unchecked", basis: .equivalentMeasuresContract, in: &lab)
        let failed = try overseas("failed", basis: .equivalentMeasuresContract, in: &lab)
        try lab.evaluate("failed", .foreignBasis, .fail, on: "2026-06-01")
        let a = try lab.transfer("unchecked", on: "2026-11-01")
        let b = try lab.transfer("failed", on: "2026-11-01")
        let audit = lab.audit(asOf: "2026-11-18")
        #expect(
            try audit.only(.foreignTransferWithoutBasis, naming: .of(a)).message
                == AuditText.foreignTransferWithoutBasis(a, countries: ["US"], .neverChecked(never)).text())
        #expect(
            try audit.only(.foreignTransferWithoutBasis, naming: .of(b)).message
                == AuditText.foreignTransferWithoutBasis(b, countries: ["US"], .checkFailed(failed, on: day("2026-06-01"))).text())
    }

    /// A transfer recorded as going abroad is abroad, whatever the agreement's countries.
    @Test func aTransferRecordedAsGoingAbroadUnderADomesticAgreementNeedsABasis() throws {
        var lab = Lab()
        let domestic = try overseas("domestic", basis: nil, countries: ["JP"], in: &lab)
        let abroad = try lab.transfer("domestic", on: "2026-11-01", countries: ["JP", "SG"])
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.foreignTransferWithoutBasis, naming: .of(abroad))
        #expect(finding.message == AuditText.foreignTransferWithoutBasis(abroad, countries: ["SG"], .missing(domestic)).text())
    }

    @Test func aForeignContractBasisNotCheckedWithinTheYearIsAnErrorAsOfTheAudit() throws {
        var lab = Lab()
        let stale = try overseas("stale", basis: .equivalentMeasuresContract, in: &lab)
        try lab.evaluate("stale", .foreignBasis, on: "2025-06-01")
        let never = try overseas("unchecked", basis: .equivalentMeasuresContract, in: &lab)
        let failed = try overseas("failed", basis: .equivalentMeasuresContract, in: &lab)
        try lab.evaluate("failed", .foreignBasis, .fail, on: "2026-03-01")
        _ = try overseas("checked", basis: .equivalentMeasuresContract, in: &lab)
        try lab.evaluate("checked", .foreignBasis, on: "2026-06-01")
        _ = try overseas("adequate", basis: .euUKAdequacy, countries: ["DE"], in: &lab)
        // A contract basis for data that stays at home needs no yearly check.
        _ = try overseas("at-home", basis: .equivalentMeasuresContract, countries: ["JP"], in: &lab)
        // Terminated, or its agreement over: nothing to supervise.
        _ = try overseas("terminated", basis: .equivalentMeasuresContract, in: &lab)
        try lab.terminate("terminated", on: "2026-05-01")
        let ended = Lab.agreement("AG-ENDED", with: "ended", to: "2026-03-31", countries: ["JP", "US"], basis: .equivalentMeasuresContract)
        try lab.selectedContractor("ended", under: ended)

        let dayAfter = lab.audit(asOf: "2026-06-02")
        let overdue = try dayAfter.only(.foreignBasisCheckOverdue, naming: .contractor("stale"))
        #expect(overdue.severity == .error)
        #expect(overdue.records == [.contractor("stale"), .of(stale)])
        #expect(
            overdue.message == AuditText.foreignBasisCheckOverdue(contractor: "stale", .checkOverdue(stale, last: day("2025-06-01"))).text())
        #expect(
            try dayAfter.only(.foreignBasisCheckOverdue, naming: .contractor("unchecked")).message
                == AuditText.foreignBasisCheckOverdue(contractor: "unchecked", .neverChecked(never)).text())
        #expect(
            try dayAfter.only(.foreignBasisCheckOverdue, naming: .contractor("failed")).message
                == AuditText.foreignBasisCheckOverdue(contractor: "failed", .checkFailed(failed, on: day("2026-03-01"))).text())
        #expect(dayAfter.findings(.foreignBasisCheckOverdue).count == 3, "\(dayAfter.listing)")
        // The check of 2025-06-01 holds until 2026-06-01 inclusive.
        let onTheDay = lab.audit(asOf: "2026-06-01")
        #expect(onTheDay.findings(.foreignBasisCheckOverdue, naming: .contractor("stale")).isEmpty, "\(onTheDay.listing)")
    }

    // MARK: Sub-contractors

    @Test func aSubContractorNamedOnTheTransferMustBeApprovedForItsPurposeByItsDate() throws {
        var lab = Lab()
        let agreement = Lab.agreement(
            "AG-SUBS", with: "courier",
            approving: [
                Lab.approval("kita-sub"), Lab.approval("late-sub", from: "2026-11-10"),
                Lab.approval("seminar-sub", purposes: ["seminars"]),
            ])
        try lab.selectedContractor("courier", under: agreement)
        let rogue = try lab.transfer("courier", on: "2026-11-01", to: ["rogue-sub"])
        let approved = try lab.transfer("courier", on: "2026-11-01", to: ["kita-sub"])
        let tooEarly = try lab.transfer("courier", on: "2026-11-09", to: ["late-sub"])
        let onTheDay = try lab.transfer("courier", on: "2026-11-10", to: ["late-sub"])
        let otherPurpose = try lab.transfer("courier", on: "2026-11-10", to: ["seminar-sub"])
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.subContractorNotApproved, naming: .of(rogue))
        #expect(finding.severity == .error)
        #expect(finding.records == [.of(rogue), .contractor("courier"), .of(agreement), .subContractor("rogue-sub")])
        #expect(
            finding.message
                == AuditText.subContractorNotApproved(rogue, subContractor: "rogue-sub", .namedOnTransfer, agreement: agreement).text())
        #expect(try audit.only(.subContractorNotApproved, naming: .of(tooEarly)).records.last == .subContractor("late-sub"))
        #expect(try audit.only(.subContractorNotApproved, naming: .of(otherPurpose)).records.last == .subContractor("seminar-sub"))
        #expect(audit.findings(naming: .of(approved)).isEmpty, "\(audit.listing)")
        #expect(audit.findings(naming: .of(onTheDay)).isEmpty, "\(audit.listing)")
    }

    /// The profile version registered before the transfer says which sub-contractors its data reaches.
    @Test func aSubContractorDeclaredInTheProfileBeforeTheTransferMustBeApproved() throws {
        var lab = Lab()
        let agreement = Lab.agreement("AG-DECLARED", with: "declarer", approving: [Lab.approval("kita-sub")])
        try lab.selectedContractor("declarer", declaring: ["kita-sub"], under: agreement)
        let v1 = try lab.transfer("declarer", on: "2026-11-01")
        try lab.contractor("declarer", version: 2, declaring: ["kita-sub", "hidden-sub"])
        let v2 = try lab.transfer("declarer", on: "2026-11-01")
        // Declared for seminars only: the data of surveys and prizes does not reach it.
        try lab.contractor("declarer", version: 3, declaring: ["seminar-sub"], for: ["seminars"])
        let v3 = try lab.transfer("declarer", on: "2026-11-03")
        // Named on the transfer and declared: one finding, as named.
        let both = try lab.transfer("declarer", on: "2026-11-02", to: ["hidden-sub"])
        let audit = lab.audit(asOf: "2026-11-18")
        #expect(audit.findings(naming: .of(v1)).isEmpty, "\(audit.listing)")
        #expect(audit.findings(naming: .of(v3)).isEmpty, "\(audit.listing)")
        let finding = try audit.only(.subContractorNotApproved, naming: .of(v2))
        #expect(finding.records == [.of(v2), .contractor("declarer"), .of(agreement), .subContractor("hidden-sub")])
        #expect(
            finding.message
                == AuditText.subContractorNotApproved(v2, subContractor: "hidden-sub", .declaredInProfile(version: 2), agreement: agreement)
                .text())
        #expect(
            try audit.only(.subContractorNotApproved, naming: .of(both)).message
                == AuditText.subContractorNotApproved(both, subContractor: "hidden-sub", .namedOnTransfer, agreement: agreement).text())
    }

    // MARK: Selection

    @Test func aFirstTransferWithoutAPassingSelectionOnOrBeforeItsDateIsAnError() throws {
        var lab = Lab()
        try lab.contractor("unvetted")
        try lab.register(Lab.agreement("AG-UNVETTED", with: "unvetted"))
        let unvetted = try lab.transfer("unvetted", on: "2026-11-01")
        // Selected on the day of its first transfer: in time.
        try lab.contractor("same-day")
        try lab.register(Lab.agreement("AG-SAME-DAY", with: "same-day"))
        try lab.evaluate("same-day", on: "2026-11-01")
        try lab.transfer("same-day", on: "2026-11-01")
        // Selected only the day after its first transfer (recorded after a later one): that first transfer is named.
        try lab.contractor("late-vetted")
        try lab.register(Lab.agreement("AG-LATE-VETTED", with: "late-vetted"))
        try lab.evaluate("late-vetted", on: "2026-11-02")
        let second = try lab.transfer("late-vetted", on: "2026-11-10")
        let first = try lab.transfer("late-vetted", on: "2026-11-01")
        // A failed selection and a periodic pass are no passing selection.
        try lab.contractor("failed-vetting")
        try lab.register(Lab.agreement("AG-FAILED-VETTING", with: "failed-vetting"))
        try lab.evaluate("failed-vetting", .selection, .fail, on: "2026-10-01")
        try lab.evaluate("failed-vetting", .periodic, on: "2026-10-05")
        let failed = try lab.transfer("failed-vetting", on: "2026-11-01")
        let audit = lab.audit(asOf: "2026-11-18")

        let finding = try audit.only(.noSelectionEvaluation, naming: .contractor("unvetted"))
        #expect(finding.severity == .error)
        #expect(finding.records == [.contractor("unvetted"), .of(unvetted)])
        #expect(try audit.only(.noSelectionEvaluation, naming: .contractor("late-vetted")).records == [.contractor("late-vetted"), .of(first)])
        #expect(
            try audit.only(.noSelectionEvaluation, naming: .contractor("failed-vetting")).records
                == [.contractor("failed-vetting"), .of(failed)])
        #expect(audit.findings(naming: .contractor("same-day")).isEmpty, "\(audit.listing)")
        #expect(audit.findings(naming: .of(second)).isEmpty, "only the first transfer is named: \(audit.listing)")
        #expect(audit.findings(.noSelectionEvaluation).count == 3)
    }

    // MARK: Stop-use

    /// A subject on the stop-use list when a transfer was made (received before its date) or when it was
    /// recorded (recorded before it) should not have been sent.
    @Test func aTransferIncludingASubjectOnTheStopUseListAtThatTimeIsAnError() throws {
        var lab = Lab()
        try lab.selectedContractor("courier", under: Lab.agreement("AG-COURIER", with: "courier"))
        let (recordedBefore, receivedBefore, sameDay, receivedAfter, erased, knownLater): (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666)
        try lab.stopUse(recordedBefore, receivedOn: "2026-11-09")
        // Recorded before the transfer, received (so dated) after its date: known from 2026-11-12.
        try lab.stopUse(knownLater, receivedOn: "2026-11-12")
        let sent = [recordedBefore, receivedBefore, sameDay, receivedAfter, erased, knownLater, 0x9999]
        let extract = try lab.transfer("courier", on: "2026-11-10", subjects: sent)
        let other = try lab.transfer("courier", on: "2026-11-10", subjects: [0x9999])
        try lab.stopUse(receivedBefore, receivedOn: "2026-11-05")
        try lab.stopUse(sameDay, receivedOn: "2026-11-10")
        try lab.stopUse(receivedAfter, receivedOn: "2026-11-12")
        try lab.stopUse(erased, receivedOn: "2026-11-01", request: .erasure)

        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.stopUseNotHonoured, naming: .of(extract))
        #expect(finding.severity == .error)
        let subjects = [recordedBefore, receivedBefore, erased, knownLater].map(Lab.hash)
        #expect(finding.records == [.of(extract), .contractor("courier")] + subjects.map { .subject($0) })
        #expect(finding.message == AuditText.stopUseNotHonoured(extract, subjects: subjects).text())
        #expect(audit.findings(naming: .of(other)).isEmpty)
        #expect(audit.findings(.stopUseNotHonoured).count == 1)
        // As of a date before a request was received, it was not yet on the list.
        let earlier = lab.audit(asOf: "2026-11-11")
        #expect(
            try earlier.only(.stopUseNotHonoured, naming: .of(extract)).records
                == [.of(extract), .contractor("courier")] + [recordedBefore, receivedBefore, erased].map { .subject(Lab.hash($0)) })
        // As of a date before the transfer, nothing was sent.
        #expect(lab.audit(asOf: "2026-11-09").findings(.stopUseNotHonoured).isEmpty)
    }

    // MARK: The register's clock

    @Test func eventsTimedByTheOverrideAfterTheRealClockAreErrors() throws {
        var lab = Lab()
        try lab.contractor("courier")
        lab.clock = .override
        try lab.evaluate("courier", on: "2026-01-15")
        let audit = lab.audit(asOf: "2026-11-18")
        let finding = try audit.only(.clockOverridden, naming: .event(2))
        #expect(finding.severity == .error)
        #expect(finding.records == [.event(2)])
        #expect(audit.findings(.clockOverridden).count == 1)

        // A register that starts under the override may go on under it.
        var demo = Lab()
        demo.clock = .override
        try demo.contractor("courier")
        try demo.evaluate("courier", on: "2026-01-15")
        #expect(demo.audit(asOf: "2026-11-18").findings(.clockOverridden).isEmpty)
    }
}
