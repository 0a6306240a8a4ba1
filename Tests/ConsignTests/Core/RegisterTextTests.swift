import ConsignCore
import Foundation
import Testing

/// The register's refusals, the store's failures, and procurement's output and help come from the
/// catalogue in English and Japanese: every entry has both, and the command line says them in Japanese when
/// asked.
@Suite struct RegisterTextTests {
    static let at = Timestamp("2026-11-18T11:06:40Z")!
    static let on = CalendarDate("2026-11-18")!

    static let register: [RegisterText] = [
        .terminated(contractor: "c"), .wasTerminated(contractor: "c", on: on), .wasTerminated(contractor: "c", on: nil),
        .contractorNotRegistered(contractor: "c"),
        .agreementOfAnotherContractor(agreement: "AG-1", registeredFor: "c", named: "d"),
        .statusChangeOutOfOrder(contractor: "c", last: on), .alreadySuspended(contractor: "c"), .alreadyActive(contractor: "c"),
        .erasureAlreadyRequested(subject: "ab12", received: on), .alreadyOnStopUseList(subject: "ab12", received: on),
        .transferAlreadyRecorded(transfer: "T-1"), .deletionAlreadyConfirmed(transfer: "T-1", on: on, certificateSHA256: "ab"),
        .deletedBeforeTransfer(transfer: "T-1", made: on, deleted: on.adding(days: -1)),
        .differentBytes(.contractor, id: "c", version: 2, sha256: "ab", file: "c.xml"),
        .differentBytes(.agreement, id: "AG-1", version: 2, sha256: "ab", file: "ag.xml"),
        .diskFull, .readOnly, .cannotOpen(sqlite: nil), .cannotOpen(sqlite: "unable to open database file"),
        .ioError(sqlite: nil), .busy, .damagedFile(path: "r.sqlite", sqlite: nil),
        .damagedSchema(path: "r.sqlite", sqlite: "no such table: event"), .eventDoesNotDecode(event: 3),
        .documentDoesNotMatchHash(sha256: "ab"),
    ]

    static let procurement: [ProcurementText] = [
        .registered(document: "c", version: 1, file: "c.xml", sha256: "ab", event: 1),
        .alreadyRegistered(document: "c", version: 1, sha256: "ab"),
        .statusChanged(contractor: "c", to: .suspended, on: on, event: 2),
        .statusChanged(contractor: "c", to: .active, on: on, event: 2),
        .statusChanged(contractor: "c", to: .terminated, on: on, event: 2),
        .evaluated(contractor: "c", .selection, .pass, on: on, evidenceSHA256: "ab", event: 3),
        .evaluated(contractor: "c", .foreignBasis, .fail, on: on, evidenceSHA256: nil, event: 3),
        .none, .selection(.pass, on: on), .version(document: "AG-1", version: 2),
        .standing(.inForce), .standing(.superseded), .standing(.expired),
        .standing(.notYetEffective),
        .countries(processing: ["JP"], storage: ["JP", "SG"]),
        .certification(scheme: "ISMS", number: "IS 123", expires: on),
        .subContractor(id: "s", country: "JP", purposes: ["p"], name: "S K.K.", role: "printing"),
        .profileRegistered(at: at, by: "root", file: "c.xml", sha256: "ab"),
        .statusHistoryHeading, .activeSinceRegistration, .recorded(at: at, by: "root"), .evaluationsHeading, .noneRecorded,
        .evidence(file: "e.pdf", sha256: "ab"), .agreementsHeading, .noneRegistered,
        .agreementVersions(agreement: "AG-1", versions: [1, 2], inForce: 2, purposes: ["p"]),
        .agreementVersions(agreement: "AG-1", versions: [1], inForce: nil, purposes: []),
        .agreementHeading(agreement: "AG-1", version: 2, title: "Agreement"), .standingOn(.expired, on: on),
        .signed(on: on, by: [Signatory(party: "company", name: "A", title: "CPO")]), .effective(from: on, to: on),
        .foreignBasis(.equivalentMeasuresContract, explanation: "SCC"), .subContracting(allowed: true),
        .subContracting(allowed: false), .approved(subContractor: "s", country: "JP", purposes: ["p"], on: on, scope: "x"),
        .retention(days: 30), .clausesHeading, .clauseMissing, .registeredBy(at: at, by: "root", file: "ag.xml"),
        .oneOf(["privacy-mark", "isms"]), .signedDocumentMatches(file: "s.pdf", agreement: "AG-1", version: 1, reference: "contracts/AG-1.pdf", sha256: "ab"),
    ] + ProcurementText.Column.allCases.filter { $0 != .sha256 }.map { .column($0) } + labels.map { .label($0) }

    /// Every label of `contractor show` and `agreement show` but sha256, which is the same word in both languages.
    static let labels: [ProcurementText.Label] = [
        .status, .address, .representative, .privacyContact, .processingIn, .certification, .subContractor,
        .profileVersion(3), .contractor, .relationship, .standing, .signed, .effective, .purposes, .permitted,
        .dataSubjects, .countries, .foreignBasis, .subContracting, .approved, .retention, .requiresCertification, .signedDocument, .registered,
    ]

    static let help: [Sentence] = [
        ProcurementHelp.verifyDocument, ProcurementHelp.verifyDocumentDiscussion, ProcurementHelp.signedDocumentFile,
        ProcurementHelp.agreementVersion, ProcurementHelp.contractor, ProcurementHelp.contractorAdd, ProcurementHelp.contractorAddDiscussion,
        ProcurementHelp.profileFile, ProcurementHelp.contractorList, ProcurementHelp.contractorShow,
        ProcurementHelp.contractorID, ProcurementHelp.contractorShownOn, ProcurementHelp.suspend, ProcurementHelp.reinstate,
        ProcurementHelp.terminate, ProcurementHelp.statusChangeOn, ProcurementHelp.statusChangeNote, ProcurementHelp.evaluate,
        ProcurementHelp.evaluateDiscussion, ProcurementHelp.evaluatedOn, ProcurementHelp.evaluationKind,
        ProcurementHelp.evaluationResult, ProcurementHelp.evidence, ProcurementHelp.evaluationNote, ProcurementHelp.agreement,
        ProcurementHelp.agreementAdd, ProcurementHelp.agreementAddDiscussion, ProcurementHelp.agreementFile,
        ProcurementHelp.agreementList, ProcurementHelp.agreementShow, ProcurementHelp.agreementID,
        ProcurementHelp.agreementShownOn, ProcurementHelp.listedOn, ProcurementHelp.format,
    ]

    static let terms: [Term] = ForeignBasis.Kind.allCases.map { .foreignBasis($0) }

    @Test func everyEntryHasEnglishAndJapanese() {
        let entries: [any CatalogueEntry] = Self.register + Self.procurement + Self.help + Self.terms
        for entry in entries {
            expectEnglishAndJapanese(entry)
        }
    }

    @Test func aSignedDocumentAndAListAreTheirValuesWithEachLanguagesPunctuation() {
        let document = ProcurementText.signedDocument(reference: "ref", sha256: "ab")
        #expect(document.text(.en) == "ref (sha256 ab)")
        #expect(document.text(.ja) == "ref（sha256 ab）")
        #expect(ProcurementText.list(["a", "b"]).text(.en) == "a, b")
        #expect(ProcurementText.list(["a", "b"]).text(.ja) == "a、b")
    }

    @Test func everyShowLabelLeavesASpaceBeforeTheColumnOfValues() {
        for label in Self.labels {
            for language in Language.allCases {
                let text = ProcurementText.label(label).text(language)
                // A kana or kanji takes two columns; the values start at column 18.
                #expect(text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 2) } < 18, "\(text)")
            }
        }
    }
}
