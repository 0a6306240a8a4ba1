import ConsignCore

/// The audit's rule for statistical tables: nobody's data is in a released table, so a release is judged by the
/// protection it recorded.
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
}
