/// An instant, in whole seconds since 1970-01-01T00:00:00Z, printed as ISO 8601 in UTC. Events record
/// the real time (or `SOURCE_DATE_EPOCH`); agreements and evaluations are dated by `CalendarDate`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`.
    public init?(_ text: String) {
        guard let parsed = FixedText.reading(text, Timestamp.init(text:)) else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` from its UTF-8 bytes (the register's records).
    public init?(bytes: UnsafeRawBufferPointer) { self.init(text: FixedText(bytes: bytes)) }

    private init?(text: FixedText) {
        guard text.matches("dddd-dd-ddTdd:dd:ddZ"),
            let date = CalendarDate(year: text.number(at: 0, 4), month: text.number(at: 5, 2), day: text.number(at: 8, 2))
        else { return nil }
        let hours = text.number(at: 11, 2), minutes = text.number(at: 14, 2), seconds = text.number(at: 17, 2)
        guard hours < 24, minutes < 60, seconds < 60 else { return nil }
        secondsSinceEpoch = Int64(date.dayNumber) * 86_400 + Int64(hours * 3600 + minutes * 60 + seconds)
    }

    /// The calendar date of this instant in UTC shifted by `offsetSeconds` (a time zone's offset).
    public func date(offsetSeconds: Int = 0) -> CalendarDate {
        let local = secondsSinceEpoch + Int64(offsetSeconds)
        return CalendarDate(dayNumber: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }

    public var description: String {
        let date = date()
        let seconds = Int(secondsSinceEpoch - Int64(date.dayNumber) * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date)T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Timestamp(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a timestamp: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
