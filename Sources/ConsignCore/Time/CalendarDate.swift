/// A calendar date (no time of day), as agreements, evaluations and status changes are dated: in the
/// workspace's time zone, compared by day. `effective_to` dates are inclusive.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid Gregorian date, or nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (the XSD `xs:date` lexical form without a time zone).
    public init?(_ text: some StringProtocol) { self.init(utf8: text.utf8) }

    /// Parses `YYYY-MM-DD` from its UTF-8 bytes (the register's records).
    public init?(bytes: UnsafeRawBufferPointer) { self.init(utf8: bytes) }

    // Byte by byte: the register replays thousands of dated events on every command.
    private init?(utf8: some Sequence<UInt8>) {
        guard let fields = fixedDigits(utf8, pattern: "dddd-dd-dd"), fields.count == 3 else { return nil }
        self.init(year: fields[0], month: fields[1], day: fields[2])
    }

    /// The date `days` days after (or before, when negative) this one.
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// Days from `other` to this date (positive when this date is later).
    public func days(since other: CalendarDate) -> Int { dayNumber - other.dayNumber }

    /// The same day `years` years later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CalendarDate {
        let y = year + years
        return CalendarDate(year: y, month: month, day: min(day, CalendarDate.daysIn(month: month, year: y)))!
    }

    public var description: String {
        let y = String(year), m = String(month), d = String(day)
        return String(repeating: "0", count: 4 - y.count) + y + "-" + (m.count == 1 ? "0" : "") + m + "-"
            + (d.count == 1 ? "0" : "") + d
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date: \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (the civil-from-days algorithm of H. Hinnant), so that day arithmetic
    /// needs no calendar object and no time zone.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.year = y
        self.month = m
        self.day = d
    }
}

/// The numbers in `utf8` when it matches `pattern` exactly, where `d` is an ASCII digit and any other
/// character stands for itself: `2026-11-18` against `dddd-dd-dd` gives [2026, 11, 18].
func fixedDigits(_ utf8: some Sequence<UInt8>, pattern: StaticString) -> FixedDigits? {
    var numbers = FixedDigits()
    var index = 0
    var inNumber = false
    let count = pattern.utf8CodeUnitCount
    for byte in utf8 {
        guard index < count else { return nil }
        let expected = pattern.utf8Start[index]
        if expected == UInt8(ascii: "d") {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if !inNumber {
                guard numbers.count < FixedDigits.capacity else { return nil }
                numbers.count += 1
            }
            numbers.values[numbers.count - 1] = numbers.values[numbers.count - 1] * 10 + Int(byte - UInt8(ascii: "0"))
            inNumber = true
        } else {
            guard byte == expected else { return nil }
            inNumber = false
        }
        index += 1
    }
    return index == count ? numbers : nil
}

/// The numbers `fixedDigits` read, held inline (the register parses dates in every event it replays).
struct FixedDigits {
    static let capacity = 8
    var values = SIMD8<Int>()
    var count = 0

    subscript(index: Int) -> Int { values[index] }
}
