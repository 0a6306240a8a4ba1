/// What an agreement with relationship `provision` says of the provision to a third party that uses the data
/// for its own purposes (APPI Arts. 27–29): the person's consent it relies on, the recipient's purposes, how
/// its Art. 29 records are kept, and, abroad, the information given with the consent (Art. 28).
public struct ProvisionTerms: Sendable, Equatable {
    /// The catalog field that records each person's consent to this provision: a date, empty for none. A row
    /// counts as consented only when the date is on or before the transfer's.
    public var consentField: String
    /// The category of recipients the consent names (e.g. `prize-sponsors`), when the consent field records a
    /// consent to a category rather than to this recipient by name.
    public var recipientCategory: String?
    /// The recipient's own purposes of use, in words (they go into the Art. 29 record and the person's letter).
    public var recipientPurposes: String
    public var recordMethod: ProvisionRecordMethod
    /// Abroad (Art. 28(2), PPC Rule 17): the country, its system for protecting personal information and the
    /// recipient's measures, as told to the person when the consent was asked; nil at home.
    public var abroadInformation: String?
    public var line: Int

    public init(
        consentField: String, recipientCategory: String? = nil, recipientPurposes: String,
        recordMethod: ProvisionRecordMethod = .perProvision, abroadInformation: String? = nil, line: Int = 0
    ) {
        self.consentField = consentField
        self.recipientCategory = recipientCategory
        self.recipientPurposes = recipientPurposes
        self.recordMethod = recordMethod
        self.abroadInformation = abroadInformation
        self.line = line
    }
}

/// How the Art. 29 records of a provision are made, which sets how long they are kept (PPC Rule 21).
public enum ProvisionRecordMethod: String, Sendable, Equatable, Codable, CaseIterable {
    /// A record of each provision (Rule 19(2)), kept three years from the provision (Rule 21(3)).
    case perProvision = "per-provision"
    /// The contract with the person stands for the record (Rule 19(3): a provision made to supply goods or
    /// services to the person, such as a prize a sponsor ships to the winner), kept one year from the last
    /// provision under the agreement (Rule 21(1)).
    case contract

    /// How many years a record is kept (Rule 21).
    public var keptYears: Int { self == .contract ? 1 : 3 }
}

/// Joint use (共同利用, APPI Art. 27(5)(iii)): not a provision to a third party, provided the items below were
/// announced to the people (or made easy for them to know) before the data is shared.
public struct JointUse: Sendable, Equatable {
    /// When the items were announced; no data is shared before.
    public var announcedOn: CalendarDate
    /// Where the announcement is published (the privacy policy's section, a URL).
    public var reference: String
    /// The scope of the joint users.
    public var jointUsers: String
    /// The joint users' purpose of use.
    public var purpose: String
    /// The person responsible for the managed data: name, address and, for a company, its representative.
    public var responsible: String
    public var line: Int

    public init(
        announcedOn: CalendarDate, reference: String, jointUsers: String, purpose: String, responsible: String, line: Int = 0
    ) {
        self.announcedOn = announcedOn
        self.reference = reference
        self.jointUsers = jointUsers
        self.purpose = purpose
        self.responsible = responsible
        self.line = line
    }
}

/// A catalog field's statement that it records a person's consent to provision, to one recipient by id or to
/// a category of recipients.
public enum ProvisionConsent: Sendable, Equatable {
    case recipient(String)
    case category(String)

    /// Whether it records the consent an agreement with `contractor` and `terms` relies on.
    public func covers(contractor: String, _ terms: ProvisionTerms) -> Bool {
        switch self {
        case .recipient(let id): id == contractor
        case .category(let category): category == terms.recipientCategory
        }
    }
}

/// The exceptions of APPI Art. 27(1) under which personal data may go to a third party without the person's
/// consent (a closed list); a disclosure under one is recorded by hand with its legal reference.
public enum ProvisionException: String, Sendable, Equatable, Codable, CaseIterable {
    /// (i) Based on laws and regulations (a court order, a tax inquiry, a police inquiry under a statute).
    case law
    /// (ii) Needed to protect a person's life, body or property, when consent is difficult to obtain.
    case lifeProperty = "life-property"
    /// (iii) Specially needed for public health or children's healthy development, when consent is difficult.
    case publicHealth = "public-health"
    /// (iv) Cooperation with a national or local public body performing duties under law, when consent would
    /// impede them.
    case publicAuthority = "public-authority"
    /// (v) The company is an academic research institution and must publish or teach its results.
    case academicPublication = "academic-publication"
    /// (vi) The company is an academic research institution and researches jointly with the recipient.
    case academicJoint = "academic-joint"
    /// (vii) The recipient is an academic research institution that needs the data for academic research.
    case academicResearch = "academic-research"

    /// The item of Art. 27(1).
    public var item: String {
        switch self {
        case .law: "i"
        case .lifeProperty: "ii"
        case .publicHealth: "iii"
        case .publicAuthority: "iv"
        case .academicPublication: "v"
        case .academicJoint: "vi"
        case .academicResearch: "vii"
        }
    }
}
