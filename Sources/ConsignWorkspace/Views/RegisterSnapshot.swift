import ConsignCore
import ConsignStore
import Foundation

/// The register read once for a command, a listing or a report: its events folded into state, every
/// registered document decoded, and the date the answers are for.
public struct RegisterSnapshot: Sendable {
    public var register: Register
    public var documents: RegisteredDocuments
    public var today: CalendarDate

    /// The contractors and agreements, and the events of the subjects and transfers `concerns` selects: what
    /// a plan, an append or a listing of contractors reads, whatever the size of the register.
    public static func read(_ store: any RegisterStore, today: CalendarDate, concerning concerns: [EventQuery] = [])
        async throws -> RegisterSnapshot
    {
        try await snapshot(of: try await store.standing(with: concerns), from: store, today: today)
    }

    /// Every event: what the audit, the reports and the listing of every transfer read.
    public static func readWhole(_ store: any RegisterStore, today: CalendarDate) async throws -> RegisterSnapshot {
        try await snapshot(of: try await store.register(), from: store, today: today)
    }

    private static func snapshot(of register: Register, from store: any RegisterStore, today: CalendarDate)
        async throws -> RegisterSnapshot
    {
        RegisterSnapshot(register: register, documents: try await RegisteredDocuments.load(register, from: store), today: today)
    }

    /// The registered contractor with this id, or the error that names the registered ones.
    public func contractor(_ id: String) throws(InputError) -> ContractorRecord {
        guard let contractor = register.contractors[id], !contractor.profiles.isEmpty else {
            throw register.unknownContractor(id)
        }
        return contractor
    }

    /// The histories of a contractor's registered agreements.
    public func agreementHistories(of contractor: String) -> [AgreementHistory] {
        histories.filter { $0.contractor == contractor }
    }

    public var histories: [AgreementHistory] {
        DocumentSet(agreements: documents.agreements).agreementHistories
    }

    /// Where an agreement version stands on `today`.
    public func standing(_ agreement: Agreement) -> AgreementStanding {
        guard let history = histories.first(where: { $0.id == agreement.id }) else { return .notYetEffective }
        if today < agreement.effectiveFrom { return .notYetEffective }
        guard let current = history.current(on: today), current.version == agreement.version else { return .superseded }
        return today <= agreement.effectiveTo ? .inForce : .expired
    }

    /// The registration of an agreement version.
    public func registration(of agreement: Agreement) -> RegisteredDocument? {
        register.registered(.agreement, id: agreement.id, version: agreement.version)
    }
}


