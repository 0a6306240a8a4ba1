/// One problem found in a document, a workspace or the register, printed in one place as
/// `file:line:col: severity: message` (the compilers' form, which editors and CI logs understand).
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public var severity: Severity
    /// The file, as the user named it or relative to the workspace; nil for problems of the register.
    public var file: String?
    /// 1-based; 0 when unknown.
    public var line: Int
    /// 1-based; 0 when unknown (libxml2's schema errors carry no column).
    public var column: Int
    public var message: String

    public init(_ severity: Severity, file: String?, line: Int = 0, column: Int = 0, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public static func error(_ message: String, file: String? = nil, line: Int = 0, column: Int = 0) -> Diagnostic {
        Diagnostic(.error, file: file, line: line, column: column, message)
    }

    public static func warning(_ message: String, file: String? = nil, line: Int = 0, column: Int = 0) -> Diagnostic {
        Diagnostic(.warning, file: file, line: line, column: column, message)
    }

    public var description: String {
        var location = ""
        if let file {
            location = file
            if line > 0 {
                location += ":\(line)"
                if column > 0 { location += ":\(column)" }
            }
            location += ": "
        }
        return "\(location)\(severity.rawValue): \(message)"
    }
}

/// An input error: one or more diagnostics that stop the command (exit status 2), with nothing written.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public init(_ message: String, file: String? = nil, line: Int = 0, column: Int = 0) {
        self.diagnostics = [.error(message, file: file, line: line, column: column)]
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// An operation the register's rules refuse (exit status 1): the input was well formed, but the
/// register's state does not allow it (e.g. reinstating a terminated contractor).
public struct Refusal: Error, Sendable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

#if canImport(Glibc)
import Glibc
#endif

extension InputError {
    /// A file that cannot be written, with the system's reason (`errno` as the failed call left it) in words
    /// that say what to do about the usual ones.
    public static func cannotWrite(_ file: String, _ what: String = InputText.cannotWrite.text(), code: Int32 = errno)
        -> InputError
    {
        let system = String(cString: strerror(code))
        let reason: String =
            switch code {
            case ENOSPC: InputText.diskFull(reason: system).text()
            case EDQUOT: InputText.quotaUsedUp(reason: system).text()
            case EROFS: InputText.readOnly(reason: system).text()
            default: system
            }
        return InputError(InputText.failed(what, reason: reason).text(), file: file)
    }
}
