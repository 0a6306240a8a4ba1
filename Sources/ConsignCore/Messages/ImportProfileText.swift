/// The words of `consign import-profile`: its help, and the listing of a profile's columns (what fills each,
/// its limit, the characters it takes, its format), which for ゆうプリR is also the filter its user registers.
package enum ImportProfileText: CatalogueEntry {
    case encodings([CSVEncoding])
    case filledFromPlan(forms: String)
    case filledFromAddressLine(Int)
    case filledFromSender(ImportProfile.SenderPart)
    case filledFromAccount(ImportProfile.AccountPart)
    case fixed(String)
    case unknownProfile(String, known: [String])

    package static let abstract = Sentence(
        "List the courier and mailing-house layouts a task may name, and show one's columns.",
        "業務が指定できる運送会社・発送代行の取込レイアウトを一覧し、その列を表示します。")
    package static let listAbstract = Sentence(
        "List the layouts, by the name a task's <import-profile> gives.", "レイアウトを、業務の <import-profile> に書く名前で一覧します。")
    package static let showAbstract = Sentence(
        "Show a layout's columns: what fills each, its limit, the characters and format it takes.",
        "レイアウトの列を表示します：それぞれを何で埋めるか、上限、使える文字と書式。")
    package static let showDiscussion = Sentence(
        """
        The listing is tab-separated, one column of the file per line, numbered as the file holds them. For \
        japanpost-yupri it is also the filter ゆうパックプリントR imports through: register a 取り込み用フィルタ \
        of format 発送予定データ reading each item from the column of its number.
        """,
        """
        タブ区切りで、ファイルの列を 1 行に 1 つ、ファイルでの列番号とともに表示します。japanpost-yupri では、\
        ゆうパックプリントR が取り込みに使うフィルタの定義でもあります。フォーマット種別「発送予定データ」の\
        取り込み用フィルタを登録し、各項目を表示された列番号から読むよう設定してください。
        """)
    package static let nameArgument = Sentence("The layout (yamato-b2, sagawa-ehiden, japanpost-yupri, mailing-barcode).",
        "レイアウト（yamato-b2、sagawa-ehiden、japanpost-yupri、mailing-barcode）。")
    package static let format = Sentence(
        "text (tab-separated) or json (for scripts: codes, not sentences).", "text（タブ区切り）または json（スクリプト向け：文ではなくコード）。")
    package static let columnsHeading = Sentence(
        "no.\theader\tfilled from\trequired\tlimit\tcharacters\tformat", "列\t項目名\t内容\t必須\t上限\t文字\t書式")
    package static let required = Sentence("required", "必須")
    package static let yupriFilter = Sentence(
        "ゆうプリR filter: 取り込み用フィルタ, format 発送予定データ, CSV, Shift_JIS, 1 header line skipped; each item below reads the column of its number",
        "ゆうプリR フィルタ：取り込み用フィルタ、フォーマット種別 発送予定データ、CSV、Shift_JIS、見出し 1 行を読み飛ばす。下の各項目は、その列番号の列から読む")
    package static let filledFromDate = Sentence("the extract's date", "抽出日")
    package static let addressNumber = Sentence("the address number of the customer barcode", "カスタマバーコードの住所表示番号")
    package static let barcodeCharacters = Sentence("the customer barcode's characters", "カスタマバーコードの文字")
    package static let free = Sentence("empty, or the task's <value>", "空欄、または業務の <value>")

    package static func characters(_ characters: ImportProfile.Characters) -> Sentence {
        switch characters {
        case .jisLevels: Sentence("JIS level 1-2", "JIS 第一・第二水準")
        case .halfWidthKana: Sentence("half-width kana", "半角カナ")
        case .alphanumeric: Sentence("letters, digits", "英数字")
        case .digits: Sentence("digits", "数字")
        case .ascii: Sentence("ASCII", "ASCII")
        }
    }

    package static func format(_ format: ImportProfile.Format) -> Sentence {
        switch format {
        case .asIs: Sentence("", "")
        case .postalCode: Sentence("123-4567", "123-4567")
        case .phone: Sentence("090-1234-5678", "090-1234-5678")
        case .slashedDate: Sentence("YYYY/MM/DD", "YYYY/MM/DD")
        case .compactDate: Sentence("YYYYMMDD", "YYYYMMDD")
        case .reference: Sentence("the pseudonym's first digits", "仮名の先頭の桁")
        }
    }

    package var english: String {
        switch self {
        case .encodings(let encodings):
            "encoding: \(encodings.map(\.rawValue).joined(separator: " or ")); header on line 1; lines end in CRLF"
        case .filledFromPlan(let forms): "the plan: \(forms)"
        case .filledFromAddressLine(let line): "the plan: address, line \(line + 1)"
        case .filledFromSender(let part): "catalog <sender>: \(Self.english(part))"
        case .filledFromAccount(let part): "catalog <courier-account>: \(part == .customerCode ? "customer-code" : "fare-number")"
        case .fixed(let value): "\(value) (the task may change it)"
        case .unknownProfile(let name, let known):
            "no import profile '\(name)'; consign ships \(known.joined(separator: ", "))"
        }
    }

    package var japanese: String {
        switch self {
        case .encodings(let encodings):
            "文字コード：\(encodings.map(\.rawValue).joined(separator: " か "))。1 行目は見出し。改行は CRLF"
        case .filledFromPlan(let forms): "計画：\(forms)"
        case .filledFromAddressLine(let line): "計画：住所の \(line + 1) 行目"
        case .filledFromSender(let part): "カタログ <sender>：\(Self.english(part))"
        case .filledFromAccount(let part): "カタログ <courier-account>：\(part == .customerCode ? "customer-code" : "fare-number")"
        case .fixed(let value): "\(value)（業務で変更可）"
        case .unknownProfile(let name, let known):
            "取込レイアウト '\(name)' はありません。consign にあるのは \(known.joined(separator: "、")) です"
        }
    }

    /// The catalog's element a sender part comes from (the same word in every language).
    private static func english(_ part: ImportProfile.SenderPart) -> String {
        switch part {
        case .name: "name"
        case .postalCode: "postal-code"
        case .phone: "phone"
        case .addressLine(let line): "address, line \(line + 1)"
        }
    }
}
