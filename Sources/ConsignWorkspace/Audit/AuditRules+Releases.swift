import ConsignCore

/// The audit's rules for statistical tables and anonymised records: nobody's data is in either, so a release is
/// judged by the protection and the notices it recorded.
extension AuditRules {
    /// Every release up to the audit's date whose minimum frequency is below the company's floor: the floor of the
    /// catalog it was released under, or the workspace catalog's now, whichever is higher (a floor raised since
    /// puts the tables published under the old one up for review).
    static func statisticsFindings(_ context: AuditContext) -> [AuditFinding] {
        context.register.statisticsReleases.filter { $0.value.on <= context.asOf }.compactMap { recorded in
            let release = recorded.value
            let floor = max(
                context.catalogs[release.catalogSHA256]?.company.statistics.minimumFrequency ?? 0, context.statisticsMinimum)
            guard release.minimumFrequency < floor else { return nil }
            return AuditFinding(
                .statisticsBelowMinimum,
                StatisticsText.belowMinimum(
                    release: release.id, task: release.task, on: release.on, recorded: release.minimumFrequency, minimum: floor
                ).text(),
                records: [AuditRecord.event(recorded.sequence)] + (release.contractor.isEmpty ? [] : [AuditRecord.contractor(release.contractor)]))
        }
    }

    /// Every anonymised release up to the audit's date without, recorded before it, the public notice of its items
    /// (Art. 43(3)) and, for a release to a contractor, the public notice of the provision and the statement to the
    /// recipient (Art. 43(4)), each of the same release and naming that contractor.
    static func anonymisedFindings(_ context: AuditContext) -> [AuditFinding] {
        context.register.anonymisedReleases.filter { $0.value.on <= context.asOf }.flatMap { recorded in
            let release = recorded.value
            let notices = (context.register.anonymisedNotices[release.id] ?? []).filter { $0.sequence < recorded.sequence }
            let required: [AnonymisedNotice.Kind] = release.contractor.isEmpty ? [.creation] : [.creation, .provision, .recipient]
            return required.filter { kind in
                !notices.contains { $0.value.kind == kind && (kind == .creation || $0.value.contractor == release.contractor) }
            }.map { missing in
                AuditFinding(
                    .anonymisedWithoutNotice,
                    AnonymisationText.withoutNotice(release: release.id, task: release.task, on: release.on, missing: missing).text(),
                    records: [AuditRecord.event(recorded.sequence)]
                        + (release.contractor.isEmpty ? [] : [AuditRecord.contractor(release.contractor)]))
            }
        }
    }
}
