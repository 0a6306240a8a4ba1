/// An instant, in whole seconds since 1970-01-01T00:00:00Z, printed as ISO 8601 in UTC. Events record
/// the real time (or `SOURCE_DATE_EPOCH`); agreements and evaluations are dated by `CalendarDate`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`.
    public init?(_ text: String) {
        guard let parsed = Timestamp(utf8: text.utf8) else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` from its UTF-8 bytes (the register's records).
    public init?(bytes: UnsafeRawBufferPointer) { self.init(utf8: bytes) }

    private init?(utf8: some Sequence<UInt8>) {
        guard let n = fixedDigits(utf8, pattern: "dddd-dd-ddTdd:dd:ddZ"), n.count == 6,
            let date = CalendarDate(year: n[0], month: n[1], day: n[2]), n[3] < 24, n[4] < 60, n[5] < 60
        else { return nil }
        secondsSinceEpoch = Int64(date.dayNumber) * 86_400 + Int64(n[3] * 3600 + n[4] * 60 + n[5])
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
