import ConsignCore

extension Agreement {
    /// Decodes a schema-valid `<agreement>` element.
    public init(_ root: XMLElement, file: String) throws(InputError) {
        let r = ElementReader(file: file)
        let relationshipText = try r.text(root, "relationship")
        guard let relationship = Relationship(rawValue: relationshipText) else {
            throw r.fail(root, DocumentText.unknownRelationship(relationshipText).text())
        }
        var signatories: [Signatory] = []
        for s in try r.child(root, "signatories").children("signatory") {
            signatories.append(
                Signatory(party: try r.attribute(s, "party"), name: try r.attribute(s, "name"), title: try r.attribute(s, "title")))
        }
        let effective = try r.child(root, "effective")
        let purposes = try r.child(root, "purposes")
        var permitted: [Located<Permission>] = []
        for p in try r.child(root, "permitted").children("field") {
            let form = try r.optionalAttribute(p, "form").map { text throws(InputError) in try r.form(text, at: p) }
            let specialCare = try r.boolean(r.optionalAttribute(p, "special-care") ?? "false", at: p)
            permitted.append(Located(Permission(field: try r.attribute(p, "ref"), form: form, specialCare: specialCare), line: p.line))
        }
        var foreignBasis: ForeignBasis?
        if let basis = root.child("foreign-basis") {
            let kind = try r.attribute(basis, "kind")
            guard let k = ForeignBasis.Kind(rawValue: kind) else { throw r.fail(basis, DocumentText.unknownBasis(kind).text()) }
            foreignBasis = ForeignBasis(kind: k, explanation: basis.token)
        }
        let subContracting = try r.child(root, "sub-contracting")
        var approved: [ApprovedSubContractor] = []
        for a in subContracting.children("approved") {
            approved.append(
                ApprovedSubContractor(
                    subContractor: try r.attribute(a, "sub-contractor"),
                    purposes: XMLElement.split(try r.attribute(a, "purposes")), country: try r.attribute(a, "country"),
                    approvedOn: try r.date(r.attribute(a, "approved-on"), at: a), scope: try r.text(a, "scope"),
                    line: a.line))
        }
        let signedDocument = try r.child(root, "signed-document")
        let required = try root.child("requires-certification").map { element throws(InputError) in
            XMLElement.split(try r.attribute(element, "any-of"))
        }
        self.init(
            id: try r.attribute(root, "id"), version: try r.integer(r.attribute(root, "version"), at: root),
            contractor: try r.attribute(root, "contractor"), title: try r.text(root, "title"),
            relationship: relationship, signatories: signatories,
            signed: try r.date(r.child(root, "signed").token, at: r.child(root, "signed")),
            effectiveFrom: try r.date(r.attribute(effective, "from"), at: effective),
            effectiveTo: try r.date(r.attribute(effective, "to"), at: effective), effectiveLine: effective.line,
            purposes: purposes.list, purposesLine: purposes.line, permitted: permitted,
            dataSubjects: try r.child(root, "data-subjects").children("category").map(\.token),
            countries: try r.child(root, "countries").list, foreignBasis: foreignBasis,
            subContractingAllowed: try r.boolean(r.attribute(subContracting, "allowed"), at: subContracting),
            approvedSubContractors: approved,
            retentionMaxDays: try r.integer(r.attribute(r.child(root, "retention"), "max-days"), at: r.child(root, "retention")),
            clauses: try Clauses(r.child(root, "clauses"), reader: r),
            signedDocument: SignedDocument(
                reference: try r.attribute(signedDocument, "reference"), sha256: try r.attribute(signedDocument, "sha256")))
        requiredCertification = required ?? []
        if let terms = root.child("provision") {
            let method = r.optionalAttribute(terms, "record-method") ?? ProvisionRecordMethod.perProvision.rawValue
            provision = ProvisionTerms(
                consentField: try r.attribute(terms, "consent-field"),
                recipientCategory: r.optionalAttribute(terms, "recipient-category"),
                recipientPurposes: try r.text(terms, "recipient-purposes"),
                recordMethod: ProvisionRecordMethod(rawValue: method) ?? .perProvision,
                abroadInformation: terms.child("abroad-information")?.token, line: terms.line)
        }
        if let announced = root.child("joint-use") {
            jointUse = JointUse(
                announcedOn: try r.date(r.attribute(announced, "announced-on"), at: announced),
                reference: try r.attribute(announced, "reference"), jointUsers: try r.text(announced, "joint-users"),
                purpose: try r.text(announced, "purpose"), responsible: try r.text(announced, "responsible"),
                line: announced.line)
        }
        personalRelatedConsent = root.child("personal-related-consent")?.token
        let termsElement = root.child("provision") ?? root.child("joint-use")
        switch relationship {
        case .provision where provision == nil, .jointUse where jointUse == nil:
            throw r.fail(root, DocumentText.relationshipTermsMissing(relationship).text())
        case .entrustment where termsElement != nil, .provision where jointUse != nil, .jointUse where provision != nil:
            throw r.fail(termsElement ?? root, DocumentText.relationshipTermsMismatch(relationship).text())
        default:
            break
        }
    }
}

extension Clauses {
    fileprivate init(_ element: XMLElement, reader r: ElementReader) throws(InputError) {
        self.init()
        func clause(_ name: String) throws(InputError) -> (Clause, XMLElement)? {
            guard let e = element.child(name) else { return nil }
            return (Clause(section: try r.attribute(e, "section")), e)
        }
        responsibilities = try clause("responsibilities")?.0
        if let (c, e) = try clause("security") {
            security = c
            encryptedDeliveryRequired = try r.boolean(r.optionalAttribute(e, "encrypted-delivery") ?? "false", at: e)
        }
        subContracting = try clause("sub-contracting")?.0
        if let (c, e) = try clause("reporting") {
            reporting = c
            reportingFrequencyDays = try r.integer(r.attribute(e, "frequency-days"), at: e)
        }
        if let (c, e) = try clause("compliance-check") {
            complianceCheck = c
            complianceCheckOnSite = try r.boolean(r.attribute(e, "on-site"), at: e)
        }
        breachMeasures = try clause("breach-measures")?.0
        if let (c, e) = try clause("incident-reporting") {
            incidentReporting = c
            incidentNoticeHours = try r.integer(r.attribute(e, "notice-hours"), at: e)
        }
        if let (c, e) = try clause("after-termination") {
            afterTermination = c
            returnOrDeleteDays = try r.integer(r.attribute(e, "return-or-delete-days"), at: e)
            deletionCertificateRequired = try r.boolean(r.attribute(e, "deletion-certificate"), at: e)
        }
    }
}
