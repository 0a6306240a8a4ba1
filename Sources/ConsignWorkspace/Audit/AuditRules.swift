import ConsignCore
import ConsignStore

/// The audit's checks (DESIGN: The ledger and the audit). The planner refuses what it can before a
/// transfer; the audit checks every transfer afterwards, because transfers can be recorded by hand and
/// because time passes: agreements expire, evaluations fall due, certificates become overdue.
enum AuditRules {
    /// How long a selection or periodic evaluation stays current (custom: yearly, "more than 12 months").
    static let evaluationYears = 1
    /// How far ahead an agreement's end is reported.
    static let expiryNoticeDays = 30
    /// How far ahead a certification's expiry is reported (a Privacy Mark's renewal is applied for four to
    /// eight months before it expires; three months' notice leaves time to ask for the renewed one).
    static let certificationNoticeDays = 90

    static func findings(_ context: AuditContext) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        // Positions of the transfers up to the audit's date (the register holds them in recorded order);
        // the rules read them in place rather than copying hundreds of thousands of transfers.
        let all = context.register.transfers
        let transfers = all.indices.filter { all[$0].value.on <= context.asOf }
        findings += transfers.parallelMap { transferFindings(all[$0], context) }.joined()
        findings += selectionFindings(transfers, context)
        findings += stopUseFindings(context)
        for contractor in context.register.contractors.values.sorted(by: { $0.id < $1.id }) {
            findings += supervisionFindings(contractor, context)
        }
        for history in context.histories.sorted(by: { $0.id < $1.id }) {
            findings += agreementFindings(history, transfers: transfers, context)
        }
        findings += requestFindings(context)
        findings += statisticsFindings(context)
        findings += anonymisedFindings(context)
        findings += clockFindings(context.register)
        findings += context.incidents.flatMap { incidentFindings($0, context) }
        return findings
    }

    /// Events timed by the clock override after the register's events were timed by the real clock: their
    /// times are whatever someone set, so nothing dated by them can be trusted (a demo or test register,
    /// which starts under the override, may go on under it).
    static func clockFindings(_ register: Register) -> [AuditFinding] {
        register.overriddenAfterRealClock.map { recorded in
            let event = recorded.event
            return AuditFinding(
                .clockOverridden,
                Message.clockOverridden(event: recorded.sequence, kind: event.kind, at: event.recordedAt, by: event.recordedBy).text(),
                records: [AuditRecord.event(recorded.sequence)])
        }
    }

    // MARK: Transfers

    /// One transfer against the agreement in force on its date, the contractor's status then, and its
    /// deletion due date.
    static func transferFindings(_ recorded: Recorded<Transfer>, _ context: AuditContext) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        let t = recorded.value
        // Worded only for a finding: most transfers have none, and there are hundreds of thousands.
        var records: [AuditText.Record] { [AuditRecord.transfer(t), AuditRecord.contractor(t.contractor)] }
        // A disclosure without consent under an exception of APPI Art. 27(1) needs no agreement, only its reference.
        if let provision = context.register.provisionRecords[t.id]?.value, case .exception(let exception) = provision.basis {
            if provision.legalReference.isEmpty {
                findings.append(
                    AuditFinding(.disclosureWithoutReference, AuditText.disclosureWithoutReference(t, exception).text(), records: records))
            }
            return findings + purposeFindings(t, relationship: nil, records: { records }, context)
        }
        let histories = context.histories(of: t.contractor, before: recorded.sequence)
        var covering: Agreement?
        switch histories.coverage(purpose: t.purpose, on: t.on) {
        case .noAgreementInForce:
            findings.append(AuditFinding(.noAgreementInForce, AuditText.noAgreementInForce(t).text(), records: records))
        case .purposeNotCovered(let inForce):
            findings.append(
                AuditFinding(
                    .purposeNotCovered, AuditText.purposeNotCovered(t, inForce: inForce).text(),
                    records: records + inForce.map(AuditRecord.agreement)))
        case .covered(let agreement):
            covering = agreement
            findings += coveredTransferFindings(recorded, agreement: agreement, records: { records }, context)
        }
        findings += minimalityFindings(t, agreement: covering, records: { records }, context)
        if t.delivery.channel == .passwordZIPSameRoute {
            findings.append(AuditFinding(.passwordZIPChannel, AuditText.passwordZIPChannel(t).text(), records: records))
        }
        findings += purposeFindings(t, relationship: t.relationship, records: { records }, context)
        if let contractor = context.register.contractors[t.contractor] {
            if contractor.evaluations.contains(where: { $0.value.result == .fail }),
                let latest = Planner.latestEvaluation(
                    contractor.evaluations.map(\.value).filter { $0.kind != .foreignBasis && $0.on <= t.on }),
                latest.result == .fail
            {
                findings.append(
                    AuditFinding(.evaluationFailed, AuditText.evaluationFailed(t, latest.kind, on: latest.on).text(), records: records))
            }
            switch contractor.status(on: t.on, before: recorded.sequence) {
            case .active: break
            case .suspended:
                findings.append(AuditFinding(.contractorSuspended, AuditText.contractorStatus(t, .suspended).text(), records: records))
            case .terminated:
                findings.append(AuditFinding(.contractorTerminated, AuditText.contractorStatus(t, .terminated).text(), records: records))
            }
        }
        if t.origin == .recorded, t.rows > 0, t.subjects.count == 0 {
            findings.append(AuditFinding(.subjectsNotRecorded, AuditText.subjectsNotRecorded(t).text(), records: records))
        }
        let confirmation = context.register.deletions[t.id]?.value
        if t.retentionDue < context.asOf, confirmation.map({ $0.on > context.asOf }) ?? true {
            findings.append(AuditFinding(.deletionOverdue, AuditText.deletionOverdue(t).text(), records: records))
        }
        return findings
    }

    /// The forms a transfer sent against the minimum for its task, recomputed from the catalog and task it
    /// recorded and the agreement in force on its date (none: every form the catalog has): sending more
    /// than that minimum costs is `not-minimal`, naming the forms beyond the minimum's and the difference.
    /// An extract sends its plan, so only a catalog, task or agreement not as the plan read them, or a
    /// transfer recorded by hand, can be found.
    static func minimalityFindings(
        _ t: Transfer, agreement: Agreement?, records: () -> [AuditText.Record], _ context: AuditContext
    ) -> [AuditFinding] {
        guard let catalog = context.catalogs[t.catalog.sha256],
            let minimum = context.minimum(task: t.task.sha256, catalog: t.catalog.sha256, agreement: agreement),
            let cost = Planner.cost(of: Set(t.forms), catalog: catalog), cost > minimum.cost
        else { return [] }
        let beyond = t.forms.filter { !minimum.forms.contains($0) }
        return [
            AuditFinding(
                .notMinimal,
                AuditText.notMinimal(t, beyond: beyond, cost: cost, minimum: minimum.cost, sends: minimum.forms.sorted()).text(),
                records: records() + (agreement.map { [AuditRecord.agreement($0)] } ?? []))
        ]
    }

    /// What the catalog and task the transfer used say of the data sent: every field collected for the
    /// purpose, and a pseudonymised task kept to its rules (entrustment only, no direct identifier, never
    /// contacting the person).
    static func purposeFindings(
        _ t: Transfer, relationship: Agreement.Relationship?, records: () -> [AuditText.Record], _ context: AuditContext
    ) -> [AuditFinding] {
        guard let catalog = context.catalogs[t.catalog.sha256] else { return [] }
        var findings: [AuditFinding] = []
        let uncollected = t.forms.filter { !catalog.collects($0.field, for: t.purpose) }
        if !uncollected.isEmpty {
            findings.append(
                AuditFinding(
                    .fieldNotCollectedForPurpose, AuditText.fieldNotCollected(t, forms: uncollected).text(), records: records()))
        }
        if let task = context.tasks[t.task.sha256], task.pseudonymised {
            var broken: [AuditText.PseudonymisationBreak] = []
            if let relationship, relationship != .entrustment { broken.append(.relationship(relationship)) }
            let direct = t.forms.filter { catalog.variant($0)?.identifiability == .direct }
            if !direct.isEmpty { broken.append(.directIdentifiers(direct)) }
            let payment = t.forms.filter { catalog.field($0.field)?.paymentCredential == true }
            if !payment.isEmpty { broken.append(.paymentCredentials(payment)) }
            if task.contactsPerson { broken.append(.contactsPerson) }
            if !broken.isEmpty {
                findings.append(
                    AuditFinding(
                        .pseudonymisationBroken,
                        AuditText.pseudonymisationBroken(t, task: task.id, version: task.version, broken).text(),
                        records: records()))
            }
        }
        return findings
    }

    /// What the agreement in force on a transfer's date says about the forms sent, the task's nature, the
    /// countries (the agreement's, and those where the contractor's profile then held the data) and the
    /// sub-contractors.
    static func coveredTransferFindings(
        _ recorded: Recorded<Transfer>, agreement: Agreement, records transferRecords: () -> [AuditText.Record], _ context: AuditContext
    ) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        let t = recorded.value
        var records: [AuditText.Record] { transferRecords() + [AuditRecord.agreement(agreement)] }
        let catalog = context.catalogs[t.catalog.sha256]
        // Without consent in the task's row scope, a provision may carry none (APPI Art. 27(2)).
        let consented = agreement.relationship != .provision || !(context.tasks[t.task.sha256]?.rowScope.consents.isEmpty ?? true)
        let carelessly = Array(Set(t.forms.map(\.field))).sorted().filter { field in
            catalog?.field(field)?.specialCare == true && !(agreement.permitsAsSpecialCare(field) && consented)
        }
        if !carelessly.isEmpty {
            findings.append(
                AuditFinding(
                    .specialCareNotPermitted, AuditText.specialCareNotPermitted(t, fields: carelessly, agreement: agreement).text(),
                    records: records))
        }
        findings += relationshipFindings(recorded, agreement: agreement, records: { records }, context)
        if agreement.clauses.encryptedDeliveryRequired, t.delivery.recipientFingerprint == nil {
            findings.append(
                AuditFinding(.encryptionRequired, AuditText.encryptionRequired(t, agreement: agreement).text(), records: records))
        }
        let outside = t.forms.filter { !agreement.permits($0) }
        if !outside.isEmpty {
            findings.append(
                AuditFinding(.formNotPermitted, AuditText.formNotPermitted(t, forms: outside, agreement: agreement).text(), records: records))
        }
        if let task = context.tasks[t.task.sha256], task.mixOrEnrich, agreement.relationship == .entrustment {
            findings.append(
                AuditFinding(
                    .mixOrEnrichUnderEntrustment,
                    AuditText.mixOrEnrichUnderEntrustment(t, task: task.id, version: task.version, agreement: agreement).text(),
                    records: records))
        }
        let abroad = t.countries.contains { $0 != context.homeCountry } || agreement.countries.contains { $0 != context.homeCountry }
        if abroad, let problem = foreignBasisProblem(agreement, contractor: t.contractor, on: t.on, context) {
            let countries = Set(agreement.foreignCountries(home: context.homeCountry) + t.countries.filter { $0 != context.homeCountry })
            findings.append(
                AuditFinding(
                    .foreignTransferWithoutBasis,
                    AuditText.foreignTransferWithoutBasis(t, countries: countries.sorted(), problem).text(), records: records))
        }
        let profile = context.profile(of: t.contractor, before: recorded.sequence)
        for lapse in catalog.map({ agreement.certificationLapses(of: profile, company: $0.company, on: t.on) }) ?? [] {
            findings.append(
                AuditFinding(.certificationLapsed, AuditText.certificationLapsed(t, lapse).text(), records: records))
        }
        if let profile {
            let gaps = agreement.countryGaps(of: profile, purposes: [t.purpose], home: context.homeCountry)
            if !gaps.isEmpty {
                findings.append(
                    AuditFinding(
                        .countryNotCovered, AuditText.countryNotCovered(t, agreement: agreement, profile: profile.version, gaps).text(),
                        records: records))
            }
        }
        for sub in subContractorsInUse(recorded, context) {
            let approved = agreement.approvedSubContractors.contains {
                $0.subContractor == sub.id && $0.purposes.contains(t.purpose) && $0.approvedOn <= t.on
            }
            if !approved {
                findings.append(
                    AuditFinding(
                        .subContractorNotApproved,
                        AuditText.subContractorNotApproved(t, subContractor: sub.id, sub.source, agreement: agreement).text(),
                        records: records + [AuditRecord.subContractor(sub.id)]))
            }
        }
        return findings
    }

    /// The sub-contractors a transfer's data reaches: those named on it, and those the contractor's profile
    /// (the version registered before the transfer) declares for its purpose.
    static func subContractorsInUse(
        _ recorded: Recorded<Transfer>, _ context: AuditContext
    ) -> [(id: String, source: AuditText.SubContractorSource)] {
        let t = recorded.value
        var inUse = t.receivingSubContractors.map { (id: $0, source: AuditText.SubContractorSource.namedOnTransfer) }
        if let profile = context.profile(of: t.contractor, before: recorded.sequence) {
            for declared in profile.subContractors where declared.purposes.contains(t.purpose) {
                if !inUse.contains(where: { $0.id == declared.id }) {
                    inUse.append((declared.id, .declaredInProfile(version: profile.version)))
                }
            }
        }
        return inUse
    }

    /// Why an agreement gives no valid basis for data abroad on a date, or nil when it does (EU/UK
    /// adequacy, APEC CBPR, consent, or a contract securing equivalent measures whose yearly check passed
    /// within the year).
    static func foreignBasisProblem(
        _ agreement: Agreement, contractor: String, on date: CalendarDate, _ context: AuditContext
    ) -> AuditText.ForeignBasisProblem? {
        let evaluations = context.register.contractors[contractor]?.evaluations.map(\.value) ?? []
        switch agreement.foreignBasisStanding(on: date, evaluations: evaluations) {
        case .valid: return nil
        case .missing: return .missing(agreement)
        case .checkFailed(let on): return .checkFailed(agreement, on: on)
        case .checkOverdue(nil): return .neverChecked(agreement)
        case .checkOverdue(let lastOn?): return .checkOverdue(agreement, last: lastOn)
        }
    }

    /// A contractor's first transfer needs a passing selection evaluation on or before its date.
    static func selectionFindings(_ transfers: [Int], _ context: AuditContext) -> [AuditFinding] {
        let all = context.register.transfers
        var first: [String: Int] = [:]
        for index in transfers where first[all[index].value.contractor].map({ all[index].value.on < all[$0].value.on }) ?? true {
            // A disclosure under law goes to a court or the police, whom nobody selects.
            if all[index].value.isDisclosureUnderException { continue }
            first[all[index].value.contractor] = index
        }
        return first.keys.sorted().compactMap { id in
            let t = all[first[id]!].value
            let evaluations = context.register.contractors[id]?.evaluations.map(\.value) ?? []
            if evaluations.contains(where: { $0.kind == .selection && $0.result == .pass && $0.on <= t.on }) { return nil }
            return AuditFinding(
                .noSelectionEvaluation, AuditText.noSelectionEvaluation(firstTransfer: t).text(),
                records: [AuditRecord.contractor(id), AuditRecord.transfer(t)])
        }
    }

    /// A transfer that sent a subject whose stop-use request was received before the transfer's date, or
    /// recorded before the transfer.
    static func stopUseFindings(_ context: AuditContext) -> [AuditFinding] {
        let register = context.register
        guard !context.stopUseMatches.isEmpty else { return [] }
        let matched = Set(context.stopUseMatches.map(\.event))
        let transfersByEvent = Dictionary(
            register.transfers.filter { matched.contains($0.sequence) }.map { ($0.sequence, $0) }, uniquingKeysWith: { a, _ in a })
        let stops = Dictionary(
            register.stopUse.values.compactMap { stop in UInt64(stop.value.subject, radix: 16).map { ($0, stop) } },
            uniquingKeysWith: { a, _ in a })
        var hits: [String: (transfer: Transfer, subjects: [String])] = [:]
        for match in context.stopUseMatches {
            guard let recorded = transfersByEvent[match.event], recorded.value.on <= context.asOf,
                let stop = stops[match.subject], stop.value.on <= context.asOf,
                stop.value.on < recorded.value.on || stop.sequence < recorded.sequence
            else { continue }
            hits[recorded.value.id, default: (recorded.value, [])].subjects.append(stop.value.subject)
        }
        return hits.values.sorted { $0.transfer.id < $1.transfer.id }.map { hit in
            let t = hit.transfer
            let subjects = hit.subjects.sorted()
            return AuditFinding(
                .stopUseNotHonoured, AuditText.stopUseNotHonoured(t, subjects: subjects).text(),
                records: [AuditRecord.transfer(t), AuditRecord.contractor(t.contractor)] + subjects.map(AuditRecord.subject))
        }
    }

    // MARK: Contractors and agreements

    /// Periodic re-evaluation and the yearly check of a foreign contract basis, as of the audit's date, for
    /// a contractor not terminated by then.
    static func supervisionFindings(_ contractor: ContractorRecord, _ context: AuditContext) -> [AuditFinding] {
        let asOf = context.asOf
        guard contractor.status(on: asOf) != .terminated else { return [] }
        var findings: [AuditFinding] = []
        let evaluations = contractor.evaluations.map(\.value).filter { $0.on <= asOf }
        let passes = evaluations.filter { $0.kind != .foreignBasis && $0.result == .pass }
        if let last = passes.max(by: { $0.on < $1.on }), asOf > last.on.adding(years: evaluationYears) {
            findings.append(
                AuditFinding(
                    .periodicEvaluationOverdue,
                    AuditText.periodicEvaluationOverdue(contractor: contractor.id, last: last.on, last.kind).text(),
                    records: [AuditRecord.contractor(contractor.id)]))
        }
        findings += certificationFindings(contractor, context)
        findings += reportFindings(contractor, context)
        for history in context.histories where history.contractor == contractor.id {
            guard let agreement = history.inForce(on: asOf),
                agreement.foreignBasis?.kind == .equivalentMeasuresContract,
                !agreement.foreignCountries(home: context.homeCountry).isEmpty,
                let problem = foreignBasisProblem(agreement, contractor: contractor.id, on: asOf, context)
            else { continue }
            findings.append(
                AuditFinding(
                    .foreignBasisCheckOverdue, AuditText.foreignBasisCheckOverdue(contractor: contractor.id, problem).text(),
                    records: [AuditRecord.contractor(contractor.id), AuditRecord.agreement(agreement)]))
        }
        return findings
    }

    /// A contractor's reports (clause d)): the agreement in force on the audit's date asks for one every so
    /// many days, counted from its first transfer under that agreement and then from each report received.
    static func reportFindings(_ contractor: ContractorRecord, _ context: AuditContext) -> [AuditFinding] {
        let asOf = context.asOf
        return context.histories.filter { $0.contractor == contractor.id }.compactMap { history -> AuditFinding? in
            guard let agreement = history.inForce(on: asOf), let days = agreement.clauses.reportingFrequencyDays,
                let first = context.firstTransferOn[agreement.id]
            else { return nil }
            let last = contractor.reports.map(\.value.on).filter { $0 <= asOf }.max()
            guard asOf > (last ?? first).adding(days: days) else { return nil }
            return AuditFinding(
                .contractorReportOverdue,
                AuditText.contractorReportOverdue(
                    contractor: contractor.id, last: last, since: first, agreement: agreement, days: days
                ).text(),
                records: [AuditRecord.contractor(contractor.id), AuditRecord.agreement(agreement)])
        }
    }

    /// An incident: the contractor's notice against the agreement's `incident-reporting notice-hours` (of the
    /// agreements in force on the day the company learned of it, the one its first named transfer went under,
    /// else the first), and, when it must be reported, each report to the PPC against its due date.
    static func incidentFindings(_ facts: IncidentFacts, _ context: AuditContext) -> [AuditFinding] {
        let incident = facts.incident.value
        guard facts.learned <= context.asOf else { return [] }
        var findings: [AuditFinding] = []
        let records = [AuditRecord.incident(incident.id), AuditRecord.contractor(incident.contractor)]
        let histories = context.histories(of: incident.contractor, before: facts.incident.sequence)
        let named = incident.transfers.compactMap { context.register.transfer($0)?.value.agreement }.first
        let inForce = histories.compactMap { $0.inForce(on: facts.learned) }
        let agreement = inForce.first { $0.id == named?.id && $0.version == named?.version } ?? inForce.first
        if let agreement, let allowed = agreement.clauses.incidentNoticeHours, incident.noticeHours > Double(allowed) {
            findings.append(
                AuditFinding(
                    .incidentNoticeLate,
                    AuditText.incidentNoticeLate(
                        incident: incident.id, contractor: incident.contractor, hours: incident.noticeHours, agreement: agreement,
                        allowed: allowed
                    ).text(),
                    records: records + [AuditRecord.agreement(agreement)]))
        }
        guard facts.mustBeReported else { return findings }
        let reports = context.register.incidentReports[incident.id] ?? []
        for stage in IncidentReport.Stage.allCases {
            let due = facts.due(stage)
            let made = reports.first { $0.value.stage == stage && $0.value.on <= context.asOf }?.value.on
            guard made.map({ $0 > due }) ?? (context.asOf > due) else { continue }
            findings.append(
                AuditFinding(
                    .incidentReportOverdue,
                    AuditText.incidentReportOverdue(incident: incident.id, stage, due: due, made: made, people: facts.peopleAffected)
                        .text(),
                    records: records))
        }
        return findings
    }

    /// The certifications of a contractor's latest profile that expire within the notice or have expired,
    /// each the last of its scheme the profile lists.
    static func certificationFindings(_ contractor: ContractorRecord, _ context: AuditContext) -> [AuditFinding] {
        guard let profile = context.profile(of: contractor.id, before: Int.max) else { return [] }
        let asOf = context.asOf
        let latest = Dictionary(profile.certifications.map { ($0.scheme, $0) }) { a, b in a.expires >= b.expires ? a : b }
        return latest.values.sorted { ($0.expires, $0.scheme) < ($1.expires, $1.scheme) }.compactMap { certification in
            let records = [AuditRecord.contractor(contractor.id)]
            if certification.expires < asOf {
                return AuditFinding(
                    .certificationExpired,
                    AuditText.certificationExpired(contractor: contractor.id, profile: profile.version, certification).text(),
                    records: records)
            }
            let days = certification.expires.days(since: asOf)
            guard days <= certificationNoticeDays else { return nil }
            return AuditFinding(
                .certificationExpiring,
                AuditText.certificationExpiring(contractor: contractor.id, profile: profile.version, certification, days: days).text(),
                records: records)
        }
    }

    /// An agreement's clauses, and its end: soon, or already, with the transfers made under it whose data
    /// is not confirmed deleted.
    static func agreementFindings(_ history: AgreementHistory, transfers: [Int], _ context: AuditContext) -> [AuditFinding] {
        let asOf = context.asOf
        var findings: [AuditFinding] = []
        let all = context.register.transfers
        for agreement in history.versions where agreement.effectiveFrom <= asOf {
            let first = transfers.lazy.map { all[$0].value }.first {
                $0.agreement?.id == agreement.id && $0.agreement?.version == agreement.version
            }
            let before = first.flatMap { $0.on < agreement.signed ? $0 : nil }
            guard before != nil || agreement.effectiveFrom < agreement.signed else { continue }
            findings.append(
                AuditFinding(
                    .agreementSignedLate, AuditText.agreementSignedLate(agreement, firstTransfer: before).text(),
                    records: [AuditRecord.agreement(agreement), AuditRecord.contractor(agreement.contractor)]
                        + (before.map { [AuditRecord.transfer($0)] } ?? []),
                    severity: before == nil ? .warning : .error))
        }
        let current = history.inForce(on: asOf)
        let upcoming = history.versions.filter { $0.effectiveFrom > asOf }
        for agreement in (current.map { [$0] } ?? []) + upcoming where !agreement.clauses.missing.isEmpty {
            let letters = agreement.clauses.missing.map { "\($0))" }
            findings.append(
                AuditFinding(
                    .clauseMissing,
                    AuditText.clauseMissing(
                        agreement,
                        subjects: agreement.clauses.missing.compactMap { letter in Clauses.catalogue.first { $0.letter == letter }?.subject }
                    ).text(),
                    records: [AuditRecord.agreement(agreement), AuditRecord.contractor(agreement.contractor)],
                    rule: "JIS Q 15001 A.3.4.3.4 " + letters.joined(separator: ", ")))
        }
        // A version signed to follow, but not from the day after the last one ends, leaves a gap: no
        // agreement in force in between, so the end is reported all the same.
        let next = upcoming.min { $0.effectiveFrom < $1.effectiveFrom }
        if let current,
            let end = (1...expiryNoticeDays + 1).first(where: { history.inForce(on: asOf.adding(days: $0)) == nil })
        {
            let last = asOf.adding(days: end - 1)
            findings.append(
                AuditFinding(
                    .agreementExpiring, AuditText.agreementExpiring(current, last: last, days: end - 1, next: next).text(),
                    records: [AuditRecord.agreement(current), AuditRecord.contractor(current.contractor)]))
        }
        if current == nil, let last = history.current(on: asOf), last.effectiveTo < asOf {
            let under = transfers.filter { all[$0].value.agreement?.id == history.id }
            let open = under.map { all[$0].value }.filter { t in
                context.register.deletions[t.id].map { $0.value.on > asOf } ?? true
            }
            let overdue = open.filter { $0.retentionDue < asOf }
            let after: AuditText.AfterExpiry =
                under.isEmpty ? .noTransfers : open.isEmpty ? .allConfirmed : .open(open, overdue: overdue.count)
            findings.append(
                AuditFinding(
                    .agreementExpired, AuditText.agreementExpired(last, next: next, after).text(),
                    records: [AuditRecord.agreement(last), AuditRecord.contractor(last.contractor)] + open.map(AuditRecord.transfer),
                    severity: overdue.isEmpty ? .warning : .error))
        }
        return findings
    }
}
