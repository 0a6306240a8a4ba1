/// Every version of one agreement, and which one governs on a date (DESIGN: Agreement in force): a new
/// version supersedes every earlier one from its own `effectiveFrom`, so on a date the current version is
/// the latest version whose `effectiveFrom` is on or before it, and the agreement is in force when the
/// date is also on or before that version's `effectiveTo`. It covers exactly the purposes that version
/// lists, so an amendment can end or narrow an agreement.
public struct AgreementHistory: Sendable, Equatable {
    public var id: String
    public var contractor: String
    /// Sorted by version.
    public var versions: [Agreement]

    public init(versions: [Agreement]) {
        precondition(!versions.isEmpty, "an agreement history has at least one version")
        self.versions = versions.sorted { $0.version < $1.version }
        self.id = versions[0].id
        self.contractor = versions[0].contractor
    }

    /// The version that governs on `date`, in force or not.
    public func current(on date: CalendarDate) -> Agreement? {
        versions.last { $0.effectiveFrom <= date }
    }

    /// The current version on `date` when it is in force then.
    public func inForce(on date: CalendarDate) -> Agreement? {
        guard let current = current(on: date), date <= current.effectiveTo else { return nil }
        return current
    }

    /// The dates on which the answer of `inForce(on:)` may change: each version's first day, and the day
    /// after each version's last.
    var changeDates: [CalendarDate] {
        versions.flatMap { [$0.effectiveFrom, $0.effectiveTo.adding(days: 1)] }
    }
}

/// The answer to "which agreement covers this contractor, purpose and date?".
public enum Coverage: Equatable, Sendable {
    case covered(Agreement)
    /// Agreements are in force on the date, but none covers the purpose.
    case purposeNotCovered(inForce: [Agreement])
    case noAgreementInForce
}

extension Array where Element == AgreementHistory {
    /// The agreement in force for a purpose on a date, among one contractor's agreements.
    public func coverage(purpose: String, on date: CalendarDate) -> Coverage {
        let inForce = compactMap { $0.inForce(on: date) }
        if let covering = inForce.first(where: { $0.purposes.contains(purpose) }) { return .covered(covering) }
        return inForce.isEmpty ? .noAgreementInForce : .purposeNotCovered(inForce: inForce)
    }

    /// Pairs of different agreements of one contractor that cover the same purpose on the same date
    /// (an error: the agreement in force would be ambiguous), each with the first such date.
    public func overlaps() -> [AgreementOverlap] {
        var found: [AgreementOverlap] = []
        for (i, a) in enumerated() {
            for b in self[(i + 1)...] where a.contractor == b.contractor {
                // Both answers are constant between change dates, so the change dates are the only
                // dates to look at.
                for date in Set(a.changeDates + b.changeDates).sorted() {
                    guard let x = a.inForce(on: date), let y = b.inForce(on: date),
                        let purpose = x.purposes.first(where: y.purposes.contains)
                    else { continue }
                    found.append(AgreementOverlap(first: x, second: y, purpose: purpose, on: date))
                    break
                }
            }
        }
        return found
    }
}

/// Two agreements of one contractor both covering a purpose on a date.
public struct AgreementOverlap: Equatable, Sendable {
    public var first: Agreement
    public var second: Agreement
    public var purpose: String
    public var on: CalendarDate
}

/// Where one agreement version stands on a date: governing and in force, replaced by a later version,
/// past its end, or not yet begun (its code is what JSON and scripts read).
public enum AgreementStanding: String, Sendable, Codable {
    case inForce = "in-force"
    case superseded
    case expired
    case notYetEffective = "not-yet-effective"
}
