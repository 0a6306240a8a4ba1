#if canImport(Glibc)
import Glibc
#endif

/// The language consign writes its sentences in.
public enum Language: String, Sendable, CaseIterable {
    case en
    case ja

    /// `CONSIGN_LANG` (`en` or `ja`), else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) when it is Japanese,
    /// else English.
    public static let current: Language = {
        if let chosen = getenv("CONSIGN_LANG").map({ String(cString: $0) }), let language = Language(rawValue: chosen) {
            return language
        }
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = getenv(variable).map({ String(cString: $0) }), !value.isEmpty else { continue }
            return value.hasPrefix("ja") ? .ja : .en
        }
        return .en
    }()
}
