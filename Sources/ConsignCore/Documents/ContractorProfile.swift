/// A contractor's profile document (`agreements/contractors/`): who it is, where it processes and stores
/// data, its certifications and the sub-contractors it uses. It counts once registered.
public struct ContractorProfile: Sendable, Equatable {
    public var id: String
    public var version: Int
    public var legalName: String
    public var address: String
    public var addressCountry: String
    public var representative: String
    public var privacyContact: PrivacyContact
    public var processingCountries: [String]
    public var storageCountries: [String]
    public var certifications: [Certification]
    public var subContractors: [SubContractor]

    public init(
        id: String, version: Int, legalName: String, address: String, addressCountry: String,
        representative: String, privacyContact: PrivacyContact, processingCountries: [String],
        storageCountries: [String], certifications: [Certification] = [], subContractors: [SubContractor] = []
    ) {
        self.id = id
        self.version = version
        self.legalName = legalName
        self.address = address
        self.addressCountry = addressCountry
        self.representative = representative
        self.privacyContact = privacyContact
        self.processingCountries = processingCountries
        self.storageCountries = storageCountries
        self.certifications = certifications
        self.subContractors = subContractors
    }

    /// Every country where the contractor holds the data: its address, processing and storage.
    public var countries: Set<String> { Set(processingCountries + storageCountries + [addressCountry]) }
}

public struct PrivacyContact: Sendable, Equatable, Codable, CustomStringConvertible {
    public var name: String
    public var email: String
    public var phone: String?

    public init(name: String, email: String, phone: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }

    /// How every listing and register writes it: "Name <email> phone".
    public var description: String { "\(name) <\(email)>" + (phone.map { " \($0)" } ?? "") }
}

public struct Certification: Sendable, Equatable, Codable {
    public var scheme: String
    public var number: String
    public var expires: CalendarDate

    public init(scheme: String, number: String, expires: CalendarDate) {
        self.scheme = scheme
        self.number = number
        self.expires = expires
    }
}

/// A company the contractor passes the data on to, and for which purposes.
public struct SubContractor: Sendable, Equatable {
    public var id: String
    public var name: String
    public var role: String
    public var country: String
    public var purposes: [String]
    public var line: Int

    public init(id: String, name: String, role: String, country: String, purposes: [String], line: Int = 0) {
        self.id = id
        self.name = name
        self.role = role
        self.country = country
        self.purposes = purposes
        self.line = line
    }
}
