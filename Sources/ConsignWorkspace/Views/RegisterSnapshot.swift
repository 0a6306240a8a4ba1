import ConsignCore
import ConsignStore
import Foundation

/// The register read once for a listing or a report: its events folded into state, every registered
/// document decoded, and the date the answers are for.
public struct RegisterSnapshot: Sendable {
    public var register: Register
    public var documents: RegisteredDocuments
    public var today: CalendarDate

    public static func read(_ store: some RegisterStore, today: CalendarDate) async throws -> RegisterSnapshot {
        let register = try await store.register()
        return RegisterSnapshot(
            register: register, documents: try await RegisteredDocuments.load(register, from: store), today: today)
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


