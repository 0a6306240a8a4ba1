/// A certification the agreement in force or the company's catalog requires of a contractor (a Privacy Mark
/// or ISMS, say: the selection criteria of the PPC guideline 3-4-4 and JIS Q 15001 A.3.4.3.4) that the
/// contractor's profile does not show valid on a date: the one rule the planner and the audit apply. A
/// requirement lists schemes of which any one will do; a certification is valid through its expiry date.
public struct CertificationLapse: Sendable, Equatable {
    public enum RequiredBy: Sendable, Equatable {
        case agreement(String, version: Int)
        case catalog
    }

    public var schemes: [String]
    public var requiredBy: RequiredBy
    public var on: CalendarDate
    /// The certification of those schemes that expired last before the date; nil when the profile has none.
    public var last: Certification?

    public init(schemes: [String], requiredBy: RequiredBy, on: CalendarDate, last: Certification?) {
        self.schemes = schemes
        self.requiredBy = requiredBy
        self.on = on
        self.last = last
    }
}

extension ContractorProfile {
    /// The certification of one of `schemes` valid on `date` that expires last, if any.
    public func certification(of schemes: [String], validOn date: CalendarDate) -> Certification? {
        certifications.filter { schemes.contains($0.scheme) && date <= $0.expires }.max { $0.expires < $1.expires }
    }
}

extension Agreement {
    /// What this agreement and `company`'s catalog require that `profile` (nil: none registered) does not
    /// show valid on `date`.
    public func certificationLapses(of profile: ContractorProfile?, company: Company, on date: CalendarDate) -> [CertificationLapse] {
        let requirements: [(schemes: [String], by: CertificationLapse.RequiredBy)] = [
            (requiredCertification, .agreement(id, version: version)), (company.requiredCertification, .catalog),
        ]
        return requirements.compactMap { schemes, by in
            guard !schemes.isEmpty, profile?.certification(of: schemes, validOn: date) == nil else { return nil }
            let last = profile?.certifications.filter { schemes.contains($0.scheme) }.max { $0.expires < $1.expires }
            return CertificationLapse(schemes: schemes, requiredBy: by, on: date, last: last)
        }
    }
}
