/// The one standard form of a subject key (the catalog's subject key, e.g. a customer id), which every
/// path that hashes one applies first: the stop-use list (by argument and by file), erasure, "who received
/// my data?", and every record an extract reads. A key is compared byte for byte after this, so two
/// spellings that look the same must not name two people, and one that looks like another key must not
/// silently be someone else:
///
/// - a byte-order mark (U+FEFF) at its start, and white space around it (Unicode White_Space: spaces, tabs,
///   CR, LF, U+00A0, U+3000, …), are removed: they are never part of a key;
/// - what is left must not be empty, and must hold no white space, control, formatting or invisible
///   character (U+200B, U+FEFF, bidirectional controls, …), no combining mark, no private-use or unassigned
///   code point, and no character that Unicode compatibility normalization (NFKC) would change other than
///   by its case: full-width and half-width forms (`Ｃ00000002`), circled and other compatibility characters,
///   canonical singletons such as the Kelvin sign. Each of these is an input error naming the character;
/// - nothing else is changed: case matters, and a key of printable ASCII is taken as it is.
public enum SubjectKey {
    /// Why a value is not a subject key.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case notUTF8
        /// The key, the character, and why it cannot be in a key.
        case character(key: String, Unicode.Scalar, Kind)

        public enum Kind: Sendable, Equatable {
            case whiteSpace, invisible, combiningMark, unassigned, compatibilityVariant
        }

        public var description: String {
            switch self {
            case .empty: InputText.subjectKeyEmpty.text()
            case .notUTF8: InputText.subjectKeyNotUTF8.text()
            case .character(let key, let scalar, let kind):
                InputText.subjectKeyCharacter(
                    key: SubjectKey.visible(key), character: SubjectKey.name(scalar), kind, ascii: SubjectKey.ascii(key)
                ).text()
            }
        }
    }

    /// The key in its standard form: a range of `bytes` (only a byte-order mark and white space at its ends
    /// are ever removed), or why it is not a key.
    /// Inlined into the extract's loop, which asks it of every record: printable ASCII (what keys nearly
    /// always are) needs no more than one look at each byte.
    @inlinable
    public static func standard(_ bytes: UnsafeRawBufferPointer) -> Result<Range<Int>, Problem> {
        var printable = !bytes.isEmpty
        for byte in bytes where byte <= 0x20 || byte >= 0x7F {
            printable = false
            break
        }
        return printable ? .success(0..<bytes.count) : standardOfOtherBytes(bytes)
    }

    @usableFromInline
    static func standardOfOtherBytes(_ bytes: UnsafeRawBufferPointer) -> Result<Range<Int>, Problem> {
        guard isValidUTF8(bytes) else { return .failure(.notUTF8) }
        return bounds(String(decoding: bytes, as: UTF8.self)).map { trimmed in trimmed.start..<trimmed.end }
    }

    /// The key in its standard form, or why it is not a key.
    public static func standard(_ text: String) -> Result<String, Problem> {
        bounds(text).map { trimmed in String(decoding: Array(text.utf8)[trimmed.start..<trimmed.end], as: UTF8.self) }
    }

    /// Where the key starts and ends in the text's UTF-8, once the ends are removed.
    private static func bounds(_ text: String) -> Result<(start: Int, end: Int), Problem> {
        let scalars = Array(text.unicodeScalars)
        var first = 0, last = scalars.count
        while first < last, scalars[first].value == 0xFEFF || scalars[first].properties.isWhitespace { first += 1 }
        while last > first, scalars[last - 1].properties.isWhitespace { last -= 1 }
        guard first < last else { return .failure(.empty) }
        let key = String(String.UnicodeScalarView(scalars[first..<last]))
        for scalar in scalars[first..<last] {
            if let kind = problem(scalar) { return .failure(.character(key: key, scalar, kind)) }
        }
        let start = scalars[..<first].reduce(0) { $0 + UTF8.width($1) }
        return .success((start, start + key.utf8.count))
    }

    /// Why a character cannot be in a key, if it cannot.
    static func problem(_ scalar: Unicode.Scalar) -> Problem.Kind? {
        let properties = scalar.properties
        if properties.isWhitespace { return .whiteSpace }
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator: return .invisible
        case .nonspacingMark, .spacingMark, .enclosingMark: return .combiningMark
        case .privateUse, .unassigned, .surrogate: return .unassigned
        default: break
        }
        if properties.isDefaultIgnorableCodePoint { return .invisible }
        // NFKC with case folding changes the character, and not only by its case: its lowercase form is
        // itself not stable under it (full-width letters, compatibility characters, ligatures)...
        let lower = properties.lowercaseMapping
        if lower.unicodeScalars.contains(where: \.properties.changesWhenNFKCCaseFolded) { return .compatibilityVariant }
        // ...or it is a canonical singleton of the letter its case maps lead back to (the Kelvin sign K is K).
        let roundTrip = lower.uppercased()
        if roundTrip.unicodeScalars.count == 1, roundTrip.unicodeScalars.first != scalar, roundTrip == String(scalar) {
            return .compatibilityVariant
        }
        return nil
    }

    /// A character as Unicode names it: `U+FF23 FULLWIDTH LATIN CAPITAL LETTER C`.
    static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + (scalar.properties.name.map { " \($0)" } ?? "")
    }

    /// The key with its invisible characters shown by their code points, for messages.
    static func visible(_ key: String) -> String {
        key.unicodeScalars.map { problem($0) == .invisible || problem($0) == .whiteSpace ? "<\(name($0).prefix { $0 != " " })>" : String($0) }
            .joined()
    }

    /// The key with full-width ASCII forms made ASCII, when that leaves nothing else to correct.
    static func ascii(_ key: String) -> String? {
        let mapped = key.unicodeScalars.map { scalar -> Unicode.Scalar in
            (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
        }
        let text = String(String.UnicodeScalarView(mapped))
        return text != key && mapped.allSatisfy({ problem($0) == nil }) ? text : nil
    }
}
