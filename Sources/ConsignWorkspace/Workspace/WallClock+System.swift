import ConsignCore
import Foundation

extension WallClock {
    /// The real time, or the time `SOURCE_DATE_EPOCH` fixes when it is set.
    public static func system(environment: [String: String] = ProcessInfo.processInfo.environment) throws(InputError)
        -> WallClock
    {
        guard let epoch = environment["SOURCE_DATE_EPOCH"] else { return .real }
        guard let seconds = Int64(epoch) else {
            throw InputError(InputText.sourceDateEpoch(epoch).text())
        }
        return WallClock(fixed: Timestamp(secondsSinceEpoch: seconds))
    }

    /// Today's date in the time zone named by the catalog (e.g. Asia/Tokyo).
    public func today(timeZone identifier: String) throws(InputError) -> CalendarDate {
        try WallClock.calendar(timeZone: identifier)(now)
    }

    /// The calendar date of an instant in the time zone named by the catalog.
    public static func calendar(timeZone identifier: String) throws(InputError) -> @Sendable (Timestamp) -> CalendarDate {
        guard let zone = TimeZone(identifier: identifier) else {
            throw InputError(InputText.unknownTimeZone(identifier).text())
        }
        return { instant in
            instant.date(offsetSeconds: zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.secondsSinceEpoch))))
        }
    }
}

/// Who is recording: `--operator`, else `CONSIGN_OPERATOR`, else the login name.
public func operatorName(_ explicit: String?) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let named = ProcessInfo.processInfo.environment["CONSIGN_OPERATOR"], !named.isEmpty { return named }
    if let login = getlogin() { return String(cString: login) }
    if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
    return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
}
