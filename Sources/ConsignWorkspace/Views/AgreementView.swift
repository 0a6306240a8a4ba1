import ConsignCore

/// An agreement version as `agreement list` and `agreement show` print it (JSON keys in snake_case).
public struct AgreementView: Codable, Sendable {
    public struct ClauseView: Codable, Sendable {
        public var letter: String
        public var element: String
        public var subject: String
        /// Where the clause is in the signed document; nil when the agreement lacks it.
        public var section: String?
        /// Its machine-checkable values (e.g. `notice_hours`), as text.
        public var values: [String: String]
    }

    public struct ApprovedView: Codable, Sendable {
        public var subContractor: String
        public var purposes: [String]
        public var country: String
        public var approvedOn: CalendarDate
        public var scope: String
    }

    public struct BasisView: Codable, Sendable {
        public var kind: ForeignBasis.Kind
        public var explanation: String
    }

    public var id: String
    public var version: Int
    public var contractor: String
    public var title: String
    public var relationship: Agreement.Relationship
    public var standing: AgreementStanding
    /// The date `standing` is for.
    public var standingOn: CalendarDate
    public var signed: CalendarDate
    public var effectiveFrom: CalendarDate
    public var effectiveTo: CalendarDate
    public var purposes: [String]
    /// `field` (every form) or `field:form`.
    public var permitted: [String]
    public var dataSubjects: [String]
    public var countries: [String]
    public var foreignBasis: BasisView?
    public var subContractingAllowed: Bool
    public var approvedSubContractors: [ApprovedView]
    public var retentionMaxDays: Int
    public var clauses: [ClauseView]
    public var missingClauses: [String]
    public var signatories: [Signatory]
    public var signedDocument: SignedDocument
    /// The certification schemes of which the contractor must hold one (empty: none required).
    public var requiredCertification: [String]
    /// SHA-256 of the registered XML bytes.
    public var sha256: String
    public var file: String
    public var registeredAt: Timestamp
    public var registeredBy: String

    public init(_ agreement: Agreement, in snapshot: RegisterSnapshot) {
        let registered = snapshot.registration(of: agreement)
        id = agreement.id
        version = agreement.version
        contractor = agreement.contractor
        title = agreement.title
        relationship = agreement.relationship
        standing = snapshot.standing(agreement)
        standingOn = snapshot.today
        signed = agreement.signed
        effectiveFrom = agreement.effectiveFrom
        effectiveTo = agreement.effectiveTo
        purposes = agreement.purposes
        permitted = agreement.permitted.map { p in
            p.value.form.map { "\(p.value.field):\($0)" } ?? p.value.field
        }
        dataSubjects = agreement.dataSubjects
        countries = agreement.countries
        foreignBasis = agreement.foreignBasis.map { BasisView(kind: $0.kind, explanation: $0.explanation) }
        subContractingAllowed = agreement.subContractingAllowed
        approvedSubContractors = agreement.approvedSubContractors.map {
            ApprovedView(
                subContractor: $0.subContractor, purposes: $0.purposes, country: $0.country, approvedOn: $0.approvedOn,
                scope: $0.scope)
        }
        retentionMaxDays = agreement.retentionMaxDays
        let present = agreement.clauses.present
        let c = agreement.clauses
        let values: [Character: [String: String?]] = [
            "d": ["frequency_days": c.reportingFrequencyDays.map(String.init)],
            "e": ["on_site": c.complianceCheckOnSite.map(String.init)],
            "g": ["notice_hours": c.incidentNoticeHours.map(String.init)],
            "h": [
                "return_or_delete_days": c.returnOrDeleteDays.map(String.init),
                "deletion_certificate": c.deletionCertificateRequired.map(String.init),
            ],
        ]
        clauses = Clauses.catalogue.map { entry in
            ClauseView(
                letter: String(entry.letter), element: entry.element, subject: entry.subject,
                section: present[entry.letter]?.section,
                values: (values[entry.letter] ?? [:]).compactMapValues { $0 })
        }
        missingClauses = c.missing.map(String.init)
        signatories = agreement.signatories
        signedDocument = agreement.signedDocument
        requiredCertification = agreement.requiredCertification
        sha256 = registered?.registration.sha256 ?? ""
        file = registered?.registration.file ?? ""
        registeredAt = registered?.registeredAt ?? Timestamp(secondsSinceEpoch: 0)
        registeredBy = registered?.registeredBy ?? ""
    }

    /// `agreement list` as a table.
    public static func table(_ views: [AgreementView]) -> String {
        let column = { (column: ProcurementText.Column) in ProcurementText.column(column).text() }
        var table = TextTable([
            column(.agreement), column(.version), column(.contractor), column(.effective), column(.standing),
            column(.purposes), column(.sha256),
        ])
        for v in views {
            table.append([
                v.id, String(v.version), v.contractor, "\(v.effectiveFrom)..\(v.effectiveTo)",
                ProcurementText.standing(v.standing).text(), v.purposes.joined(separator: " "),
                String(v.sha256.prefix(12)),
            ])
        }
        return table.rendered
    }

    /// `agreement show` for people.
    public var text: String {
        let row = { (label: ProcurementText.Label, value: String) in ShowRow.line(label, value) }
        var lines = [
            ProcurementText.agreementHeading(agreement: id, version: version, title: title).text(),
            row(.contractor, contractor),
            row(.relationship, Term.relationship(relationship).text()),
            row(.standing, ProcurementText.standingOn(standing, on: standingOn).text()),
            row(.signed, ProcurementText.signed(on: signed, by: signatories).text()),
            row(.effective, ProcurementText.effective(from: effectiveFrom, to: effectiveTo).text()),
            row(.purposes, ProcurementText.list(purposes).text()),
            row(.permitted, ProcurementText.list(permitted).text()),
            row(.dataSubjects, ProcurementText.list(dataSubjects).text()),
            row(.countries, ProcurementText.list(countries).text()),
        ]
        if let foreignBasis {
            let basis = ProcurementText.foreignBasis(foreignBasis.kind, explanation: foreignBasis.explanation)
            lines.append(row(.foreignBasis, basis.text()))
        }
        lines.append(row(.subContracting, ProcurementText.subContracting(allowed: subContractingAllowed).text()))
        for a in approvedSubContractors {
            let approved = ProcurementText.approved(
                subContractor: a.subContractor, country: a.country, purposes: a.purposes, on: a.approvedOn, scope: a.scope)
            lines.append(ShowRow.line(.approved, approved.text(), indent: 4))
        }
        lines.append(row(.retention, ProcurementText.retention(days: retentionMaxDays).text()))
        if !requiredCertification.isEmpty {
            lines.append(row(.requiresCertification, ProcurementText.oneOf(requiredCertification).text()))
        }
        lines.append("  " + ProcurementText.clausesHeading.text())
        for clause in clauses {
            let values = clause.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let where_ =
                clause.section.map { "\($0)" + (values.isEmpty ? "" : "  \(values)") } ?? ProcurementText.clauseMissing.text()
            lines.append("    \(clause.letter)) \(ShowRow.padded(clause.subject, to: 42)) \(where_)")
        }
        let document = ProcurementText.signedDocument(reference: signedDocument.reference, sha256: signedDocument.sha256)
        lines.append(row(.signedDocument, document.text()))
        lines.append(row(.registered, ProcurementText.registeredBy(at: registeredAt, by: registeredBy, file: file).text()))
        lines.append(row(.sha256, sha256))
        return lines.joined(separator: "\n")
    }
}
