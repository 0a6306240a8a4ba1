/// How a field is sent: as held (`keep`) or in a derived, less identifying form. The names are those of
/// the documents (`prefix(3)`, `age_band(10)`, `mask(keep_last=4)`); the transforms themselves belong to
/// the extract.
public enum Form: Hashable, Comparable, Sendable, CustomStringConvertible {
    case keep
    case hmac
    case year
    case null
    case prefix(Int)
    case ageBand(Int)
    case bucket(Int)
    case mask(keepLast: Int)

    /// Parses a form name as the XSDs allow it; nil for anything else.
    public init?(_ name: String) {
        switch name {
        case "keep": self = .keep
        case "hmac": self = .hmac
        case "year": self = .year
        case "null": self = .null
        default:
            guard name.utf8.last == UInt8(ascii: ")"), let open = name.utf8.firstIndex(of: UInt8(ascii: "(")) else { return nil }
            let head = name[..<open]
            var argument = name[name.utf8.index(after: open)..<name.utf8.index(before: name.utf8.endIndex)]
            if head == "mask" {
                guard argument.hasPrefix("keep_last=") else { return nil }
                argument = argument.dropFirst("keep_last=".count)
            }
            // The XSDs' pattern: a positive count of at most nine digits without a leading zero, or for
            // mask one to three digits.
            guard !argument.isEmpty, argument.allSatisfy({ $0.isASCII && $0.isNumber }),
                head == "mask" ? argument.count <= 3 : argument.count <= 9 && argument.first != "0",
                let n = Int(argument)
            else { return nil }
            switch head {
            case "prefix": self = .prefix(n)
            case "age_band": self = .ageBand(n)
            case "bucket": self = .bucket(n)
            case "mask": self = .mask(keepLast: n)
            default: return nil
            }
        }
    }

    public var description: String {
        switch self {
        case .keep: "keep"
        case .hmac: "hmac"
        case .year: "year"
        case .null: "null"
        case .prefix(let n): "prefix(\(n))"
        case .ageBand(let n): "age_band(\(n))"
        case .bucket(let n): "bucket(\(n))"
        case .mask(let n): "mask(keep_last=\(n))"
        }
    }

    public static func < (lhs: Form, rhs: Form) -> Bool { lhs.description < rhs.description }
}

/// A field in one form, as task options, layouts and agreements name it; printed `field` for `keep`
/// and `field:form` otherwise.
public struct FieldForm: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var field: String
    public var form: Form

    public init(_ field: String, _ form: Form = .keep) {
        self.field = field
        self.form = form
    }

    public var description: String { form == .keep ? field : "\(field):\(form)" }

    /// Parses the printed form, `field` or `field:form`; nil when the form is not one the documents allow.
    public init?(parsing text: String) {
        // By UTF-8 offset, not by Character: the register parses every form of every transfer it replays.
        let utf8 = text.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else {
            guard !text.isEmpty else { return nil }
            self.init(text)
            return
        }
        guard colon != utf8.startIndex, let form = Form(String(text[utf8.index(after: colon)...])) else { return nil }
        self.init(String(text[..<colon]), form)
    }

    public static func < (lhs: FieldForm, rhs: FieldForm) -> Bool { lhs.description < rhs.description }
}
