/// The sentences of couriers' and mailing houses' import profiles (`<import-profile>`): the reason a courier's
/// required column gives the plan, and what a row or the catalog lacks for the courier's file.
public enum CourierText: CatalogueEntry {
    case requiredColumn(profile: String, column: String)
    // A row of the file.
    case empty(column: String, profile: String)
    case tooLong(column: String, length: Int, limit: Limit, profile: String)
    case characterNotAccepted(column: String, character: Unicode.Scalar, profile: String)
    case notAPostalCode(column: String, value: String)
    case notAPhoneNumber(column: String, value: String)
    case notADate(column: String, value: String)
    case addressDoesNotFit(bytes: Int, lines: [Limit], profile: String)
    case moreRows(Int)
    // The job.
    case noSender(profile: String)
    case noAccount(profile: String, name: String)
    case notInProfile(fieldForm: String, profile: String)
    case encodingNotAccepted(CSVEncoding, profile: String, accepted: [CSVEncoding])
    case notAProfileColumn(column: String, profile: String)
    case xmlWithProfile(profile: String)
    /// The mailing-barcode layout as messages name it (the couriers' own systems go by their own names).
    public static let mailingBarcodeTitle = Sentence("the mailing house's barcode layout", "発送代行のバーコード付きレイアウト")

    /// A limit as a person reads it.
    public enum Limit: Sendable {
        case bytes(Int)
        case characters(Int)
    }

    /// The limit as a listing names it, in the language chosen.
    static func describe(_ limit: Limit) -> String { Sentence(english(limit), japanese(limit)).text() }

    static func english(_ limit: Limit) -> String {
        switch limit {
        case .bytes(let n): "\(n) bytes (全角 2)"
        case .characters(let n): "\(n) characters"
        }
    }

    static func japanese(_ limit: Limit) -> String {
        switch limit {
        case .bytes(let n): "\(n) バイト（全角は 2）"
        case .characters(let n): "\(n) 文字"
        }
    }

    public var english: String {
        switch self {
        case .requiredColumn(let profile, let column):
            return "\(profile) requires \(column): it issues no label without it"
        case .empty(let column, let profile):
            return "\(column) is empty, and \(profile) requires it"
        case .tooLong(let column, let length, let limit, let profile):
            let unit = if case .bytes = limit { "bytes" } else { "characters" }
            return "\(column) is \(length) \(unit); \(profile) takes at most \(Self.english(limit)); consign never cuts a value "
                + "short: correct the source"
        case .characterNotAccepted(let column, let character, let profile):
            return "\(column) holds \(EncodingText.named(character)), which \(profile) does not accept (JIS level 1 and 2 "
                + "kanji only; half-width kana only where the column takes kana); give --substitute a table that replaces it"
        case .notAPostalCode(let column, let value):
            return "\(column) '\(value)' is not a postcode of 7 digits"
        case .notAPhoneNumber(let column, let value):
            return "\(column) '\(value)' is not a Japanese phone number of 10 or 11 digits"
        case .notADate(let column, let value):
            return "\(column) '\(value)' is not a date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)"
        case .addressDoesNotFit(let bytes, let lines, let profile):
            return "the address (\(bytes) bytes) does not fit \(profile)'s address lines ("
                + lines.map(Self.english).joined(separator: " + ") + ") without breaking a number; consign never cuts an "
                + "address: shorten it in the source"
        case .moreRows(let count):
            return "and \(count) more row(s) like these"
        case .noSender(let profile):
            return "\(profile) needs the company as the sender, and the catalog has no <sender>: add it to <company>"
        case .noAccount(let profile, let name):
            return "\(profile) needs the company's account, and the catalog's <sender> has no <courier-account profile=\"\(name)\">"
        case .notInProfile(let fieldForm, let profile):
            return "the plan sends \(fieldForm), which no column of \(profile) takes; map it with <input> or change the task"
        case .encodingNotAccepted(let encoding, let profile, let accepted):
            return "\(profile) imports \(accepted.map(\.rawValue).joined(separator: " or ")), not \(encoding.rawValue)"
        case .notAProfileColumn(let column, let profile):
            return "<value column=\"\(column)\">: \(profile) has no column of that name that the task may fill"
        case .xmlWithProfile(let profile):
            return "a task in \(profile)'s layout is extracted as CSV only (--format csv)"
        }
    }

    public var japanese: String {
        switch self {
        case .requiredColumn(let profile, let column):
            return "\(profile) は \(column) を必須としています（ないと送り状を発行できません）"
        case .empty(let column, let profile):
            return "\(column) が空です。\(profile) では必須です"
        case .tooLong(let column, let length, let limit, let profile):
            let unit = if case .bytes = limit { "バイト" } else { "文字" }
            return "\(column) が \(length) \(unit)あります。\(profile) の上限は \(Self.japanese(limit)) です。consign は値を切り詰め"
                + "ません。元データを直してください"
        case .characterNotAccepted(let column, let character, let profile):
            return "\(column) の \(EncodingText.named(character)) は \(profile) で使えません（JIS 第一・第二水準の漢字のみ。半角カナは"
                + "カナの列のみ）。置き換える表を --substitute に指定してください"
        case .notAPostalCode(let column, let value):
            return "\(column) '\(value)' は 7 桁の郵便番号ではありません"
        case .notAPhoneNumber(let column, let value):
            return "\(column) '\(value)' は 10 桁または 11 桁の日本の電話番号ではありません"
        case .notADate(let column, let value):
            return "\(column) '\(value)' は日付（YYYY-MM-DD、YYYY/MM/DD または YYYYMMDD）ではありません"
        case .addressDoesNotFit(let bytes, let lines, let profile):
            return "住所（\(bytes) バイト）は、番地を分けずには \(profile) の住所欄（"
                + lines.map(Self.japanese).joined(separator: " ＋ ") + "）に収まりません。consign は住所を切り詰めません。"
                + "元データで短くしてください"
        case .moreRows(let count):
            return "ほかに同様の行が \(count) 行あります"
        case .noSender(let profile):
            return "\(profile) には依頼主として会社の情報が必要ですが、カタログに <sender> がありません。<company> に追加してください"
        case .noAccount(let profile, let name):
            return "\(profile) には会社の契約情報が必要ですが、カタログの <sender> に <courier-account profile=\"\(name)\"> がありません"
        case .notInProfile(let fieldForm, let profile):
            return "計画は \(fieldForm) を送りますが、\(profile) にはそれを受ける列がありません。<input> で対応付けるか業務を変えてください"
        case .encodingNotAccepted(let encoding, let profile, let accepted):
            return "\(profile) が取り込むのは \(accepted.map(\.rawValue).joined(separator: " か ")) です（\(encoding.rawValue) は不可）"
        case .notAProfileColumn(let column, let profile):
            return "<value column=\"\(column)\">：\(profile) には業務が値を指定できるその名前の列がありません"
        case .xmlWithProfile(let profile):
            return "\(profile) のレイアウトの業務は CSV だけで抽出します（--format csv）"
        }
    }
}
