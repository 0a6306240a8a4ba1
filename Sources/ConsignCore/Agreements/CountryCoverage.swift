/// Where a contractor holds the data, against the countries its agreement names and the basis it gives for
/// those abroad (APPI Art. 28, PPC Rules 16–18): the one rule `check`, the planner and the audit apply.
///
/// Every country of processing and of storage in the contractor's profile, and the country of each
/// sub-contractor the profile declares for a purpose in question, must be among the agreement's countries.
/// A country abroad needs the agreement's foreign basis (the planner's `no-foreign-basis` and the audit's
/// `foreign-transfer-without-basis` say so when it has none); an EU/UK adequacy basis covers only the
/// countries the PPC designated (`adequacyCountries`), so a country abroad the agreement names outside
/// them is not covered by it.
public struct CountryGap: Sendable, Equatable {
    public enum Place: Sendable, Equatable {
        /// A country the agreement itself names.
        case agreement
        case processing
        case storage
        case subContractor(String)
    }

    public enum Problem: Sendable, Equatable {
        /// The agreement does not name the country.
        case notInAgreement
        /// The agreement's basis abroad is EU/UK adequacy, and the country is not one the PPC designated.
        case outsideAdequacy
    }

    public var place: Place
    public var country: String
    public var problem: Problem

    public init(place: Place, country: String, problem: Problem) {
        self.place = place
        self.country = country
        self.problem = problem
    }

    /// The countries the PPC designated as having a system equivalent to Japan's (PPC Public Notice No. 1
    /// of 2019, under APPI Art. 28(1) and PPC Rule 15): the member states of the European Economic Area
    /// (the 27 EU member states, Iceland, Liechtenstein and Norway) and the United Kingdom, as ISO 3166-1
    /// alpha-2 codes.
    public static let adequacyCountries: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB",
    ]
}

extension Agreement {
    /// The places where `profile` holds the data that this agreement does not cover, for data sent for
    /// `purposes` (the sub-contractors declared for one of them count), with `home` the company's country.
    /// Empty when it covers them all.
    public func countryGaps(of profile: ContractorProfile, purposes: Set<String>, home: String) -> [CountryGap] {
        let named = Set(countries)
        // A country abroad the agreement names, outside the adequacy it relies on.
        var gaps = countries.filter { country in
            foreignBasis?.kind == .euUKAdequacy && country != home && !CountryGap.adequacyCountries.contains(country)
        }.map { CountryGap(place: .agreement, country: $0, problem: .outsideAdequacy) }
        // A country the contractor holds the data in that the agreement does not name.
        func gap(_ place: CountryGap.Place, _ country: String) -> CountryGap? {
            named.contains(country) ? nil : CountryGap(place: place, country: country, problem: .notInAgreement)
        }
        gaps += profile.processingCountries.compactMap { gap(.processing, $0) }
        gaps += profile.storageCountries.compactMap { gap(.storage, $0) }
        for sub in profile.subContractors where !purposes.isDisjoint(with: sub.purposes) {
            if let found = gap(.subContractor(sub.id), sub.country) { gaps.append(found) }
        }
        return gaps
    }
}
