import ConsignCore
import Foundation

/// What time it is for consign: the real time, unless `SOURCE_DATE_EPOCH` fixes it (reproducible demos
/// and tests). Dates ("today") are taken in the workspace's time zone.
public struct Clock: Sendable {
    public var now: Timestamp

    public init(now: Timestamp) { self.now = now }

    /// The real time, or `SOURCE_DATE_EPOCH` when it is set.
    public static func system(environment: [String: String] = ProcessInfo.processInfo.environment) throws(InputError)
        -> Clock
    {
        if let epoch = environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int64(epoch) else {
                throw InputError("SOURCE_DATE_EPOCH must be whole seconds since 1970, not '\(epoch)'")
            }
            return Clock(now: Timestamp(secondsSinceEpoch: seconds))
        }
        return Clock(now: Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)))
    }

    /// Today's date in the time zone named by the catalog (e.g. Asia/Tokyo).
    public func today(timeZone identifier: String) throws(InputError) -> CalendarDate {
        guard let zone = TimeZone(identifier: identifier) else {
            throw InputError("unknown time zone '\(identifier)' in the catalog (use an IANA name such as Asia/Tokyo)")
        }
        let instant = Date(timeIntervalSince1970: TimeInterval(now.secondsSinceEpoch))
        return now.date(offsetSeconds: zone.secondsFromGMT(for: instant))
    }
}

/// Who is recording: `--operator`, else the login name.
public func operatorName(_ explicit: String?) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let login = getlogin() { return String(cString: login) }
    if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
    return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
}
