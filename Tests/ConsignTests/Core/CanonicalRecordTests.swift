import ConsignCore
import Testing

@Suite struct CanonicalRecordTests {
    static let at = Timestamp("2026-11-17T09:06:40Z")!

    static let events: [RegisterEvent] = [
        RegisterEvent(
            recordedAt: at, recordedBy: "procurement",
            payload: .contractorRegistered(
                DocumentRegistration(
                    contractor: "hayate-transport", documentID: "hayate-transport", version: 1,
                    sha256: String(repeating: "ab", count: 32), file: "agreements/contractors/hayate-transport.xml"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "procurement",
            payload: .agreementRegistered(
                DocumentRegistration(
                    contractor: "hayate-transport", documentID: "AG-2024-011", version: 2,
                    sha256: String(repeating: "cd", count: 32), file: "agreements/AG-2024-011-v2.xml"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "鈴木",
            payload: .statusChanged(
                StatusChange(contractor: "sakura-mailing", status: .suspended, on: CalendarDate("2026-12-01")!, note: ""))),
        RegisterEvent(
            recordedAt: at, recordedBy: "auditor",
            payload: .evaluated(
                Evaluation(
                    contractor: "nordstat", kind: .foreignBasis, result: .fail, on: CalendarDate("2026-11-17")!,
                    evidence: .init(file: "evidence/nordstat.pdf", sha256: String(repeating: "0", count: 64)),
                    note: "basis\nre-checked"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "auditor",
            payload: .evaluated(
                Evaluation(contractor: "nordstat", kind: .selection, result: .pass, on: CalendarDate("2026-11-17")!, note: "ok"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "privacy",
            payload: .stopUse(StopUse(subject: "0123456789abcdef", on: CalendarDate("2026-11-10")!, reason: "電話で依頼"))),
    ]

    @Test(arguments: events) func everyEventKindRoundTripsThroughItsEncoding(_ event: RegisterEvent) throws {
        let bytes = event.record.bytes
        let decoded = try #require(CanonicalRecord(bytes: bytes).flatMap(RegisterEvent.init(record:)))
        #expect(decoded == event)
        #expect(decoded.record.bytes == bytes)
    }

    /// Length prefixes make the encoding injective: moving a separator between key and value, or between
    /// two values, changes the bytes.
    @Test func encodingIsUnambiguous() {
        var a = CanonicalRecord()
        a.append("note", "a")
        a.append("b", "c")
        var b = CanonicalRecord()
        b.append("note", "ab")
        b.append("", "c")
        var c = CanonicalRecord()
        c.append("notea", "")
        c.append("b", "c")
        #expect(a.bytes != b.bytes && a.bytes != c.bytes && b.bytes != c.bytes)
    }

    @Test func truncatedOrForeignBytesDoNotDecode() {
        let bytes = CanonicalRecordTests.events[0].record.bytes
        #expect(CanonicalRecord(bytes: Array(bytes.dropLast())) == nil)
        #expect(CanonicalRecord(bytes: Array(bytes.dropFirst())) == nil)
        var record = CanonicalRecord()
        record.append("kind", "something-else")
        #expect(RegisterEvent(record: record) == nil)
    }
}

extension RegisterEvent: CustomTestStringConvertible {
    public var testDescription: String { kind }
}
