import ConsignCore

/// A deterministic generator of realistic customer rows for a catalog's source columns: Japanese names
/// with their kana, addresses, e-mail addresses and phone numbers, consent flags, and the awkward cases
/// a real export has (commas and newlines inside fields, quotes, cells that look like spreadsheet
/// formulas, health notes that are special-care data) and, for each consent to a provision, the date it
/// was given or nothing. The same seed always gives the same rows; the
/// demo, the tests and the benchmarks use it, so nobody needs real personal data to try consign.
public struct SampleCustomers {
    public let columns: [String]
    /// The column that holds the subject key; its values are unique (`C` and eight digits).
    public let subjectColumn: String
    private var random: SplitMix64
    /// The consents to provisions are drawn from a stream of their own, so that a catalog that gains one
    /// leaves every other column as it was.
    private var consents: SplitMix64
    private let provisionConsentColumns: [String]
    private var row = 0

    public init(catalog: Catalog, seed: UInt64) {
        columns = catalog.fields.map(\.column)
        subjectColumn = catalog.field(catalog.subjectKey)?.column ?? ""
        provisionConsentColumns = catalog.fields.filter { $0.provisionConsent != nil }.map(\.column)
        random = SplitMix64(seed: seed)
        consents = SplitMix64(seed: seed ^ 0x636F_6E73_656E_7473)
    }

    /// The next row, one value per column, in column order.
    public mutating func next() -> [String] {
        row += 1
        let person = SampleCustomers.people.randomElement(using: &random)!
        let given = SampleCustomers.givenNames.randomElement(using: &random)!
        let place = SampleCustomers.places.randomElement(using: &random)!
        let registered = Int.random(in: 1_420_070_400...1_793_000_000, using: &random)
        var values: [String: String] = [:]
        values["full_name"] = "\(person.kanji) \(given.kanji)"
        values["full_name_kana"] = "\(person.kana) \(given.kana)"
        values["email"] = "\(given.romaji).\(person.romaji)\(Int.random(in: 1...999, using: &random))@example.jp"
        values["phone"] = phone()
        values["postal_code"] = "\(place.postalPrefix)-\(String(format: "%04d", Int.random(in: 0...9999, using: &random)))"
        values["prefecture"] = place.prefecture
        values["city"] = place.city
        values["street_address"] = street()
        values["birth_date"] = "\(CalendarDate(dayNumber: Int.random(in: -10_957 ... 14_244, using: &random)))"
        values["gender"] = ["female", "male", "female", "male", "unanswered"].randomElement(using: &random)!
        values["occupation"] = SampleCustomers.occupations.randomElement(using: &random)!
        values["company"] = Int.random(in: 0..<3, using: &random) == 0 ? "" : SampleCustomers.companies.randomElement(using: &random)!
        values["consent_newsletter"] = flag(0.6)
        values["consent_prize"] = flag(0.35)
        values["consent_survey"] = flag(0.45)
        values["registered_at"] = Timestamp(secondsSinceEpoch: Int64(registered)).description
        values["last_login_at"] = Timestamp(secondsSinceEpoch: Int64(Int.random(in: registered...1_795_000_000, using: &random))).description
        values["lifetime_value"] = String(Int.random(in: 0...500, using: &random) * Int.random(in: 0...1_000, using: &random))
        values["notes"] = note()
        values[subjectColumn] = "C" + String(format: "%08d", row)
        // About one person in three consented to each provision, some time after registering: up to two years
        // later, so that some consents postdate a transfer and must not count for it.
        for column in provisionConsentColumns {
            let consented = Double.random(in: 0..<1, using: &consents) < 0.35
            let day = registered / 86_400 + Int.random(in: 0...730, using: &consents)
            values[column] = consented ? CalendarDate(dayNumber: day).description : ""
        }
        return columns.map { values[$0] ?? "\($0)-\(row)" }
    }

    private mutating func flag(_ probability: Double) -> String {
        Double.random(in: 0..<1, using: &random) < probability ? "true" : "false"
    }

    private mutating func digits(_ n: Int) -> String {
        String((0..<n).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
    }

    private mutating func phone() -> String {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: "03-\(digits(4))-\(digits(4))"
        case 1: "+81 90 \(digits(4)) \(digits(4))"
        default: "0\(["80", "90", "70"].randomElement(using: &random)!)-\(digits(4))-\(digits(4))"
        }
    }

    private mutating func street() -> String {
        let block = "\(Int.random(in: 1...9, using: &random))-\(Int.random(in: 1...30, using: &random))-\(Int.random(in: 1...20, using: &random))"
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return "\(block) \(SampleCustomers.buildings.randomElement(using: &random)!) \(Int.random(in: 1...15, using: &random))0\(Int.random(in: 1...9, using: &random))号室"
        case 1: return "\(block) グランドタワー, \(Int.random(in: 2...40, using: &random))F"
        default: return block
        }
    }

    private mutating func note() -> String {
        switch Int.random(in: 0..<20, using: &random) {
        case 0: return "通院のため平日午後は不在。\n配達は土曜希望"
        case 1: return "Prefers \"express\" delivery, weekends only"
        case 2: return "=HYPERLINK(\"http://example.com/\",\"click\")"
        case 3: return "+81 is the country code; call after 18:00"
        case 4: return "A&B <東棟> 受付経由"
        case 5: return "-"
        default: return ""
        }
    }

    struct Name {
        var kanji: String
        var kana: String
        var romaji: String
    }

    struct Place {
        var prefecture: String
        var city: String
        var postalPrefix: String
    }

    static let people: [Name] = [
        Name(kanji: "佐藤", kana: "サトウ", romaji: "sato"), Name(kanji: "鈴木", kana: "スズキ", romaji: "suzuki"),
        Name(kanji: "高橋", kana: "タカハシ", romaji: "takahashi"), Name(kanji: "田中", kana: "タナカ", romaji: "tanaka"),
        Name(kanji: "伊藤", kana: "イトウ", romaji: "ito"), Name(kanji: "渡辺", kana: "ワタナベ", romaji: "watanabe"),
        Name(kanji: "山本", kana: "ヤマモト", romaji: "yamamoto"), Name(kanji: "中村", kana: "ナカムラ", romaji: "nakamura"),
        Name(kanji: "小林", kana: "コバヤシ", romaji: "kobayashi"), Name(kanji: "加藤", kana: "カトウ", romaji: "kato"),
        Name(kanji: "吉田", kana: "ヨシダ", romaji: "yoshida"), Name(kanji: "山田", kana: "ヤマダ", romaji: "yamada"),
        Name(kanji: "佐々木", kana: "ササキ", romaji: "sasaki"), Name(kanji: "松本", kana: "マツモト", romaji: "matsumoto"),
    ]

    static let givenNames: [Name] = [
        Name(kanji: "翔太", kana: "ショウタ", romaji: "shota"), Name(kanji: "陽菜", kana: "ヒナ", romaji: "hina"),
        Name(kanji: "大翔", kana: "ヒロト", romaji: "hiroto"), Name(kanji: "結衣", kana: "ユイ", romaji: "yui"),
        Name(kanji: "蓮", kana: "レン", romaji: "ren"), Name(kanji: "美咲", kana: "ミサキ", romaji: "misaki"),
        Name(kanji: "健一", kana: "ケンイチ", romaji: "kenichi"), Name(kanji: "恵子", kana: "ケイコ", romaji: "keiko"),
        Name(kanji: "直樹", kana: "ナオキ", romaji: "naoki"), Name(kanji: "由美", kana: "ユミ", romaji: "yumi"),
        Name(kanji: "拓也", kana: "タクヤ", romaji: "takuya"), Name(kanji: "彩", kana: "アヤ", romaji: "aya"),
    ]

    static let places: [Place] = [
        Place(prefecture: "東京都", city: "千代田区", postalPrefix: "100"), Place(prefecture: "東京都", city: "新宿区", postalPrefix: "160"),
        Place(prefecture: "東京都", city: "世田谷区", postalPrefix: "154"), Place(prefecture: "大阪府", city: "大阪市北区", postalPrefix: "530"),
        Place(prefecture: "北海道", city: "札幌市中央区", postalPrefix: "060"), Place(prefecture: "愛知県", city: "名古屋市中区", postalPrefix: "460"),
        Place(prefecture: "福岡県", city: "福岡市博多区", postalPrefix: "812"), Place(prefecture: "神奈川県", city: "横浜市西区", postalPrefix: "220"),
        Place(prefecture: "京都府", city: "京都市下京区", postalPrefix: "600"), Place(prefecture: "宮城県", city: "仙台市青葉区", postalPrefix: "980"),
    ]

    static let buildings = ["サンハイツ", "メゾン桜", "パークサイド雲", "コーポ青葉"]

    static let occupations = ["会社員", "公務員", "自営業", "学生", "主婦・主夫", "エンジニア", "教員", "医療従事者", "無職", "その他"]

    static let companies = [
        "株式会社雲テック", "ABC Trading Co., Ltd.", "Sakura Foods, Inc.", "合同会社ひまわり", "Nippon \"Logi\" Partners",
    ]
}
