/// The record of one provision of personal data to a third party (第三者提供記録, APPI Art. 29, PPC Rule 20),
/// appended in the same append as the transfer it records: on what it rested (the persons' consent, or an
/// exception of Art. 27(1) with its legal reference), who received it, for what purposes, and, for
/// personal-related information, how the recipient obtains the persons' consent (the confirmation of
/// Art. 31). The transfer holds the rest: the date, the persons (their keyed hashes) and the items.
public struct ProvisionRecord: Equatable, Sendable {
    /// What a provision rested on: the persons' prior consent (Art. 27(1)), or an exception of Art. 27(1).
    public enum Basis: Hashable, Sendable {
        case consent
        case exception(ProvisionException)

        /// The word the record spells it with.
        public var code: String {
            switch self {
            case .consent: "consent"
            case .exception(let exception): exception.rawValue
            }
        }

        public init?(code: String) {
            if code == "consent" {
                self = .consent
            } else if let exception = ProvisionException(rawValue: code) {
                self = .exception(exception)
            } else {
                return nil
            }
        }

        /// Every word, as the record's shape admits them.
        public static var all: [Basis] { [.consent] + ProvisionException.allCases.map { .exception($0) } }
    }

    public var transfer: String
    public var contractor: String
    public var basis: Basis
    /// The catalog field that records each person's consent (empty for an exception).
    public var consentField: String
    /// The law, order or request an exception rests on (empty for a consent).
    public var legalReference: String
    public var recordMethod: ProvisionRecordMethod
    /// The recipient as the record names it: its legal name, address and representative.
    public var recipientName: String
    public var recipientAddress: String
    public var recipientRepresentative: String
    /// The recipient's own purposes of use (empty for an exception).
    public var recipientPurposes: String
    /// How the recipient obtains the persons' consent to receive personal-related information as personal
    /// data (Art. 31(1)); nil when the transfer sent none.
    public var personalRelatedConsent: String?

    public init(
        transfer: String, contractor: String, basis: Basis, consentField: String = "", legalReference: String = "",
        recordMethod: ProvisionRecordMethod = .perProvision, recipientName: String, recipientAddress: String,
        recipientRepresentative: String, recipientPurposes: String, personalRelatedConsent: String? = nil
    ) {
        self.transfer = transfer
        self.contractor = contractor
        self.basis = basis
        self.consentField = consentField
        self.legalReference = legalReference
        self.recordMethod = recordMethod
        self.recipientName = recipientName
        self.recipientAddress = recipientAddress
        self.recipientRepresentative = recipientRepresentative
        self.recipientPurposes = recipientPurposes
        self.personalRelatedConsent = personalRelatedConsent
    }

    /// The record of a provision made under `agreement` to the contractor `profile` describes; nil when the
    /// agreement is not a provision (an entrustment or joint use needs no Art. 29 record).
    public init?(transfer: String, agreement: Agreement, profile: ContractorProfile?, sendsPersonalRelated: Bool) {
        guard agreement.relationship == .provision, let terms = agreement.provision else { return nil }
        self.init(
            transfer: transfer, contractor: agreement.contractor, basis: .consent, consentField: terms.consentField,
            recordMethod: terms.recordMethod, recipientName: profile?.legalName ?? agreement.contractor,
            recipientAddress: profile?.address ?? "", recipientRepresentative: profile?.representative ?? "",
            recipientPurposes: terms.recipientPurposes,
            personalRelatedConsent: sendsPersonalRelated ? agreement.personalRelatedConsent : nil)
    }

    /// Appends the record's fields in their canonical order.
    func encode(into record: inout CanonicalRecord) {
        record.append("transfer", transfer)
        record.append("contractor", contractor)
        record.append("basis", basis.code)
        record.append("consent-field", consentField)
        record.append("legal-reference", legalReference)
        record.append("record-method", recordMethod.rawValue)
        record.append("recipient-name", recipientName)
        record.append("recipient-address", recipientAddress)
        record.append("recipient-representative", recipientRepresentative)
        record.append("recipient-purposes", recipientPurposes)
        record.append("personal-related-consent", personalRelatedConsent)
    }

    /// Reads the record's fields after its kind, time and operator.
    init?(reading r: inout CanonicalRecord.Reader) {
        guard let transfer = r.next("transfer"), let contractor = r.next("contractor"),
            let basis = r.next("basis").flatMap(Basis.init(code:)), let consentField = r.next("consent-field"),
            let legalReference = r.next("legal-reference"),
            let method = r.next("record-method").flatMap(ProvisionRecordMethod.init(rawValue:)),
            let name = r.next("recipient-name"), let address = r.next("recipient-address"),
            let representative = r.next("recipient-representative"), let purposes = r.next("recipient-purposes")
        else { return nil }
        self.init(
            transfer: transfer, contractor: contractor, basis: basis, consentField: consentField, legalReference: legalReference,
            recordMethod: method, recipientName: name, recipientAddress: address, recipientRepresentative: representative,
            recipientPurposes: purposes, personalRelatedConsent: r.next("personal-related-consent"))
    }
}

extension ProvisionRecord {
    /// The first day the record of a provision made on `on` may be discarded (PPC Rule 21): three years after
    /// the record was made (the provision's day), or, when the contract with the person stands for it, one year
    /// after the last provision under the same agreement (`lastUnderAgreement`).
    public func discardableFrom(on: CalendarDate, lastUnderAgreement: CalendarDate) -> CalendarDate {
        switch recordMethod {
        case .contract: lastUnderAgreement.adding(years: recordMethod.keptYears).adding(days: 1)
        case .perProvision: on.adding(years: recordMethod.keptYears).adding(days: 1)
        }
    }
}

extension Transfer {
    /// Whether the transfer's recorded legal basis is an exception of APPI Art. 27(1) (a disclosure without
    /// consent), as `RecordedWords.exception` words it.
    public var isDisclosureUnderException: Bool {
        ProvisionException.allCases.contains { self.legalBasis == RecordedWords.exception($0).english }
    }
}
