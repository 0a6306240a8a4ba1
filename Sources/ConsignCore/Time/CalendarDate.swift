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
    public init?(_ text: some StringProtocol) {
        guard let date = FixedText.reading(text, CalendarDate.init(text:)) else { return nil }
        self = date
    }

    /// Parses `YYYY-MM-DD` from its UTF-8 bytes (the register's records).
    public init?(bytes: UnsafeRawBufferPointer) { self.init(text: FixedText(bytes: bytes)) }

    // Byte by byte: the register replays thousands of dated events on every command.
    init?(text: FixedText) {
        guard text.matches("dddd-dd-dd") else { return nil }
        self.init(year: text.number(at: 0, 4), month: text.number(at: 5, 2), day: text.number(at: 8, 2))
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

/// The fixed-width text of a date or a time (`2026-11-18`, `2026-11-18T11:06:40Z`), read where it lies:
/// the register parses dates in every event it replays and verifies.
struct FixedText {
    let bytes: UnsafeRawBufferPointer

    /// Whether the text is `pattern` exactly, where `d` is an ASCII digit and any other character stands
    /// for itself.
    @inline(__always)
    func matches(_ pattern: StaticString) -> Bool {
        guard bytes.count == pattern.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count {
            let expected = pattern.utf8Start[index], byte = bytes[index]
            guard expected == UInt8(ascii: "d") ? byte &- UInt8(ascii: "0") < 10 : byte == expected else { return false }
        }
        return true
    }

    /// The number the `count` digits at `offset` spell (the text has matched its pattern).
    @inline(__always)
    func number(at offset: Int, _ count: Int) -> Int {
        var value = 0
        for index in offset..<offset + count { value = value &* 10 &+ Int(bytes[index] &- UInt8(ascii: "0")) }
        return value
    }

    /// Calls `read` with the text of `utf8` in place.
    static func reading<T>(_ utf8: some StringProtocol, _ read: (FixedText) -> T?) -> T? {
        var text = String(utf8)
        return text.withUTF8 { read(FixedText(bytes: UnsafeRawBufferPointer($0))) }
    }
}
