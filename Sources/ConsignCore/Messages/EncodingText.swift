/// The sentences of the CSV files' encodings and of the character substitutions a job may give
/// (`--encoding`, `--substitute`): what cannot be written, and what is wrong in a substitution table.
public enum EncodingText: CatalogueEntry {
    /// A value (or, with no column, a column's name) holds a character the encoding cannot.
    case cannotEncode(column: String, character: Unicode.Scalar, CSVEncoding)
    case headerCannotEncode(column: String, character: Unicode.Scalar, CSVEncoding)
    // A substitution table (`--substitute FILE`).
    case substitutionNotUTF8
    case substitutionShape(String)
    case substitutionRepeated(String, firstLine: Int)
    case substitutionChangesNothing(String)
    case substitutionCannotEncode(replacement: String, character: Unicode.Scalar, CSVEncoding)
    /// The extract's summary line of what a substitution table changed.
    case substituted(values: String, pairs: [(from: String, to: String, values: String)])

    /// `U+20BB7 '𠮷'`: a character as people and code tables name it.
    public static func named(_ character: Unicode.Scalar) -> String {
        let hex = String(character.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return character.properties.generalCategory == .control ? code : "\(code) '\(Character(character))'"
    }

    public var english: String {
        switch self {
        case .cannotEncode(let column, let character, let encoding):
            return "column \(column): \(Self.named(character)) cannot be written in \(encoding.rawValue); write utf-8 or "
                + "utf-8-bom, or for an extract give --substitute a table that replaces it (a line such as '\(Character(character)) X')"
        case .headerCannotEncode(let column, let character, let encoding):
            return "the column name '\(column)' holds \(Self.named(character)), which \(encoding.rawValue) cannot write; "
                + "rename the column in the task's layout"
        case .substitutionNotUTF8:
            return "a substitution table is UTF-8 text; save it as UTF-8"
        case .substitutionShape(let line):
            return "'\(line)' is not a substitution: write what to replace, a space or tab, and what to write instead "
                + "(e.g. '𠮷 吉'); # starts a comment"
        case .substitutionRepeated(let from, let firstLine):
            return "'\(from)' is replaced already on line \(firstLine); keep one line for it"
        case .substitutionChangesNothing(let from):
            return "'\(from)' is replaced by itself; remove the line"
        case .substitutionCannotEncode(let replacement, let character, let encoding):
            return "the replacement '\(replacement)' holds \(Self.named(character)), which \(encoding.rawValue) cannot "
                + "write; choose a replacement it can"
        case .substituted(let values, let pairs):
            return "substituted \(values) value(s): " + pairs.map { "\($0.from) → \($0.to) \($0.values)" }.joined(separator: ", ")
        }
    }

    public var japanese: String {
        switch self {
        case .cannotEncode(let column, let character, let encoding):
            return "列 \(column)：\(Self.named(character)) は \(encoding.rawValue) で書けません。utf-8 か utf-8-bom で書き出すか、"
                + "抽出では置き換える表を --substitute に指定してください（'\(Character(character)) X' のような行）"
        case .headerCannotEncode(let column, let character, let encoding):
            return "列名 '\(column)' の \(Self.named(character)) は \(encoding.rawValue) で書けません。業務のレイアウトで列名を"
                + "変えてください"
        case .substitutionNotUTF8:
            return "置換表は UTF-8 のテキストです。UTF-8 で保存してください"
        case .substitutionShape(let line):
            return "'\(line)' は置換の行ではありません。置き換える文字、空白またはタブ、代わりに書く文字の順に書いてください"
                + "（例：'𠮷 吉'）。# 以降は注釈です"
        case .substitutionRepeated(let from, let firstLine):
            return "'\(from)' の置換は \(firstLine) 行目にもあります。一行にしてください"
        case .substitutionChangesNothing(let from):
            return "'\(from)' を同じ文字に置き換えています。この行を削除してください"
        case .substitutionCannotEncode(let replacement, let character, let encoding):
            return "置き換え後の '\(replacement)' の \(Self.named(character)) は \(encoding.rawValue) で書けません。"
                + "書ける文字を選んでください"
        case .substituted(let values, let pairs):
            return "\(values) 件の値を置き換えました：" + pairs.map { "\($0.from) → \($0.to) \($0.values) 件" }.joined(separator: "、")
        }
    }
}
