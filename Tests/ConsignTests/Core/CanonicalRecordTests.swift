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
        RegisterEvent(recordedAt: at, recordedBy: "staff", payload: .transfer(tableTransfer)),
        RegisterEvent(
            recordedAt: at, recordedBy: "privacy",
            payload: .incident(
                Incident(
                    id: "INC-20261101-0a1b2c3d", contractor: "hayate-transport", kind: .unauthorisedAccess,
                    discovered: Timestamp("2026-11-01T00:00:00Z")!, notified: Timestamp("2026-11-03T12:30:00Z")!,
                    transfers: ["T-20261001-00000001", "T-20261002-00000002"], note: "不正アクセス"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "privacy",
            payload: .incident(
                Incident(
                    id: "INC-20261102-0a1b2c3e", contractor: "hayate-transport", kind: .loss,
                    discovered: Timestamp("2026-11-02T00:00:00Z")!, notified: Timestamp("2026-11-02T00:00:00Z")!, transfers: [],
                    note: ""))),
        RegisterEvent(
            recordedAt: at, recordedBy: "privacy",
            payload: .incidentReported(
                IncidentReport(
                    incident: "INC-20261101-0a1b2c3d", contractor: "hayate-transport", stage: .final, on: CalendarDate("2026-11-17")!,
                    note: "report no. 123"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "procurement",
            payload: .contractorReported(
                ContractorReport(
                    contractor: "hayate-transport", on: CalendarDate("2026-11-15")!,
                    evidence: .init(file: "reports/q3.pdf", sha256: String(repeating: "5", count: 64)), note: "quarterly"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "procurement",
            payload: .contractorKey(
                ContractorKey(
                    contractor: "hayate-transport", recipient: "age1duvnrtz0me7xthzgt7rn0xm3pmc0utx53c0p92lgng8r7xs35c5ss7g5mv",
                    on: CalendarDate("2026-11-16")!, note: "given by phone"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "staff",
            payload: .pseudonymRotation(PseudonymRotation(generation: 1, on: CalendarDate("2026-11-18")!, note: "yearly"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "staff",
            payload: .packageSigned(
                PackageSignature(
                    transfer: "T-20261117-0a1b2c3d", contractor: "hayate-transport", manifestSHA256: String(repeating: "6", count: 64),
                    signature: "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"))),
        RegisterEvent(recordedAt: at, recordedBy: "staff", payload: .transfer(deliveredTransfer)),
        RegisterEvent(recordedAt: at, recordedBy: "staff", payload: .transfer(encodedTransfer)),
        RegisterEvent(
            recordedAt: at, recordedBy: "staff",
            payload: .provisionRecorded(
                ProvisionRecord(
                    transfer: "T-20261117-0a1b2c3d", contractor: "linkad-network", basis: .consent,
                    consentField: "consent.provision_linkad", recordMethod: .perProvision,
                    recipientName: "LinkAd Network Inc.", recipientAddress: "6-10-1 Roppongi, Minato-ku, Tokyo",
                    recipientRepresentative: "Daisuke Okada, President", recipientPurposes: "its own advertising",
                    personalRelatedConsent: "asked on its sign-up page"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "staff",
            payload: .provisionRecorded(
                ProvisionRecord(
                    transfer: "T-20261117-0a1b2c3e", contractor: "shibuya-police", basis: .exception(.law),
                    legalReference: "Code of Criminal Procedure Art. 197(2)", recipientName: "Shibuya Police Station",
                    recipientAddress: "", recipientRepresentative: "", recipientPurposes: ""))),
        RegisterEvent(
            recordedAt: at, recordedBy: "privacy",
            payload: .subjectRequested(
                SubjectRequest(
                    id: "R-20261116-0a1b2c3d", subject: "00000000000000ff", kind: .correct, received: CalendarDate("2026-11-16")!,
                    due: CalendarDate("2026-11-30")!, identityEvidence: .init(file: "licence.pdf", sha256: String(repeating: "7", count: 64)),
                    fields: ["address.street", "address.city"], note: "moved house"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "privacy",
            payload: .subjectRequested(
                SubjectRequest(
                    id: "R-20261116-0a1b2c3e", subject: "00000000000000fe", kind: .disclose, received: CalendarDate("2026-11-16")!,
                    due: CalendarDate("2026-11-30")!, identityEvidence: nil, note: ""))),
        RegisterEvent(
            recordedAt: at, recordedBy: "privacy",
            payload: .requestAnswered(
                RequestAnswer(
                    request: "R-20261116-0a1b2c3d", on: CalendarDate("2026-11-18")!,
                    letter: .init(file: "answer.pdf", sha256: String(repeating: "8", count: 64)), note: "corrected"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "privacy",
            payload: .requestAnswered(RequestAnswer(request: "R-20261116-0a1b2c3e", on: CalendarDate("2026-11-18")!, letter: nil, note: ""))),
        RegisterEvent(
            recordedAt: at, recordedBy: "privacy",
            payload: .recipientNotified(
                RecipientNotice(request: "R-20261116-0a1b2c3d", contractor: "hayate-transport", on: CalendarDate("2026-11-18")!, note: "e-mail"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "staff",
            payload: .statisticsReleased(
                StatisticsRelease(
                    id: "S-20261118-0a1b2c3d", task: "usage-statistics", taskVersion: 1, taskSHA256: String(repeating: "9", count: 64),
                    catalogSHA256: String(repeating: "a", count: 64), contractor: "nordstat", agreement: "AG-2026-001",
                    agreementVersion: 1, on: CalendarDate("2026-11-18")!, records: 1000, rows: 999, minimumFrequency: 10,
                    dominance: "p=10", method: .exact, cells: 36, primary: 2, secondary: 2,
                    files: [.init(name: "table.csv", sha256: String(repeating: "b", count: 64)), .init(name: "table.xml", sha256: String(repeating: "c", count: 64))],
                    note: "", stopped: 1))),
        RegisterEvent(
            recordedAt: at, recordedBy: "staff",
            payload: .statisticsReleased(
                StatisticsRelease(
                    id: "S-20261118-0a1b2c3e", task: "usage-statistics", taskVersion: 1, taskSHA256: String(repeating: "9", count: 64),
                    catalogSHA256: String(repeating: "a", count: 64), contractor: "", agreement: "", agreementVersion: 0,
                    on: CalendarDate("2026-11-18")!, records: 10, rows: 0, minimumFrequency: 3, dominance: "", method: .heuristic,
                    cells: 0, primary: 0, secondary: 0, files: [], note: "published"))),
        RegisterEvent(
            recordedAt: at, recordedBy: "staff",
            payload: .anonymisedNotice(
                AnonymisedNotice(
                    kind: .provision, release: "A-20261118-0a1b2c3d", task: "anonymised-customers", taskVersion: 1,
                    contractor: "nordstat", on: CalendarDate("2026-11-18")!,
                    items: [.init(name: "age_band", fieldForm: FieldForm("person.birth_date", .ageBand(10))), .init(name: "gender", fieldForm: FieldForm("person.gender"))],
                    files: [.init(name: "NOTICE-provision.txt", sha256: String(repeating: "d", count: 64))]))),
        RegisterEvent(
            recordedAt: at, recordedBy: "staff",
            payload: .anonymisedReleased(
                AnonymisedRelease(
                    id: "A-20261118-0a1b2c3d", task: "anonymised-customers", taskVersion: 1, taskSHA256: String(repeating: "9", count: 64),
                    catalogSHA256: String(repeating: "a", count: 64), contractor: "nordstat", agreement: "AG-2026-001",
                    agreementVersion: 1, on: CalendarDate("2026-11-18")!, records: 1000, rows: 999, suppressed: 12, k: 5,
                    achievedK: 7, l: 2, achievedL: 3,
                    items: [.init(name: "age_band", fieldForm: FieldForm("person.birth_date", .null))],
                    files: [.init(name: "data.csv", sha256: String(repeating: "b", count: 64))], note: "", stopped: 0))),
        RegisterEvent(
            recordedAt: at, recordedBy: "staff",
            payload: .anonymisedReleased(
                AnonymisedRelease(
                    id: "A-20261118-0a1b2c3e", task: "anonymised-customers", taskVersion: 1, taskSHA256: String(repeating: "9", count: 64),
                    catalogSHA256: String(repeating: "a", count: 64), contractor: "", agreement: "", agreementVersion: 0,
                    on: CalendarDate("2026-11-18")!, records: 0, rows: 0, suppressed: 0, k: 2, achievedK: 0, l: 0, achievedL: 0,
                    items: [], files: [], note: "kept"))),
    ]

    /// An encrypted extract, with its channel and a later pseudonym generation: the delivery's keys come after
    /// the special-care ones.
    static let deliveredTransfer: Transfer = {
        var transfer = tableTransfer
        transfer.specialCare = ["notes"]
        transfer.delivery = Transfer.Delivery(
            recipientFingerprint: "SHA256:Wm7llPOF9eU+0RBqBCRShW0i1/Okoc/b3AGzLWoykrM", channel: .storageLink,
            channelNote: "expires 2026-11-25", pseudonymGeneration: 2)
        return transfer
    }()

    /// A CP932 extract with two substitutions: appended after the delivery.
    static let encodedTransfer: Transfer = {
        var transfer = deliveredTransfer
        transfer.csvEncoding = .cp932
        transfer.substitutions = [.init(from: "𠮷", to: "吉", values: 3), .init(from: "髙", to: "高", values: 0)]
        transfer.importProfile = "yamato-b2"
        return transfer
    }()

    /// An extract from a database table: its source is appended after the fields of the first release.
    static let tableTransfer = Transfer(
        id: "T-20261117-0a1b2c3d", origin: .extract, on: CalendarDate("2026-11-17")!, contractor: "hayate-transport",
        agreement: .init(id: "AG-2024-011", version: 2, sha256: String(repeating: "cd", count: 32)), relationship: .entrustment,
        legalBasis: "entrustment", countries: ["JP"], approvedSubContractors: [], receivingSubContractors: [],
        task: .init(id: "prize-shipping", version: 1, sha256: String(repeating: "1", count: 64)),
        catalog: .init(id: "catalog", version: 1, sha256: String(repeating: "2", count: 64)), purpose: "prize-delivery",
        forms: [FieldForm("person.name")], rows: 2,
        files: [.init(name: "extract.csv", bytes: 10, sha256: String(repeating: "3", count: 64))], package: "out/T-20261117-0a1b2c3d",
        retentionDue: CalendarDate("2026-12-17")!, encryption: "none", subjects: .init(count: 2, sha256: String(repeating: "4", count: 64)),
        note: "", source: .init(table: "postgresql://db.example/crm?table=public.customers", records: 3))

    /// The source's keys come after every key of the first release, and after `clock`, which was appended
    /// before them.
    @Test func aTransfersSourceIsAppendedAfterTheClock() throws {
        let event = RegisterEvent(recordedAt: Self.at, recordedBy: "staff", payload: .transfer(Self.tableTransfer), clock: .override)
        let keys = event.record.pairs.map(\.key)
        #expect(keys.suffix(3) == ["clock", "source-table", "source-records"])
        #expect(RegisterEvent(bytes: event.record.bytes) == event)
        var withoutSource = Self.tableTransfer
        withoutSource.source = nil
        let plain = RegisterEvent(recordedAt: Self.at, recordedBy: "staff", payload: .transfer(withoutSource))
        #expect(plain.record.pairs.last?.key == "note", "a transfer from a file encodes as the first release's did")
    }

    @Test func theDeliveryIsAppendedAfterEveryEarlierKey() {
        let event = RegisterEvent(recordedAt: Self.at, recordedBy: "staff", payload: .transfer(Self.deliveredTransfer))
        let keys = event.record.pairs.map(\.key).suffix(6)
        #expect(keys == ["source-records", "special-care", "recipient-fingerprint", "channel", "channel-note", "pseudonym-generation"])
        #expect(RegisterEvent(bytes: event.record.bytes) == event)
    }

    @Test func theCSVEncodingSubstitutionsAndImportProfileAreAppendedAfterTheDelivery() {
        let event = RegisterEvent(recordedAt: Self.at, recordedBy: "staff", payload: .transfer(Self.encodedTransfer))
        let keys = event.record.pairs.map(\.key).suffix(9)
        #expect(
            keys == [
                "pseudonym-generation", "csv-encoding", "substitution", "substitution-to", "substitution-values", "substitution",
                "substitution-to", "substitution-values", "import-profile",
            ])
        #expect(RegisterEvent(bytes: event.record.bytes) == event)
        let plain = RegisterEvent(recordedAt: Self.at, recordedBy: "staff", payload: .transfer(Self.deliveredTransfer))
        #expect(plain.record.pairs.last?.key == "pseudonym-generation", "a UTF-8 extract encodes as the release before did")
    }

    /// A release's records of people who had stopped their use come after the clock; a release without them (one
    /// recorded before) encodes as it did, and both walk as `ledger verify` reads them.
    @Test func aReleasesStoppedRecordsAreAppendedAfterTheClock() throws {
        for event in Self.events where ["statistics-release", "anonymised-release"].contains(event.kind) {
            var timed = event
            timed.clock = .override
            let keys = timed.record.pairs.map(\.key)
            let stopped: Int? =
                switch event.payload {
                case .statisticsReleased(let release): release.stopped
                case .anonymisedReleased(let release): release.stopped
                default: nil
                }
            #expect(keys.suffix(stopped == nil ? 2 : 3) == (stopped == nil ? ["note", "clock"] : ["note", "clock", "stopped"]))
            #expect(RegisterEvent(bytes: timed.record.bytes) == timed)
            let bytes = timed.record.bytes
            #expect(bytes.withUnsafeBytes { RecordShape.walk($0) } != nil)
        }
    }

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
