/// The company's catalog (`templates/catalog.xml`): who the company is, its purposes of use (from its
/// privacy policy) and the personal data fields it holds, each with the derived forms it may be sent as.
public struct Catalog: Sendable, Equatable {
    public var id: String
    public var version: Int
    public var company: Company
    public var purposes: [Purpose]
    public var fields: [Field] { didSet { fieldPositions = Catalog.positions(of: fields) } }
    /// The field whose value identifies a data subject (the customer id): stop-use lists and
    /// "who received my data?" work on it.
    public var subjectKey: String
    /// Line of the `fields` element, where the subject key is declared.
    public var subjectKeyLine: Int

    public init(
        id: String, version: Int, company: Company, purposes: [Purpose], fields: [Field], subjectKey: String,
        subjectKeyLine: Int = 0
    ) {
        self.id = id
        self.version = version
        self.company = company
        self.purposes = purposes
        self.fields = fields
        self.fieldPositions = Catalog.positions(of: fields)
        self.subjectKey = subjectKey
        self.subjectKeyLine = subjectKeyLine
    }

    public func purpose(_ id: String) -> Purpose? { purposes.first { $0.id == id } }

    /// Where each field id is in `fields` (the planner looks fields up in its inner loops).
    private var fieldPositions: [String: Int]

    private static func positions(of fields: [Field]) -> [String: Int] {
        Dictionary(fields.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func field(_ id: String) -> Field? { fieldPositions[id].map { fields[$0] } }

    /// The fields that record a consent to a provision: their values are dates, read as of the transfer's.
    public var provisionConsentFields: Set<String> { Set(fields.filter { $0.provisionConsent != nil }.map(\.id)) }

    /// Whether the catalog collects a field for a purpose (false when it has no such field), read in place:
    /// the audit asks it of every field of every transfer.
    public func collects(_ field: String, for purpose: String) -> Bool {
        fieldPositions[field].map { fields[$0].collectedFor.contains(purpose) } ?? false
    }

    /// The weight and identifiability of a field form, or nil when the catalog has no such field or the
    /// field has no such derived form.
    public func variant(_ fieldForm: FieldForm) -> Field.Variant? {
        guard let field = field(fieldForm.field) else { return nil }
        return field.variant(fieldForm.form)
    }
}

/// The company that holds the data: named in reports; its home country decides which contractors are
/// foreign (APPI Art. 28) and its time zone what "today" is.
public struct Company: Sendable, Equatable {
    public var name: String
    public var homeCountry: String
    public var timeZone: String
    /// The certification schemes of which every contractor must hold one (empty: none required).
    public var requiredCertification: [String]
    /// The days within which a person's request (disclose, correct, delete, stop using...) is answered.
    public var requestAnswerDays = Company.defaultRequestAnswerDays
    /// The days within which every recipient of corrected or deleted data is told of it.
    public var recipientNoticeDays = Company.defaultRecipientNoticeDays
    /// The floor of every statistical table's protection.
    public var statistics = StatisticsPolicy()
    /// The company as the sender on a courier's label, with its courier accounts; nil when the catalog says none.
    public var sender: Sender?

    /// APPI Arts. 33-35 say "without delay"; GDPR Art. 12(3) sets one month.
    public static let defaultRequestAnswerDays = 30
    public static let defaultRecipientNoticeDays = 30

    public init(name: String, homeCountry: String, timeZone: String, requiredCertification: [String] = []) {
        self.name = name
        self.homeCountry = homeCountry
        self.timeZone = timeZone
        self.requiredCertification = requiredCertification
    }
}

/// The company as the sender on a courier's label (an import profile's ご依頼主 columns), and its account with each
/// courier whose file needs one.
public struct Sender: Sendable, Equatable {
    public var name: String
    public var postalCode: String
    public var address: String
    public var phone: String
    /// By import profile (`yamato-b2`).
    public var accounts: [String: CourierAccount]

    public init(name: String, postalCode: String, address: String, phone: String, accounts: [String: CourierAccount] = [:]) {
        self.name = name
        self.postalCode = postalCode
        self.address = address
        self.phone = phone
        self.accounts = accounts
    }
}

/// The company's account with a courier: the customer code its file names the payer by, and (Yamato) the
/// fare number.
public struct CourierAccount: Sendable, Equatable {
    public var customerCode: String
    public var fareNumber: String?

    public init(customerCode: String, fareNumber: String?) {
        self.customerCode = customerCode
        self.fareNumber = fareNumber
    }
}

/// A purpose of use published in the privacy policy.
public struct Purpose: Sendable, Equatable {
    public var id: String
    public var description: String

    public init(id: String, description: String) {
        self.id = id
        self.description = description
    }
}

/// How directly a value identifies a person; ordered none < quasi < direct (the planner's tie-break).
public enum Identifiability: String, Sendable, Comparable, CaseIterable, Codable {
    case none
    case quasi
    case direct

    /// 0 none, 1 quasi, 2 direct.
    public var rank: Int {
        switch self {
        case .none: 0
        case .quasi: 1
        case .direct: 2
        }
    }

    public static func < (lhs: Identifiability, rhs: Identifiability) -> Bool { lhs.rank < rhs.rank }
}

/// One item of personal data the company holds.
public struct Field: Sendable, Equatable {
    /// The cost and identifiability of sending a field in one form.
    public struct Variant: Sendable, Equatable {
        public var form: Form
        public var weight: Int
        public var identifiability: Identifiability

        public init(form: Form, weight: Int, identifiability: Identifiability) {
            self.form = form
            self.weight = weight
            self.identifiability = identifiability
        }
    }

    public var id: String
    /// The column (CSV header, XML child element, database column) that holds the value.
    public var column: String
    public var category: String
    public var description: String
    public var weight: Int
    public var identifiability: Identifiability
    /// APPI 要配慮個人情報 (special care-required personal information).
    public var specialCare: Bool
    /// A card number or other payment credential (PPC Rule 31(3)): never in a pseudonymised task.
    public var paymentCredential: Bool
    /// Personal-related information (個人関連情報, APPI Art. 31: a cookie or device id) that a recipient may link
    /// to a person: provided only when the agreement records how the recipient obtains the person's consent.
    public var personalRelated = false
    /// The value is a number (an amount, a count): a table may sum or average it.
    public var numeric = false
    /// The field records a person's consent to a provision (a date, empty for none): to which recipient or
    /// category of recipients.
    public var provisionConsent: ProvisionConsent?
    /// The purposes of use the field was collected for (purpose limitation).
    public var collectedFor: [String]
    /// The derived forms (`keep` excluded).
    public var derived: [Variant]
    public var line: Int
    /// Line of the `collected-for` element.
    public var collectedForLine: Int

    public init(
        id: String, column: String, category: String, description: String, weight: Int,
        identifiability: Identifiability, specialCare: Bool = false, paymentCredential: Bool = false, collectedFor: [String],
        derived: [Variant] = [], line: Int = 0, collectedForLine: Int = 0
    ) {
        self.id = id
        self.column = column
        self.category = category
        self.description = description
        self.weight = weight
        self.identifiability = identifiability
        self.specialCare = specialCare
        self.paymentCredential = paymentCredential
        self.collectedFor = collectedFor
        self.derived = derived
        self.line = line
        self.collectedForLine = collectedForLine
    }

    /// `keep` is the field as held; any other form must be declared on the field.
    public func variant(_ form: Form) -> Variant? {
        if form == .keep { return Variant(form: .keep, weight: weight, identifiability: identifiability) }
        return derived.first { $0.form == form }
    }
}
