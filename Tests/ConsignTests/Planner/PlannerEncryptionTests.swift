import ConsignCore
import ConsignWorkspace
import Testing

/// An agreement's `encrypted-delivery`: the planner refuses an extract that is not encrypted, whatever else
/// holds, and leaves a plan that is only looked at alone.
@Suite struct PlannerEncryptionTests {
    @Test("encrypted-delivery refuses an unencrypted extract, and only that", arguments: [true, false])
    func encryptedDeliveryRequired(required: Bool) throws {
        let contents = WorkspaceDocuments.load(Workspace(root: repositoryRoot))
        let catalog = try contents.catalog().document
        let task = try #require(contents.tasks.map(\.document).first { $0.id == "prize-shipping" })
        var versions = contents.agreements.map(\.document).filter { $0.contractor == "hayate-transport" }
        for index in versions.indices { versions[index].clauses.encryptedDeliveryRequired = required }
        func codes(_ encrypted: Bool?) -> [String] {
            let outcome = Planner.plan(
                PlanRequest(
                    catalog: catalog, task: task, contractor: evaluatedContractor("hayate-transport"),
                    agreements: Dictionary(grouping: versions, by: \.id).values.map { AgreementHistory(versions: $0) },
                    on: CalendarDate("2026-11-18")!, encrypted: encrypted))
            guard case .refused(let diagnosis) = outcome else { return [] }
            return diagnosis.reasons.map(\.code)
        }
        #expect(codes(false) == (required ? ["encryption-required"] : []))
        #expect(codes(true) == [])
        #expect(codes(nil) == [])
    }
}
