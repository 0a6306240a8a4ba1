/// One immutable version of a confidentiality agreement with a contractor. An amendment is a new
/// version, which supersedes every earlier one from its own `effectiveFrom`.
public struct Agreement: Sendable, Equatable {
    public enum Relationship: String, Sendable, Equatable, Codable {
        /// The contractor handles the data on the company's behalf (APPI Art. 27(5)(i)).
        case entrustment
        /// A third-party provision: the recipient uses the data for its own purposes, with the person's consent
        /// (APPI Art. 27(1)); its terms say which consent (`provision`).
        case provision
        /// Joint use with announced items (APPI Art. 27(5)(iii)): not a provision to a third party (`jointUse`).
        case jointUse = "joint-use"
    }

    public var id: String
    public var version: Int
    public var contractor: String
    public var title: String
    public var relationship: Relationship
    public var signatories: [Signatory]
    public var signed: CalendarDate
    public var effectiveFrom: CalendarDate
    /// Inclusive.
    public var effectiveTo: CalendarDate
    public var effectiveLine: Int
    public var purposes: [String]
    public var purposesLine: Int
    public var permitted: [Located<Permission>]
    public var dataSubjects: [String]
    public var countries: [String]
    public var foreignBasis: ForeignBasis?
    public var subContractingAllowed: Bool
    public var approvedSubContractors: [ApprovedSubContractor]
    public var retentionMaxDays: Int
    public var clauses: Clauses
    public var signedDocument: SignedDocument
    /// The certification schemes of which the contractor must hold one (empty: none required).
    public var requiredCertification: [String] = []
    /// The terms of a provision (relationship `provision` only).
    public var provision: ProvisionTerms?
    /// The announced items of joint use (relationship `joint-use` only).
    public var jointUse: JointUse?
    /// How the recipient obtains the person's consent to receive personal-related information as personal
    /// data (APPI Art. 31(1)): what the company confirmed before sending any; nil when the agreement records none.
    public var personalRelatedConsent: String?

    public init(
        id: String, version: Int, contractor: String, title: String, relationship: Relationship,
        signatories: [Signatory], signed: CalendarDate, effectiveFrom: CalendarDate, effectiveTo: CalendarDate,
        effectiveLine: Int = 0, purposes: [String], purposesLine: Int = 0, permitted: [Located<Permission>],
        dataSubjects: [String], countries: [String], foreignBasis: ForeignBasis? = nil,
        subContractingAllowed: Bool = false, approvedSubContractors: [ApprovedSubContractor] = [],
        retentionMaxDays: Int, clauses: Clauses, signedDocument: SignedDocument
    ) {
        self.id = id
        self.version = version
        self.contractor = contractor
        self.title = title
        self.relationship = relationship
        self.signatories = signatories
        self.signed = signed
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.effectiveLine = effectiveLine
        self.purposes = purposes
        self.purposesLine = purposesLine
        self.permitted = permitted
        self.dataSubjects = dataSubjects
        self.countries = countries
        self.foreignBasis = foreignBasis
        self.subContractingAllowed = subContractingAllowed
        self.approvedSubContractors = approvedSubContractors
        self.retentionMaxDays = retentionMaxDays
        self.clauses = clauses
        self.signedDocument = signedDocument
    }

    /// Whether the agreement permits sending this field form: a permission of the field itself (without
    /// a form, or as `keep`) permits it in every form, since a derived form reveals less than its source;
    /// a permission of a derived form permits that form only.
    public func permits(_ fieldForm: FieldForm) -> Bool {
        permitted.contains { permission in
            permission.value.field == fieldForm.field
                && (permission.value.form == nil || permission.value.form == .keep
                    || permission.value.form == fieldForm.form)
        }
    }

    /// Whether the agreement permits `field` by name as a field of special care.
    public func permitsAsSpecialCare(_ field: String) -> Bool {
        permitted.contains { $0.value.field == field && $0.value.specialCare }
    }

    /// The countries outside the company's home country where the data goes.
    public func foreignCountries(home: String) -> [String] { countries.filter { $0 != home } }
}

public struct Signatory: Sendable, Equatable, Codable {
    public var party: String
    public var name: String
    public var title: String

    public init(party: String, name: String, title: String) {
        self.party = party
        self.name = name
        self.title = title
    }
}

/// A field the agreement lets the company send, in every form (`form == nil`) or in one form only.
public struct Permission: Sendable, Equatable {
    public var field: String
    public var form: Form?
    /// Whether the agreement names the field as of special care (APPI 要配慮個人情報): the only way such a
    /// field may be sent.
    public var specialCare: Bool

    public init(field: String, form: Form? = nil, specialCare: Bool = false) {
        self.field = field
        self.form = form
        self.specialCare = specialCare
    }
}

/// The legal basis for sending data to a contractor abroad (APPI Art. 28).
public struct ForeignBasis: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// A country the PPC recognises as having equivalent protection (the EU and the UK).
        case euUKAdequacy = "eu-uk-adequacy"
        /// A contract securing equivalent measures; its yearly check is a `foreign-basis` evaluation.
        case equivalentMeasuresContract = "equivalent-measures-contract"
        case apecCBPR = "apec-cbpr"
        case consent
    }

    public var kind: Kind
    public var explanation: String

    public init(kind: Kind, explanation: String) {
        self.kind = kind
        self.explanation = explanation
    }
}

/// Where an agreement's basis for data abroad stands on a date (APPI Art. 28): the one rule the planner
/// applies before a transfer and the audit after it.
public enum ForeignBasisStanding: Equatable, Sendable {
    case valid
    /// The agreement records no basis.
    case missing
    /// A contract securing equivalent measures whose latest yearly check before the date failed.
    case checkFailed(on: CalendarDate)
    /// A contract securing equivalent measures never checked, or last checked more than a year before.
    case checkOverdue(lastOn: CalendarDate?)
}

extension Agreement {
    /// The standing of the agreement's basis for data abroad on `date`, given the contractor's evaluations
    /// (its `foreign-basis` evaluations are the yearly checks of a contract basis).
    public func foreignBasisStanding(on date: CalendarDate, evaluations: [Evaluation]) -> ForeignBasisStanding {
        guard let foreignBasis else { return .missing }
        guard foreignBasis.kind == .equivalentMeasuresContract else { return .valid }
        let latest = Planner.latestEvaluation(evaluations.filter { $0.kind == .foreignBasis && $0.on <= date })
        if let latest, latest.result == .fail { return .checkFailed(on: latest.on) }
        if let latest, date <= latest.on.adding(years: Planner.foreignBasisCheckYears) { return .valid }
        return .checkOverdue(lastOn: latest?.on)
    }
}

/// A sub-contractor the agreement approves, for which purposes, where, and since when.
public struct ApprovedSubContractor: Sendable, Equatable {
    public var subContractor: String
    public var purposes: [String]
    public var country: String
    public var approvedOn: CalendarDate
    public var scope: String
    public var line: Int

    public init(
        subContractor: String, purposes: [String], country: String, approvedOn: CalendarDate, scope: String,
        line: Int = 0
    ) {
        self.subContractor = subContractor
        self.purposes = purposes
        self.country = country
        self.approvedOn = approvedOn
        self.scope = scope
        self.line = line
    }
}

/// The signed document the XML version records: where it is kept and the SHA-256 of its bytes.
public struct SignedDocument: Sendable, Equatable, Codable {
    public var reference: String
    public var sha256: String

    public init(reference: String, sha256: String) {
        self.reference = reference
        self.sha256 = sha256
    }
}
