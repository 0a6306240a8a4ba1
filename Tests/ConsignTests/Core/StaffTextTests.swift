import ConsignCore
import Foundation
import Testing

/// Staff's and the privacy office's sentences (the extract, the transfers, the subjects, the demo and the
/// help of their commands) come from the catalogue in English and Japanese; the words a transfer records go
/// into the register in English and are read back in either language.
@Suite struct StaffTextTests {
    static let at = Timestamp("2026-11-18T11:06:40Z")!
    static let on = fixedToday
    static let agreement = Transfer.DocumentReference(id: "AG-1", version: 2, sha256: "ab12cd34ef56ab12cd34")
    static let form = FieldForm(parsing: "customer.id:hmac")!

    static let entries: [any CatalogueEntry] = extract + transfer + recorded + subject + demo + help

    static let extract: [ExtractText] = [
        .summary(
            rows: "999", records: "1,000", outOfScope: "0", stopped: "1", package: "out/T-1", files: ["extract.csv", "manifest.xml"],
            seconds: 0.25, megabytesPerSecond: 1, transfer: "T-1", event: 5),
        .progress(records: "1,000", megabytesPerSecond: 80, secondsLeft: 3), .noSuchField("x.y"), .noLayoutColumn(form),
        .notAnElementName(column: "xml-id"), .badFormat("pdf"), .packageAlreadyThere, .cannotMoveIntoPlace(reason: "EXDEV"),
        .somethingElseThere, .outIsAFile, .outKeepsDisappearing, .cannotClaimMarker(reason: "EEXIST"),
        .cannotWriteMarker(reason: "EIO"), .cannotCreate(.markers, reason: "ENOENT"), .cannotCreate(.output, reason: "ENOENT"),
        .cannotCreateFolder(.package), .cannotFlushPackage, .pseudonymisedNotice(task: "survey", contractor: "c"),
    ]

    static let transfer: [TransferText] = [
        .heading(transfer: "T-1", .extract, on: on, event: 5, recordedAt: at, by: "root"),
        .heading(transfer: "T-1", .recorded, on: on, event: 5, recordedAt: at, by: "root"),
        .contractorLine(contractor: "c", agreement: agreement, .entrustment), .contractorLine(contractor: "c", agreement: nil, nil),
        .legalBasisLine(recorded: RecordedWords.legalBasis(.entrustment, abroad: nil).english, countries: ["JP"]),
        .taskLine(task: agreement, purpose: "p", catalog: agreement), .sent(forms: ["customer.id:hmac"]),
        .rowsLine(rows: "1,000", subjects: "999", sha256: "ab12cd34ef56ab12"), .approvedSubContractors(["s"]),
        .receivingSubContractors(["s"]), .file(name: "a.csv", bytes: "12", sha256: "ab"), .package("out/T-1"),
        .deletionLine(status: "x", certificate: Evaluation.Evidence(file: "c.pdf", sha256: "ab")), .note("n"), .chainHash("ab"),
        .confirmed(on: on), .notConfirmed(due: on), .overdue(due: on), .agreement(nil), .column(.deletion),
        .recorded(transfer: "T-1", on: on, contractor: "c", agreement: nil, event: 5),
        .deletionConfirmed(transfer: "T-1", on: on, sha256: "ab", event: 6), .notAFieldForm("a b"), .notInCatalog([form]),
        .rowsBelowZero, .moreSubjectsThanRows(subjects: 3, rows: 2), .subjectsRecorded(3), .specialCare(["notes"]),
    ]

    static let recorded: [RecordedWords] = [
        .legalBasis(.entrustment, abroad: nil), .legalBasis(.provision, abroad: .consent),
        .legalBasis(.entrustment, abroad: .equivalentMeasuresContract), .noAgreementInForce, .encryptionUnknown,
    ]

    static let subject: [SubjectText] = [
        .includedIn(subject: "C1", hash: "ab", transfers: 2), .onStopUseList(from: on, .erasure, reason: "r"),
        .erasureRequested(on: on, reason: "r"),
        .erasureRecorded(subject: "C1", hash: "ab", event: 7, received: on, stopUseFrom: on), .nobodyToTell, .tellRecipients(request: "R-20260110-0a1b2c3d"),
        .stopUseRecorded(from: on, hash: "ab", event: 7), .nothingRecorded(file: "f.txt"), .giveIdOrFile, .idOrFileNotBoth,
        .listFile(.missing), .listFile(.unreadable), .listFile(.notUTF8), .listFile(.empty),
        .givenKey(problem: "the subject key is empty"), .receivedAfterToday(given: on.adding(days: 1), today: on),
        .request(.stopUse), .recordedBy(at: at, by: "root"), .column(.subjectHash),
    ]

    static let demo: [DemoText] = [
        .notEmpty, .workspace(directory: "/tmp/d"), .checked(documents: 25), .checkCounts(errors: 0, warnings: 1, unregistered: 17),
        .registrationsHeading, .registered(.contractor, id: "c", version: 1, sha256: "ab", event: 1), .evaluationsHeading,
        .passed(contractor: "c", .foreignBasis, on: on), .former(contractor: "c", selectedOn: on, terminatedOn: on),
        .contractorList(on: on), .agreementList, .planning(task: "t", contractor: "c"), .refusal(task: "t", contractor: "c"),
        .sampleCustomers(rows: 1000, file: "data/customers.csv", bytes: "264,436"), .stoppedUse(subject: "C1", event: 28),
        .extracting(source: "data/customers.csv", out: "extracts"),
        .extracted(
            task: "t", contractor: "c", rows: "999", records: "1,000", stopped: "1", sent: ["customer.id"], package: "extracts/T-1",
            event: 29),
        .ready(directory: "/tmp/d"),
    ]

    static let help: [Sentence] = [
        StaffHelp.task, StaffHelp.contractor, StaffHelp.Plan.abstract, StaffHelp.Plan.discussion, StaffHelp.Plan.on,
        StaffHelp.Extract.abstract, StaffHelp.Extract.discussion, StaffHelp.Extract.source, StaffHelp.Extract.out,
        StaffHelp.Extract.formats, StaffHelp.Transfer.abstract, StaffHelp.Transfer.listAbstract, StaffHelp.Transfer.listOn,
        StaffHelp.Transfer.showAbstract, StaffHelp.Transfer.id, StaffHelp.Transfer.showOn, StaffHelp.Transfer.recordAbstract,
        StaffHelp.Transfer.recordDiscussion, StaffHelp.Transfer.recordOn, StaffHelp.Transfer.fields, StaffHelp.Transfer.rows,
        StaffHelp.Transfer.file, StaffHelp.Transfer.subContractor, StaffHelp.Transfer.note,
        StaffHelp.Transfer.subjects,
        StaffHelp.Transfer.confirmDeletionAbstract, StaffHelp.Transfer.confirmDeletionDiscussion, StaffHelp.Transfer.deletedOn,
        StaffHelp.Transfer.certificate, StaffHelp.Transfer.confirmationNote, StaffHelp.Subject.abstract,
        StaffHelp.Subject.discussion, StaffHelp.Subject.id, StaffHelp.Subject.reason, StaffHelp.Subject.receivedOn,
        StaffHelp.Subject.stopUseAbstract, StaffHelp.Subject.file, StaffHelp.Subject.stoppedAbstract, StaffHelp.Subject.stoppedOn,
        StaffHelp.Subject.showAbstract, StaffHelp.Subject.showOn, StaffHelp.Subject.eraseAbstract,
        StaffHelp.Subject.eraseDiscussion, StaffHelp.Demo.abstract, StaffHelp.Demo.discussion, StaffHelp.Demo.directory,
        DemoText.selectionNote, DemoText.foreignBasisNote, DemoText.selectedBeforeFirstAgreement, DemoText.contractEnded,
        DemoText.stopUseReason,
    ]

    @Test func everyEntryHasEnglishAndJapanese() {
        for entry in Self.entries {
            expectEnglishAndJapanese(entry)
        }
    }

    /// The register holds the English words whoever recorded them; a reader gets the catalogue's Japanese for
    /// every legal basis consign records, and words it does not know as they were recorded.
    @Test func recordedWordsAreReadInTheReadersLanguage() {
        for relationship in [Agreement.Relationship.entrustment, .provision] {
            for abroad in [nil] + ForeignBasis.Kind.allCases.map(Optional.some) {
                let words = RecordedWords.legalBasis(relationship, abroad: abroad)
                #expect(RecordedWords.reading(words.english, .ja) == words.japanese)
                #expect(RecordedWords.reading(words.english, .en) == words.english)
            }
        }
        #expect(RecordedWords.legalBasis(.entrustment, abroad: .euUKAdequacy).english
            == "entrustment (APPI Art. 27(5)(i)); abroad: eu-uk-adequacy (APPI Art. 28)")
        #expect(RecordedWords.reading("written by another release", .ja) == "written by another release")
    }

    /// `transfer` and `subject` speak Japanese under CONSIGN_LANG=ja, while what a script reads (ids, JSON
    /// keys) and what the register records stay as they are.
    @Test func transfersAndSubjectsSpeakJapanese() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let japanese = ["SOURCE_DATE_EPOCH": "1795000000", "CONSIGN_LANG": "ja"]
        let list = try consign(["transfer", "list"], in: ws, environment: japanese)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.hasPrefix("提供 "), "\(list.stdout)")
        let json = try consign(["transfer", "list", "--format", "json"], in: ws, environment: japanese)
        let transfers = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let prize = try #require(transfers.first { ($0["task"] as? [String: Any])?["id"] as? String == "prize-shipping" })
        #expect(prize["deletion"] as? String == "未確認（期限 2027-01-17）")
        #expect(prize["legal_basis"] as? String == "entrustment (APPI Art. 27(5)(i))")
        let show = try consign(["transfer", "show", prize["id"] as! String], in: ws, environment: japanese)
        #expect(show.stdout.contains("法的根拠：委託（個人情報保護法 27 条 5 項 1 号）；国：JP"), "\(show.stdout)")
        #expect(show.stdout.contains("利用目的について承認された再委託先：kita-delivery"), "\(show.stdout)")

        let subject = try consign(["subject", "show", "C00000001"], in: ws, environment: japanese)
        #expect(subject.stdout.contains("件の提供に含まれています"), "\(subject.stdout)")
        let late = try consign(["subject", "stop-use", "C00000001", "--reason", "x", "--on", "2099-01-01"], in: ws, environment: japanese)
        #expect(late.status == 2)
        #expect(late.stderr.contains("請求を受け付けた日を指定してください"), "\(late.stderr)")
    }
}
