/// A document's problems as a person who writes it meets them: libxml2's schema and parser errors, restated in
/// the catalogue's words with the fix (`Message.schema`, `Message.wellFormedness`).
extension Message {
    /// An element, or one of its attributes, of a document.
    public struct SchemaPlace: Sendable {
        public var element: String
        public var attribute: String?

        public init(element: String, attribute: String?) {
            self.element = element
            self.attribute = attribute
        }
    }

    /// What the schema found wrong, in the terms of a person who writes the document.
    public enum SchemaProblem: Sendable {
        case invalidValue(SchemaPlace, value: String, type: String)
        case notInSet(SchemaPlace, value: String, allowed: [String])
        case pattern(SchemaPlace, value: String, pattern: String)
        case empty(SchemaPlace, value: String)
        /// A number past the schema's least or greatest (`minInclusive`, `maxInclusive`).
        case outOfRange(SchemaPlace, value: String, limit: String, below: Bool)
        case unexpected(SchemaPlace, expected: [String])
        case missingChild(SchemaPlace, expected: [String])
        case missingAttribute(SchemaPlace, attribute: String)
        case unknownAttribute(SchemaPlace)
        /// An element whose key (`xs:unique`) another element of its kind already has.
        case duplicate(SchemaPlace, values: [String], constraint: String)
        /// Text between the child elements of an element that holds only elements.
        case textAmongElements(SchemaPlace)
        /// Text or elements inside an element declared empty.
        case notEmpty(SchemaPlace)
        /// Elements inside an element that holds a value.
        case elementsInValue(SchemaPlace)
        /// A value longer than the schema's `maxLength`.
        case tooLong(SchemaPlace, length: String, limit: String)
    }

    /// libxml2's parser errors a person will meet, restated: the document is not well-formed XML.
    public enum WellFormednessProblem: Sendable {
        /// An element closed by an end tag of another name.
        case tagMismatch(opened: String, line: String, closedBy: String)
        /// The document ends inside an element.
        case unclosed(element: String, line: String)
        /// Something after the root element's end.
        case afterRoot
        case attributeTwice(String)
        /// `&name;` for an entity XML does not define (an `&` not written as `&amp;`).
        case unknownEntity(String)
        /// A bare `&` (no entity name after it).
        case bareAmpersand
        /// A `<` that starts no element (one not written as `&lt;`).
        case bareLessThan
        /// A start tag whose attributes or `>` cannot be read.
        case startTagUnfinished(element: String, line: String)
    }

    /// The pattern of an id (`Id` in the schemas) and of a SHA-256, which get their own hint.
    static let idPattern = "[a-z][a-z0-9_]*([.\\-][a-z0-9_]+)*"
    static let sha256Pattern = "[0-9a-f]{64}"
    static let countryPattern = "[A-Z]{2}"
    static let formPattern = "hmac|year|null|(prefix|age_band|bucket)\\([1-9][0-9]{0,8}\\)|mask\\(keep_last=[0-9]{1,3}\\)"

    private static func english(_ place: SchemaPlace) -> String {
        place.attribute.map { "the attribute \($0) of <\(place.element)>" } ?? "<\(place.element)>"
    }

    private static func japanese(_ place: SchemaPlace) -> String {
        place.attribute.map { "<\(place.element)> の属性 \($0)" } ?? "<\(place.element)>"
    }

    /// An allowed value the one written is close to (the same but for case, or a prefix of it).
    static func suggestion(for value: String, in allowed: [String]) -> String? {
        allowed.first { $0.lowercased() == value.lowercased() }
            ?? allowed.first { !value.isEmpty && ($0.hasPrefix(value.lowercased()) || value.lowercased().hasPrefix($0)) }
    }

    static func english(_ problem: SchemaProblem) -> String {
        switch problem {
        case .invalidValue(let place, let value, let type):
            let fix: String =
                switch type {
                case "date": "write the date as YYYY-MM-DD, e.g. 2026-12-01"
                case "dateTime": "write the time as YYYY-MM-DDThh:mm:ssZ, e.g. 2026-12-01T09:30:00Z"
                case "boolean": "write true or false"
                case "positiveInteger": "write a whole number of 1 or more, in digits"
                case "nonNegativeInteger": "write a whole number of 0 or more, in digits"
                case "integer", "int", "long": "write a whole number, in digits"
                case "decimal": "write a number, in digits with an optional decimal point"
                default: "write a value of type xs:\(type)"
                }
            return "\(english(place)) is '\(value)', which is not a valid \(type): \(fix)"
        case .notInSet(let place, let value, let allowed):
            let hint = suggestion(for: value, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            return "\(english(place)) is '\(value)', which is not one of \(allowed.joined(separator: ", "))\(hint): "
                + "write one of them exactly"
        case .pattern(let place, let value, let pattern):
            let rule: String =
                switch pattern {
                case idPattern:
                    "ids are lowercase letters, digits and _, in parts joined by . or - (e.g. example-delivery, person.name)"
                case sha256Pattern: "a SHA-256 is 64 lowercase hexadecimal digits (sha256sum FILE prints it)"
                case countryPattern: "a country is its two capital letters (ISO 3166-1 alpha-2, e.g. JP, DE)"
                case formPattern, "keep|" + formPattern:
                    "a form is keep, hmac, year, null, prefix(N), age_band(N), bucket(N) or mask(keep_last=N)"
                default: "it must match the pattern \(pattern)"
                }
            return "\(english(place)) is '\(value)', which is not allowed: \(rule)"
        case .empty(let place, _):
            return "\(english(place)) is empty: give it a value"
        case .outOfRange(let place, let value, let limit, let below):
            return "\(english(place)) is \(value), " + (below ? "below the least allowed, \(limit)" : "above the most allowed, \(limit)")
                + ": write a number from " + (below ? "\(limit) up" : "\(limit) down")
        case .unexpected(let place, let expected):
            guard !expected.isEmpty else {
                return "<\(place.element)> is not expected here: remove it, or check its spelling and its parent"
            }
            return "<\(place.element)> is not expected here; the schema expects "
                + expected.map { "<\($0)>" }.joined(separator: " or ")
                + " first: add what is missing, or put the elements in the schema's order"
        case .missingChild(let place, let expected):
            return "<\(place.element)> is missing " + expected.map { "<\($0)>" }.joined(separator: " or ")
                + ": add it after the elements before it, in the schema's order"
        case .missingAttribute(let place, let attribute):
            return "<\(place.element)> needs the attribute \(attribute)=\"…\": add it"
        case .unknownAttribute(let place):
            return "the attribute \(place.attribute ?? "") is not allowed on <\(place.element)>: remove it, or check its spelling"
        case .duplicate(let place, let values, let constraint):
            return "<\(place.element)> repeats \(values.map { "'\($0)'" }.joined(separator: ", ")), which another "
                + "<\(place.element)> before it already has (\(constraint)): give each its own"
        case .textAmongElements(let place):
            return "<\(place.element)> holds text between its elements: remove it, or move it into the element it belongs to"
        case .notEmpty(let place):
            return "<\(place.element)> takes nothing inside it: write it as <\(place.element) …/>"
        case .elementsInValue(let place):
            return "<\(place.element)> holds a value, not elements: remove the elements inside it"
        case .tooLong(let place, let length, let limit):
            return "\(english(place)) is \(length) characters long, above the most allowed, \(limit): shorten it"
        }
    }

    static func english(_ problem: WellFormednessProblem) -> String {
        switch problem {
        case .tagMismatch(let opened, let line, let closedBy):
            return "<\(opened)>, opened on line \(line), is closed by </\(closedBy)>: write the same name in both tags"
        case .unclosed(let element, let line):
            return "<\(element)>, opened on line \(line), is never closed: add </\(element)> where it ends"
        case .afterRoot:
            return "there is more after the document's root element ends: a document has one root element; remove "
                + "what follows it"
        case .attributeTwice(let attribute):
            return "the attribute \(attribute) is written twice on this element: keep one"
        case .unknownEntity(let name):
            return "&\(name); is not defined: write an & in text as &amp;"
        case .bareAmpersand:
            return "an & in text starts no entity: write it as &amp;"
        case .bareLessThan:
            return "a < starts no element here: write a < in text as &lt;"
        case .startTagUnfinished(let element, let line):
            return "the start tag <\(element)> on line \(line) does not end: check that each attribute is name=\"value\" "
                + "with both quotes, and that the tag ends with >"
        }
    }

    static func japanese(_ problem: SchemaProblem) -> String {
        switch problem {
        case .invalidValue(let place, let value, let type):
            let fix: String =
                switch type {
                case "date": "日付は YYYY-MM-DD の形で書いてください（例：2026-12-01）"
                case "dateTime": "日時は YYYY-MM-DDThh:mm:ssZ の形で書いてください（例：2026-12-01T09:30:00Z）"
                case "boolean": "true または false と書いてください"
                case "positiveInteger": "1 以上の整数を半角数字で書いてください"
                case "nonNegativeInteger": "0 以上の整数を半角数字で書いてください"
                case "integer", "int", "long": "整数を半角数字で書いてください"
                case "decimal": "数値を半角数字で書いてください"
                default: "xs:\(type) 型の値を書いてください"
                }
            return "\(japanese(place)) の値 '\(value)' は \(type) として正しくありません。\(fix)"
        case .notInSet(let place, let value, let allowed):
            let hint = suggestion(for: value, in: allowed).map { "（'\($0)' の誤りではありませんか）" } ?? ""
            return "\(japanese(place)) の値 '\(value)' は \(allowed.joined(separator: "、")) のいずれでもありません\(hint)。"
                + "いずれかをそのとおりに書いてください"
        case .pattern(let place, let value, let pattern):
            let rule: String =
                switch pattern {
                case idPattern:
                    "ID は英小文字・数字・_ からなり、. または - でつなぎます（例：example-delivery、person.name）"
                case sha256Pattern: "SHA-256 は 16 進の小文字 64 桁です（sha256sum FILE で表示されます）"
                case countryPattern: "国は英大文字 2 文字で書きます（ISO 3166-1 alpha-2、例：JP、DE）"
                case formPattern, "keep|" + formPattern:
                    "形式は keep、hmac、year、null、prefix(N)、age_band(N)、bucket(N)、mask(keep_last=N) のいずれかです"
                default: "パターン \(pattern) に合う値にしてください"
                }
            return "\(japanese(place)) の値 '\(value)' は使えません。\(rule)"
        case .empty(let place, _):
            return "\(japanese(place)) が空です。値を書いてください"
        case .outOfRange(let place, let value, let limit, let below):
            return "\(japanese(place)) の値 \(value) は" + (below ? "最小値 \(limit) を下回ります。\(limit) 以上" : "最大値 \(limit) を上回ります。\(limit) 以下")
                + "の数を書いてください"
        case .unexpected(let place, let expected):
            guard !expected.isEmpty else {
                return "<\(place.element)> はここに置けません。削除するか、綴りと親要素を確かめてください"
            }
            return "<\(place.element)> はここに置けません。スキーマでは先に "
                + expected.map { "<\($0)>" }.joined(separator: " または ")
                + " が来ます。欠けている要素を加えるか、要素をスキーマの順に並べてください"
        case .missingChild(let place, let expected):
            return "<\(place.element)> に " + expected.map { "<\($0)>" }.joined(separator: " または ")
                + " がありません。スキーマの順に従って、前の要素の後に加えてください"
        case .missingAttribute(let place, let attribute):
            return "<\(place.element)> には属性 \(attribute)=\"…\" が必要です。加えてください"
        case .unknownAttribute(let place):
            return "<\(place.element)> に属性 \(place.attribute ?? "") はありません。削除するか、綴りを確かめてください"
        case .duplicate(let place, let values, let constraint):
            return "<\(place.element)> の \(values.map { "'\($0)'" }.joined(separator: "、")) は、前にある別の "
                + "<\(place.element)> と重複しています（\(constraint)）。それぞれ別の値にしてください"
        case .textAmongElements(let place):
            return "<\(place.element)> の子要素の間に文字があります。削除するか、あるべき要素の中に移してください"
        case .notEmpty(let place):
            return "<\(place.element)> の中には何も書けません。<\(place.element) …/> の形で書いてください"
        case .elementsInValue(let place):
            return "<\(place.element)> には値だけを書きます。中の要素を削除してください"
        case .tooLong(let place, let length, let limit):
            return "\(japanese(place)) の値は \(length) 文字で、上限の \(limit) 文字を超えています。短くしてください"
        }
    }

    static func japanese(_ problem: WellFormednessProblem) -> String {
        switch problem {
        case .tagMismatch(let opened, let line, let closedBy):
            return "\(line) 行目で開いた <\(opened)> が </\(closedBy)> で閉じられています。開始タグと終了タグの名前をそろえてください"
        case .unclosed(let element, let line):
            return "\(line) 行目で開いた <\(element)> が閉じられていません。終わる位置に </\(element)> を加えてください"
        case .afterRoot:
            return "文書のルート要素が終わった後にも内容があります。ルート要素は一つだけです。後に続くものを削除してください"
        case .attributeTwice(let attribute):
            return "この要素に属性 \(attribute) が二度書かれています。一つにしてください"
        case .unknownEntity(let name):
            return "&\(name); は定義されていません。本文の & は &amp; と書いてください"
        case .bareAmpersand:
            return "本文の & が実体参照になっていません。&amp; と書いてください"
        case .bareLessThan:
            return "この < は要素を始めていません。本文の < は &lt; と書いてください"
        case .startTagUnfinished(let element, let line):
            return "\(line) 行目の開始タグ <\(element)> が終わっていません。各属性が name=\"value\" の形で引用符がそろっているか、"
                + "タグが > で終わっているかを確かめてください"
        }
    }
}
