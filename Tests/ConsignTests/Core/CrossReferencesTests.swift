import ConsignCore
import ConsignWorkspace
import Testing

/// The cross-reference rules, on the repository's own example workspace and on variants of it.
@Suite struct CrossReferencesTests {
    let example: DocumentSet

    init() throws {
        let contents = WorkspaceDocuments.load(Workspace(root: repositoryRoot))
        #expect(contents.diagnostics.isEmpty)
        example = DocumentSet(
            catalog: try contents.catalog(), tasks: contents.tasks, contractors: contents.contractors,
            agreements: contents.agreements)
    }

    func errors(_ set: DocumentSet) -> [Diagnostic] { CrossReferences.diagnose(set).filter { $0.severity == .error } }

    func index(of id: String, version: Int = 1) -> Int {
        example.agreements.firstIndex { $0.document.id == id && $0.document.version == version }!
    }

    @Test func theExampleWorkspaceHasOnlyTheExpectedClauseWarning() {
        let diagnostics = CrossReferences.diagnose(example)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.file == "agreements/AG-2025-002-v1.xml")
        #expect(diagnostics.first?.message.contains("lacks clause e)") == true)
    }

    @Test func anUnknownFieldFormPurposeOrContractorIsAnErrorNamingTheLine() {
        var set = example
        let i = index(of: "AG-2024-007")
        set.agreements[i].document.permitted[0] = Located(Permission(field: "contact.fax"), line: 17)
        set.agreements[i].document.permitted[1] = Located(Permission(field: "person.birth_date", form: .hmac), line: 18)
        set.agreements[i].document.purposes.append("lottery")
        set.agreements[i].document.contractor = "nobody"
        let found = errors(set)
        let file = set.agreements[i].file
        #expect(found.contains { $0.file == file && $0.line == 17 && $0.message.contains("'contact.fax'") })
        #expect(found.contains { $0.file == file && $0.line == 18 && $0.message.contains("no form 'hmac'") })
        #expect(found.contains { $0.file == file && $0.message.contains("purpose 'lottery'") })
        #expect(found.contains { $0.file == file && $0.message.contains("contractor 'nobody' does not exist") })
    }

    @Test func anUnknownSubContractorIsAnError() {
        var set = example
        let i = index(of: "AG-2024-011", version: 2)
        set.agreements[i].document.approvedSubContractors[0].subContractor = "minami-delivery"
        #expect(errors(set).contains { $0.message.contains("sub-contractor 'minami-delivery' does not exist") })
    }

    @Test func twoFilesWithTheSameIdAndVersionAreAnError() {
        var set = example
        var copy = set.agreements[index(of: "AG-2025-006")]
        copy.file = "agreements/copy.xml"
        set.agreements.append(copy)
        #expect(errors(set).contains { $0.file == "agreements/copy.xml" && $0.message.contains("also defined in") })
    }

    @Test func twoAgreementsOfOneContractorCoveringAPurposeOnADateAreAnError() {
        var set = example
        var extra = set.agreements[index(of: "AG-2025-006")]
        extra.document.id = "AG-2026-099"
        extra.document.purposes = ["service-notices"]
        extra.document.effectiveFrom = CalendarDate("2027-01-01")!
        extra.file = "agreements/AG-2026-099-v1.xml"
        set.agreements.append(extra)
        let found = errors(set)
        #expect(found.contains { $0.message.contains("both cover purpose 'service-notices' on 2027-01-01") })
    }

    @Test func effectiveToBeforeEffectiveFromIsAnError() {
        var set = example
        let i = index(of: "AG-2025-010")
        set.agreements[i].document.effectiveTo = CalendarDate("2025-09-30")!
        #expect(errors(set).contains { $0.message.contains("effective to 2025-09-30 is before effective from 2025-10-01") })
    }

    @Test func aForeignAgreementWithoutABasisAndAnUnapprovedSubContractorAreWarnings() {
        var set = example
        set.agreements[index(of: "AG-2026-001")].document.foreignBasis = nil
        let j = set.contractors.firstIndex { $0.document.id == "kizuna-contact" }!
        set.contractors[j].document.subContractors.append(
            SubContractor(id: "overflow-call", name: "Overflow", role: "night shift", country: "PH", purposes: ["inquiries"]))
        let diagnostics = CrossReferences.diagnose(set)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("DE without a <foreign-basis>") })
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("'overflow-call' is used for purpose 'inquiries'") })
    }

    @Test func taskTemplatesMustLayOutEveryFormTheyUse() {
        var set = example
        let i = set.tasks.firstIndex { $0.document.id == "prize-shipping" }!
        set.tasks[i].document.layout.removeLast()
        set.tasks[i].document.needs[0].options[0].uses.append(Located(FieldForm("person.gender", .ageBand(10)), line: 9))
        let found = errors(set)
        #expect(found.contains { $0.message.contains("contact.email is used by an option but has no column") })
        #expect(found.contains { $0.line == 9 && $0.message.contains("no form 'age_band(10)'") })
    }

    @Test func theCatalogsSubjectKeyAndPurposesMustExist() {
        var set = example
        set.catalog!.document.subjectKey = "customer.number"
        set.catalog!.document.fields[1].collectedFor.append("telemarketing")
        let found = errors(set)
        #expect(found.contains { $0.message.contains("subject key 'customer.number'") })
        #expect(found.contains { $0.message.contains("purpose 'telemarketing'") })
    }
}
