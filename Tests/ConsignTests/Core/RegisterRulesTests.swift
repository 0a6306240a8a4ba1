import ConsignCore
import Testing

@Suite struct RegisterRulesTests {
    static let at = Timestamp("2026-11-18T11:06:40Z")!

    func registration(_ id: String, version: Int = 1, sha: Character = "a", contractor: String? = nil) -> DocumentRegistration {
        DocumentRegistration(
            contractor: contractor ?? id, documentID: id, version: version, sha256: String(repeating: sha, count: 64),
            file: "\(id).xml")
    }

    /// Appends like a store: admit, then apply.
    func append(_ payload: RegisterEvent.Payload, to register: inout Register) throws {
        guard try register.admit(payload) == .append else { return }
        let event = RegisterEvent(recordedAt: Self.at, recordedBy: "test", payload: payload)
        register.apply(RecordedEvent(sequence: register.eventCount + 1, event: event, chainHash: ""))
    }

    func change(_ status: ContractorStatus, on date: String) -> RegisterEvent.Payload {
        .statusChanged(StatusChange(contractor: "c", status: status, on: CalendarDate(date)!, note: ""))
    }

    @Test func statusChangesFollowSuspendReinstateAndTerminationIsFinal() throws {
        var register = Register()
        try append(.contractorRegistered(registration("c")), to: &register)
        #expect(throws: Refusal.self) { try register.admit(change(.active, on: "2026-01-01")) }
        try append(change(.suspended, on: "2026-02-01"), to: &register)
        #expect(throws: Refusal.self) { try register.admit(change(.suspended, on: "2026-02-02")) }
        try append(change(.active, on: "2026-03-01"), to: &register)
        try append(change(.terminated, on: "2026-04-01"), to: &register)
        for status in [ContractorStatus.active, .suspended, .terminated] {
            #expect(throws: Refusal.self) { try register.admit(change(status, on: "2026-05-01")) }
        }
        let record = try #require(register.contractors["c"])
        #expect(record.status(on: CalendarDate("2026-01-31")!) == .active)
        #expect(record.status(on: CalendarDate("2026-02-01")!) == .suspended)
        #expect(record.status(on: CalendarDate("2026-03-01")!) == .active)
        #expect(record.status(on: CalendarDate("2026-04-01")!) == .terminated)
        #expect(record.statusChanges.map(\.value.on.description) == ["2026-02-01", "2026-03-01", "2026-04-01"])
        // A terminated contractor gets no new agreement or profile version.
        #expect(throws: Refusal.self) {
            try register.admit(.agreementRegistered(registration("AG-9", contractor: "c")))
        }
        #expect(throws: Refusal.self) { try register.admit(.contractorRegistered(registration("c", version: 2))) }
    }

    @Test func statusChangesAreRecordedInDateOrder() throws {
        var register = Register()
        try append(.contractorRegistered(registration("c")), to: &register)
        try append(change(.suspended, on: "2026-02-01"), to: &register)
        #expect(throws: Refusal.self) { try register.admit(change(.active, on: "2026-01-31")) }
        #expect(try register.admit(change(.active, on: "2026-02-01")) == .append)
    }

    @Test func aRegisteredVersionNeverChangesButTheSameBytesAreANoOp() throws {
        var register = Register()
        try append(.contractorRegistered(registration("c")), to: &register)
        try append(.agreementRegistered(registration("AG-1", contractor: "c")), to: &register)
        let again = try register.admit(.agreementRegistered(registration("AG-1", contractor: "c")))
        guard case .alreadyRegistered(let existing) = again else {
            Issue.record("expected alreadyRegistered, got \(again)")
            return
        }
        #expect(existing.sequence == 2)
        #expect(throws: Refusal.self) {
            try register.admit(.agreementRegistered(registration("AG-1", sha: "b", contractor: "c")))
        }
        // An amendment is a new version.
        #expect(try register.admit(.agreementRegistered(registration("AG-1", version: 2, sha: "b", contractor: "c"))) == .append)
    }

    @Test func anAgreementNeedsItsRegisteredContractorAndKeepsIt() throws {
        var register = Register()
        #expect(throws: Refusal.self) { try register.admit(.agreementRegistered(registration("AG-1", contractor: "c"))) }
        try append(.contractorRegistered(registration("c")), to: &register)
        try append(.contractorRegistered(registration("d")), to: &register)
        try append(.agreementRegistered(registration("AG-1", contractor: "c")), to: &register)
        #expect(throws: Refusal.self) {
            try register.admit(.agreementRegistered(registration("AG-1", version: 2, sha: "b", contractor: "d")))
        }
    }

    @Test func evaluationsNeedARegisteredContractor() throws {
        var register = Register()
        let evaluation = RegisterEvent.Payload.evaluated(
            Evaluation(contractor: "c", kind: .selection, result: .pass, on: CalendarDate("2026-01-01")!, note: ""))
        // An unknown id is an input error (exit 2), as in every command.
        #expect(throws: InputError.self) { try register.admit(evaluation) }
        try append(.contractorRegistered(registration("c")), to: &register)
        try append(evaluation, to: &register)
        #expect(register.contractors["c"]?.evaluations.count == 1)
    }
}
