import ConsignCore
import Crypto

/// Turns a held value into the form a plan sends: `keep`, `hmac` (a per-contractor pseudonym),
/// `prefix(n)`, `mask(keep_last=n)`, `year`, `age_band(n)` (as of the extract date), `bucket(n)` and
/// `null`. An empty value stays empty in every form: there is nothing to send, and a pseudonym of the
/// empty string would link every record that lacks the value. Total: every value of every form gives a
/// result or a `Failure` the extract reports with the source line, never a trap.
public struct FieldTransform: Sendable {
    public let form: Form
    /// The contractor's HMAC, for `hmac` only.
    let pseudonymizer: Pseudonymizer?
    private let asOf: CalendarDate

    /// `pseudonymKey` is the contractor's key (HKDF `pseudonym:<contractor id>` of the master key), needed
    /// for `hmac` only; `asOf` is the extract's date, for `age_band`.
    public init(form: Form, pseudonymKey: SymmetricKey?, asOf: CalendarDate) {
        precondition(form != .hmac || pseudonymKey != nil, "hmac needs the contractor's pseudonym key")
        self.form = form
        pseudonymizer = form == .hmac ? pseudonymKey.map(Pseudonymizer.init) : nil
        self.asOf = asOf
    }

    /// Why a value cannot take a form (the extract reports it with the source line).
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case notADate(String)
        case notANumber(String)
        /// A whole number whose bucket reaches past the largest or smallest whole number consign holds.
        case outOfRange(String)

        public var description: String {
            switch self {
            case .notADate(let value): InputText.notADate(value).text()
            case .notANumber(let value): InputText.notAWholeNumber(value).text()
            case .outOfRange(let value): InputText.bucketOutOfRange(value).text()
            }
        }
    }

    public func apply(_ value: String) throws(Failure) -> String {
        if value.isEmpty { return "" }
        switch form {
        case .keep:
            return value
        case .null:
            return ""
        case .hmac:
            return pseudonymizer!.hex(value)
        case .prefix(let n):
            return String(value.prefix(n))
        case .mask(let keepLast):
            let kept = value.suffix(keepLast)
            return String(repeating: "*", count: value.count - kept.count) + kept
        case .year:
            return String(try date(value).year)
        case .ageBand(let width):
            let birth = try date(value)
            var age = asOf.year - birth.year
            if (asOf.month, asOf.day) < (birth.month, birth.day) { age -= 1 }
            let low = max(0, age) / width * width
            return "\(low)-\(low + width - 1)"
        case .bucket(let width):
            guard let number = Int(value) else { throw .notANumber(value) }
            // Floor division, with every step checked: a value near the ends of Int would otherwise trap.
            let (quotient, remainder) = number.quotientAndRemainder(dividingBy: width)
            var low = quotient * width
            if remainder < 0 {
                let (below, overflow) = low.subtractingReportingOverflow(width)
                guard !overflow else { throw .outOfRange(value) }
                low = below
            }
            let (high, overflow) = low.addingReportingOverflow(width - 1)
            guard !overflow else { throw .outOfRange(value) }
            return "\(low)-\(high)"
        }
    }

    /// A date at the start of the value (`YYYY-MM-DD`, or an ISO 8601 timestamp).
    private func date(_ value: String) throws(Failure) -> CalendarDate {
        guard let date = CalendarDate(value.prefix(10)), value.count == 10 || value.dropFirst(10).first == "T" else {
            throw .notADate(value)
        }
        return date
    }
}
