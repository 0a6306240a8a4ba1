import ConsignCore
import Foundation
import Testing

/// The sentences of the documents, of the input errors of sources and files, of the workspace (`check`,
/// `init`, `sample` and their help) and of the roles' keys come from the catalogue, each in English and Japanese.
@Suite struct DocumentTextTests {
    static let at = Timestamp("2026-11-18T11:06:40Z")!
    static let phone = FieldForm("contact.phone", .mask(keepLast: 4))

    static let documents: [DocumentText] = [
        .noCatalog,
        .duplicate(.task, id: "t", version: 1, earlierFile: "templates/t.xml", earlierLine: 3),
        .duplicate(.contractorProfile, id: "c", version: 1, earlierFile: "a.xml", earlierLine: 3),
        .duplicate(.agreement, id: "AG-1", version: 2, earlierFile: "a.xml", earlierLine: 3),
        .versionsNameOtherContractors(
            agreement: "AG-1", version: 2, contractor: "b", firstVersion: 1, firstFile: "a.xml", firstContractor: "a"),
        .subjectKeyNotAField("customer.id"), .collectedForUnknownPurpose(field: "f", purpose: "p"),
        .purposeNotInCatalog("p", namingCatalogFile: true), .purposeNotInCatalog("p", namingCatalogFile: false),
        .optionUsesUncollectedField(option: "o", need: "n", field: "f", purpose: "p"),
        .consentFieldNotInCatalog("f"), .conditionFieldNotInCatalog("f"), .conditionNeedsValue(operator: "equals", field: "f"),
        .conditionNotANumber(operator: "at-least", value: "x"), .columnRepeatsFieldForm(column: "c", phone),
        .columnNeverWritten(column: "c", phone), .fieldFormWithoutColumn(phone),
        .subContractorPurposeNotInCatalog(subContractor: "s", purpose: "p"), .contractorMissing("c"),
        .effectiveBackwards(to: fixedToday, from: fixedToday.adding(days: 1)),
        .subContractorMissing("s", contractor: "c", declared: []), .subContractorMissing("s", contractor: "c", declared: ["t"]),
        .subContractorPurposeNotCovered("s", purpose: "p"), .subContractingNotAllowed("s"),
        .clausesMissing(agreement: "AG-1", version: 1, letters: ["b"]),
        .clausesMissing(agreement: "AG-1", version: 1, letters: ["a", "e", "h"]),
        .foreignWithoutBasis(agreement: "AG-1", version: 1, countries: ["DE", "US"]),
        .agreementsOverlap(
            first: "AG-1", firstVersion: 1, firstFile: "a.xml", second: "AG-2", secondVersion: 1, contractor: "c",
            purpose: "p", on: fixedToday),
        .subContractorNotApproved("s", purpose: "p", contractor: "c"), .fieldNotInCatalog("f"),
        .formNotInCatalog(field: "f", form: .year, forms: ["keep", "hmac"]),
        .secondCatalog(first: "templates/catalog.xml"), .noValidCatalog, .noTemplatesFolder,
        .signedDocumentMissing(agreement: "AG-1", version: 1, reference: "contracts/AG-1.pdf", directory: "docs"),
        .signedDocumentDiffers(agreement: "AG-1", version: 1, sha256: "ab", recorded: "cd"),
        .differsFromRegistered(.agreement, id: "AG-1", version: 1, sha256: "ab", registeredAt: at, registeredBy: "root"),
        .differsFromRegistered(.contractor, id: "c", version: 1, sha256: "ab", registeredAt: at, registeredBy: "root"),
        .schemaCopyMissing, .schemaCopyDiffers, .registerHoldsNoBytes(id: "AG-1", version: 1, sha256: "ab"),
        .registerDamaged(file: ".consign/register.sqlite", damage: "table event is missing"),
        .tooLarge(bytes: 9, maximum: 8), .notUTF8(.utf32), .notUTF8(.utf16WithByteOrderMark), .notUTF8(.utf16OrUTF32),
        .notUTF8(.declared("Shift_JIS")), .doctype, .doctypeInDocument, .notWellFormed, .noRootElement,
        .unexpectedRoot(expected: ["agreement", "contractor"], found: "catalog"), .xinclude, .entityReference,
        .schemaMismatch(root: "task"), .xmlError(code: 4), .needsAttribute(element: "field", attribute: "id"),
        .needsChild(element: "agreement", child: "title"), .notAnInteger("x"), .notADate("x"), .notABoolean("x"),
        .notAForm("x"), .notAnIdentifiability("x"), .unknownRelationship("x"), .unknownBasis("x"), .unknownOperator("x"),
    ] + "abcdefgh".map { DocumentText.clause($0) }

    static let inputs: [InputText] = [
        .cannotRead(reason: "Permission denied"), .cannotBeRead, .noSuchFile, .unclosedQuote,
        .textAfterClosingQuote(field: 2), .quoteInUnquotedField(field: 2), .loneCarriageReturn, .utf16WithByteOrderMark,
        .nulBytes, .emptyCSV, .fieldCount(3, header: 4), .valueNotUTF8(likely: nil), .valueNotUTF8(likely: "Shift_JIS (CP932)"),
        .columnTwice("email", first: 1, second: 3), .columnMissing("email", field: "contact.email"), .cannotReadXML,
        .xmlSourceNotUTF8(.utf32), .xmlSourceDoctype, .xmlSourceEntityReference, .endsInsideRecord,
        .valueTwice(element: "email"), .elementInsideValue("b", value: "email"), .valueMissing(element: "email"),
        .notWellFormedXML, .noSubjectKey, .controlCharacterForXML(element: "note"), .notADate("x"), .notAWholeNumber("x"),
        .bucketOutOfRange("9"), .subjectKeyEmpty, .subjectKeyNotUTF8,
        .subjectKeyCharacter(key: "C1", character: "U+FF23 FULLWIDTH LATIN CAPITAL LETTER C", .compatibilityVariant, ascii: "C1"),
        .subjectKeyCharacter(key: "C1", character: "U+0301 COMBINING ACUTE ACCENT", .combiningMark, ascii: nil),
        .subjectKeyCharacter(key: "C1", character: "U+3000 IDEOGRAPHIC SPACE", .whiteSpace, ascii: nil),
        .subjectKeyCharacter(key: "C1", character: "U+200B ZERO WIDTH SPACE", .invisible, ascii: nil),
        .subjectKeyCharacter(key: "C1", character: "U+E000", .unassigned, ascii: nil),
        .cannotWrite, .cannotWriteHere, .diskFull(reason: "No space left on device"),
        .quotaUsedUp(reason: "Disk quota exceeded"), .readOnly(reason: "Read-only file system"),
        .cannotMoveIntoPlace(reason: "Permission denied"),
        .cannotCreateKeyFile(reason: "File exists"), .cannotWriteKeyFile, .noWorkspaceKey(reason: "No such file or directory"),
        .keyReadableByOthers(mode: "644", path: ".consign/master.key"), .keySize, .sourceDateEpoch("x"),
        .unknownTimeZone("Mars/Olympus"),
    ]

    static let workspace: [WorkspaceText] = [
        .alreadyAWorkspace(state: "w/.consign"), .created(path: ".gitignore"), .initialized(root: "/w"), .nextStepsHeading,
        .gitignore, .checked(documents: 4, errors: 1, warnings: 2), .notCompared(files: ["a.xml"]), .noRegister,
        .allRegistered, .notYetRegistered, .unregistered(file: "a.xml", .agreement, id: "AG-1", version: 1),
        .unregistered(file: "c.xml", .contractor, id: "c", version: 1),
        .wroteSample(rows: 1, file: "c.csv", bytes: 9, seed: 1, exampleCatalog: false),
        .wroteSample(rows: 1, file: "c.csv", bytes: 9, seed: 1, exampleCatalog: true), .rowsNegative(-1),
        .unknownLanguage("fr"), .unprintableOperator(option: "--operator", codePoint: "0007"),
    ]

    static let steps: [NextStep] = [
        .goInto(workspace: "w", starter: true), .goInto(workspace: "w", starter: false), .editCatalog, .editContractor,
        .registerProfile(file: "c.xml"), .registerAgreement(file: "a.xml"), .recordSelection(contractor: "c"),
        .plan(task: "t", contractor: "c"), .sample, .extract(task: "t", contractor: "c"), .audit, .seeWhatToRegister,
        .followReadme,
    ]

    static let sentences: [Sentence] = [
        WorkspaceHelp.consignAbstract, WorkspaceHelp.consignDiscussion, WorkspaceHelp.workspace, WorkspaceHelp.recordedBy,
        WorkspaceHelp.format, WorkspaceHelp.signedDocuments, WorkspaceHelp.date("The date", default: "today"), WorkspaceHelp.date("The date", default: nil),
        WorkspaceHelp.checkAbstract, WorkspaceHelp.checkDiscussion, WorkspaceHelp.initAbstract, WorkspaceHelp.initDiscussion,
        WorkspaceHelp.initDirectory, WorkspaceHelp.initExample, WorkspaceHelp.sampleAbstract, WorkspaceHelp.customersAbstract,
        WorkspaceHelp.customersDiscussion, WorkspaceHelp.rows, WorkspaceHelp.out, WorkspaceHelp.seed,
        DocumentText.extractSchemaComment, StarterText.catalogComment, StarterText.deliveries, StarterText.serviceInfo,
        StarterText.inquiries, StarterText.customerID, StarterText.name, StarterText.email, StarterText.phone,
        StarterText.postalCode, StarterText.prefecture, StarterText.city, StarterText.street, StarterText.newsletter,
        StarterText.taskComment, StarterText.taskTitle, StarterText.recipientReason, StarterText.addressReason,
        StarterText.contactReason, StarterText.referenceReason, StarterText.rowScopeComment, StarterText.contractorComment,
        StarterText.agreementComment, StarterText.agreementTitle, KeyHelp.key, KeyHelp.export, KeyHelp.exportDiscussion,
        KeyHelp.role, KeyHelp.out, KeyHelp.initKey,
    ]

    static let keys: [KeyText] = [
        .keyNotHeld(key: "subject", role: "procurement", file: ".consign/procurement.key", holders: ["privacy", "auditor"]),
        .keyNotHeld(key: "pseudonym:nordstat", role: "auditor", file: ".consign/auditor.key", holders: []),
        .keyFileVersion("2"), .keyFileLine, .staffKeepTheMasterKey,
        .exportNeedsTheMasterKey(role: "auditor", file: ".consign/auditor.key"),
        .exported(role: "auditor", file: "auditor.key", keys: ["ledger", "derived-state", "subject"]),
    ]

    @Test func everySentenceHasEnglishAndJapanese() {
        for entry in Self.documents { expectEnglishAndJapanese(entry) }
        for entry in Self.inputs { expectEnglishAndJapanese(entry) }
        for entry in Self.workspace { expectEnglishAndJapanese(entry) }
        for entry in Self.steps { expectEnglishAndJapanese(entry) }
        for entry in Self.sentences { expectEnglishAndJapanese(entry) }
        for entry in Self.keys { expectEnglishAndJapanese(entry) }
    }

    /// What could not be done, already in the user's language, and the system's reason after it.
    @Test func aFailureJoinsWhatAndWhy() {
        #expect(InputText.failed("cannot write", reason: "Permission denied").text(.en) == "cannot write: Permission denied")
        #expect(InputText.failed("書き込めません", reason: "Permission denied").text(.ja) == "書き込めません：Permission denied")
    }

    /// A step's command is the same in every language; only what it is for is translated.
    @Test func theStepsCommandsAreNotTranslated() {
        #expect(NextStep.registerProfile(file: "c.xml").command == "consign contractor add c.xml")
        #expect(NextStep.editCatalog.command == nil)
        #expect(NextStep.audit.text(.ja) != NextStep.audit.text(.en))
    }

    /// A comment of a starter document continues on lines indented as in the document, and holds nothing
    /// that would end it early.
    @Test func theStarterCommentsStayComments() {
        for comment in [
            StarterText.catalogComment, StarterText.taskComment, StarterText.contractorComment, StarterText.agreementComment,
        ] {
            for language in Language.allCases {
                let text = comment.text(language)
                #expect(!text.contains("--"), "\(text)")
                #expect(text.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("     ") && !$0.hasPrefix("      ") })
            }
        }
    }
}
