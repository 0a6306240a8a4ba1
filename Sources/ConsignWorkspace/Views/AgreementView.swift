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
        public var kind: String
        public var explanation: String
    }

    public var id: String
    public var version: Int
    public var contractor: String
    public var title: String
    public var relationship: String
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
        relationship = agreement.relationship.rawValue
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
        foreignBasis = agreement.foreignBasis.map { BasisView(kind: $0.kind.rawValue, explanation: $0.explanation) }
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
        sha256 = registered?.registration.sha256 ?? ""
        file = registered?.registration.file ?? ""
        registeredAt = registered?.registeredAt ?? Timestamp(secondsSinceEpoch: 0)
        registeredBy = registered?.registeredBy ?? ""
    }

    /// `agreement list` as a table.
    public static func table(_ views: [AgreementView]) -> String {
        var table = TextTable(["AGREEMENT", "V", "CONTRACTOR", "EFFECTIVE", "STANDING", "PURPOSES", "SHA-256"])
        for v in views {
            table.append([
                v.id, String(v.version), v.contractor, "\(v.effectiveFrom)..\(v.effectiveTo)", v.standing.rawValue,
                v.purposes.joined(separator: " "), String(v.sha256.prefix(12)),
            ])
        }
        return table.rendered
    }

    /// `agreement show` for people.
    public var text: String {
        var lines = [
            "\(id) version \(version): \(title)",
            "  contractor        \(contractor)",
            "  relationship      \(relationship)",
            "  standing          \(standing.rawValue) on \(standingOn)",
            "  signed            \(signed) by " + signatories.map { "\($0.name) (\($0.title), \($0.party))" }.joined(separator: ", "),
            "  effective         \(effectiveFrom) to \(effectiveTo) (inclusive)",
            "  purposes          \(purposes.joined(separator: ", "))",
            "  permitted         \(permitted.joined(separator: ", "))",
            "  data subjects     \(dataSubjects.joined(separator: ", "))",
            "  countries         \(countries.joined(separator: ", "))",
        ]
        if let foreignBasis { lines.append("  foreign basis     \(foreignBasis.kind): \(foreignBasis.explanation)") }
        lines.append("  sub-contracting   \(subContractingAllowed ? "allowed" : "not allowed")")
        for a in approvedSubContractors {
            lines.append(
                "    approved        \(a.subContractor) (\(a.country)) for \(a.purposes.joined(separator: ", ")) on \(a.approvedOn): \(a.scope)")
        }
        lines.append("  retention         at most \(retentionMaxDays) days")
        lines.append("  clauses (JIS Q 15001 A.3.4.3.4)")
        for clause in clauses {
            let values = clause.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let where_ = clause.section.map { "\($0)" + (values.isEmpty ? "" : "  \(values)") } ?? "MISSING"
            lines.append("    \(clause.letter)) \(clause.subject.padding(toLength: 42, withPad: " ", startingAt: 0)) \(where_)")
        }
        lines.append("  signed document   \(signedDocument.reference) (sha256 \(signedDocument.sha256))")
        lines.append("  registered        \(registeredAt) by \(registeredBy) from \(file)")
        lines.append("  sha256            \(sha256)")
        return lines.joined(separator: "\n")
    }
}
