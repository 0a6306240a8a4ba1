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
        var name = name
        guard let form = name.withUTF8({ Form(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = form
    }

    /// Parses a form name from its UTF-8 bytes, where they lie (the register reads the forms of every
    /// transfer it replays or verifies).
    public init?(utf8 name: UnsafeRawBufferPointer) {
        if CanonicalRecord.spells(name, "keep") { self = .keep; return }
        if CanonicalRecord.spells(name, "hmac") { self = .hmac; return }
        if CanonicalRecord.spells(name, "year") { self = .year; return }
        if CanonicalRecord.spells(name, "null") { self = .null; return }
        guard name.last == UInt8(ascii: ")"), let open = name.firstIndex(of: UInt8(ascii: "(")) else { return nil }
        let head = UnsafeRawBufferPointer(rebasing: name[..<open])
        var argument = UnsafeRawBufferPointer(rebasing: name[(open + 1)..<(name.count - 1)])
        let isMask = CanonicalRecord.spells(head, "mask")
        if isMask {
            let prefix: StaticString = "keep_last="
            guard argument.count >= prefix.utf8CodeUnitCount,
                CanonicalRecord.spells(UnsafeRawBufferPointer(rebasing: argument[..<prefix.utf8CodeUnitCount]), prefix)
            else { return nil }
            argument = UnsafeRawBufferPointer(rebasing: argument[prefix.utf8CodeUnitCount...])
        }
        // The XSDs' pattern: a positive count of at most nine digits without a leading zero, or for mask
        // one to three digits.
        guard !argument.isEmpty, argument.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
            isMask ? argument.count <= 3 : argument.count <= 9 && argument[0] != UInt8(ascii: "0")
        else { return nil }
        let n = argument.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        if isMask { self = .mask(keepLast: n) }
        else if CanonicalRecord.spells(head, "prefix") { self = .prefix(n) }
        else if CanonicalRecord.spells(head, "age_band") { self = .ageBand(n) }
        else if CanonicalRecord.spells(head, "bucket") { self = .bucket(n) }
        else { return nil }
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
        var text = text
        guard let parsed = text.withUTF8({ FieldForm(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// Parses the printed form from its UTF-8 bytes (the register parses every form of every transfer it
    /// replays).
    public init?(utf8 text: UnsafeRawBufferPointer) {
        guard let (field, form) = FieldForm.parts(text) else { return nil }
        self.init(String(decoding: field, as: UTF8.self), form)
    }

    /// Whether bytes are a printed form, without making the field's string (`ledger verify` asks it of
    /// every form of every transfer).
    public static func isPrinted(_ text: UnsafeRawBufferPointer) -> Bool { parts(text) != nil }

    /// The field's bytes and the form of `field` or `field:form`.
    private static func parts(_ text: UnsafeRawBufferPointer) -> (UnsafeRawBufferPointer, Form)? {
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return text.isEmpty ? nil : (text, .keep) }
        guard colon != 0, let form = Form(utf8: UnsafeRawBufferPointer(rebasing: text[(colon + 1)...])) else { return nil }
        return (UnsafeRawBufferPointer(rebasing: text[..<colon]), form)
    }

    public static func < (lhs: FieldForm, rhs: FieldForm) -> Bool { lhs.description < rhs.description }
}
