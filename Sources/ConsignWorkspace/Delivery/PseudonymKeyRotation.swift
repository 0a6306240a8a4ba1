import ConsignCore
import ConsignKeys
import ConsignStore

extension Staff {
    /// Starts the next generation of every contractor's pseudonym keys (`consign key rotate`): from this event
    /// on, extracts pseudonymise with it (a contractor can no longer link what it receives to what it received
    /// before), and the transfer records the generation it used. Only the master key derives pseudonym keys,
    /// so only the staff rotate them.
    public func rotatePseudonymKeys(note: String, recordedBy: String) async throws -> (event: RecordedEvent, generation: Int) {
        let next = try await store.standing().pseudonymGeneration + 1
        let keys = try workspace.keys()
        // Asked of the keys first, so that a role's key file stops here and says who holds the master key.
        _ = try keys.key(.pseudonym(contractor: "*", generation: next))
        let rotation = PseudonymRotation(generation: next, on: try workspace.today(clock), note: note)
        return (try await store.record(.pseudonymRotation(rotation), by: Recorder(name: recordedBy, clock: clock)), next)
    }
}
