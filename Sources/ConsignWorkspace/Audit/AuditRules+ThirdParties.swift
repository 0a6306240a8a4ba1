import ConsignCore
import ConsignStore

/// The audit's rules for third parties and the people themselves: provisions and joint use against their
/// agreements, and people's requests against their due dates and the recipients to tell.
extension AuditRules {
    /// What a provision or joint use needs of a transfer made under it: a provision requires, in its task's row
    /// scope, the consent its agreement relies on, and has its Art. 29 record; personal-related information goes
    /// only where the agreement records how the recipient obtains consent (Art. 31); joint use only once announced.
    static func relationshipFindings(
        _ recorded: Recorded<Transfer>, agreement: Agreement, records: () -> [AuditText.Record], _ context: AuditContext
    ) -> [AuditFinding] {
        guard agreement.relationship != .entrustment else { return [] }
        let t = recorded.value
        var findings: [AuditFinding] = []
        if let terms = agreement.provision, agreement.relationship == .provision {
            let scope = context.tasks[t.task.sha256]?.rowScope.consents.map(\.value) ?? []
            if !scope.contains(terms.consentField) {
                findings.append(
                    AuditFinding(
                        .provisionWithoutConsent,
                        AuditText.provisionWithoutConsent(t, field: terms.consentField, agreement: agreement).text(), records: records()))
            }
            if context.register.provisionRecords[t.id] == nil {
                findings.append(
                    AuditFinding(.provisionNotRecorded, AuditText.provisionNotRecorded(t, agreement: agreement).text(), records: records()))
            }
        }
        if let jointUse = agreement.jointUse, agreement.relationship == .jointUse, t.on < jointUse.announcedOn {
            findings.append(
                AuditFinding(
                    .jointUseNotAnnounced,
                    AuditText.jointUseNotAnnounced(t, agreement: agreement, announcedOn: jointUse.announcedOn).text(), records: records()))
        }
        if agreement.personalRelatedConsent == nil, let catalog = context.catalogs[t.catalog.sha256] {
            let related = Array(Set(t.forms.map(\.field).filter { catalog.field($0)?.personalRelated ?? false })).sorted()
            if !related.isEmpty {
                findings.append(
                    AuditFinding(
                        .personalRelatedUnconfirmed,
                        AuditText.personalRelatedUnconfirmed(t, fields: related, agreement: agreement).text(), records: records()))
            }
        }
        return findings
    }

    /// People's requests: each answered by its due date, and, for a correction, an addition, a deletion or an
    /// erasure, every recipient that may still hold the data told within the catalog's notice days.
    static func requestFindings(_ context: AuditContext) -> [AuditFinding] {
        let register = context.register
        let transfersByEvent = Dictionary(register.transfers.map { ($0.sequence, $0) }, uniquingKeysWith: { a, _ in a })
        let holding = Dictionary(grouping: context.requestMatches, by: \.subject).mapValues { matches in
            matches.compactMap { transfersByEvent[$0.event] }
        }
        var findings: [AuditFinding] = []
        for recorded in register.requests.values.sorted(by: { $0.sequence < $1.sequence }) where recorded.value.received <= context.asOf {
            let request = recorded.value
            let records: [AuditText.Record] = [.request(request.id), .event(recorded.sequence)]
            let answer = register.answers[request.id].map(\.value).flatMap { $0.on <= context.asOf ? $0 : nil }
            if let answer, answer.on > request.due {
                findings.append(
                    AuditFinding(
                        .requestOverdue, AuditText.requestAnsweredLate(request, answeredOn: answer.on).text(), records: records,
                        severity: .warning))
            } else if answer == nil, context.asOf > request.due {
                findings.append(AuditFinding(.requestOverdue, AuditText.requestOverdue(request).text(), records: records))
            }
            let subjectTransfers = holding[UInt64(request.subject, radix: 16) ?? 0] ?? []
            if request.kind == .stopProvision {
                // A provision made after the person asked that their data no longer be provided (APPI Art. 35(3)).
                for provided in subjectTransfers
                where provided.value.relationship == .provision && provided.value.on <= context.asOf
                    && (provided.value.on > request.received || provided.sequence > recorded.sequence)
                {
                    findings.append(
                        AuditFinding(
                            .provisionNotStopped, AuditText.provisionNotStopped(provided.value, request: request).text(),
                            records: [AuditRecord.transfer(provided.value), AuditRecord.contractor(provided.value.contractor)] + records))
                }
            }
            let deadline = request.received.adding(days: context.recipientNoticeDays)
            guard request.kind.recipientsTold, context.asOf > deadline else { continue }
            let told = register.notices[request.id] ?? []
            for (contractor, _) in register.recipientsToTell(request, holding: subjectTransfers).sorted(by: { $0.key < $1.key }) {
                let notice = told.first { $0.value.contractor == contractor }?.value
                if let notice, notice.on <= deadline { continue }
                findings.append(
                    AuditFinding(
                        .recipientNotNotified,
                        AuditText.recipientNotNotified(request, contractor: contractor, deadline: deadline, toldOn: notice?.on).text(),
                        records: records + [AuditRecord.contractor(contractor)]))
            }
        }
        return findings
    }
}
