/// The words of the starter documents `consign init` writes (`StarterWorkspace`): their comments, which
/// say how to fill them in, and the example purposes, descriptions, titles and reasons, in the language
/// the user chose. Ids, elements and attributes are the same in every language; the documents validate in
/// both. A comment continues on lines indented by five spaces, as it stands in the document.
public enum StarterText {
    public static let catalogComment = Sentence(
        "The catalog: your company, the purposes of use your privacy policy lists, and every item of personal\n     data you hold, with the purposes it was collected for. consign plans and audits against it.\n     Each field has a weight (how much sending it costs: more for what identifies a person) and may have\n     derived forms (hmac pseudonyms, prefixes, masks, years, age bands, buckets) that cost less.\n     Edit it to match your privacy policy; column is the name of the column in your customer data.",
        "カタログ：自社、プライバシーポリシーに挙げる利用目的、保有するすべての個人データの項目と、その項目を\n     取得した利用目的。consign はこれに照らして計画し、監査します。\n     各項目には重み（送るときのコスト。本人を識別するものほど大きい）があり、コストの小さい派生形式\n     （hmac の仮名、先頭部分、マスク、年、年齢層、区間）を持てます。\n     プライバシーポリシーに合わせて編集してください。column は顧客データの列の名前です。")
    public static let deliveries = Sentence(
        "To deliver the goods customers order.",
        "お客様が注文した商品をお届けするため。")
    public static let serviceInfo = Sentence(
        "To provide information on our services by e-mail and mail.",
        "当社のサービスに関する情報を電子メールや郵便でお知らせするため。")
    public static let inquiries = Sentence(
        "To respond to inquiries.",
        "お問い合わせに対応するため。")
    public static let customerID = Sentence(
        "Customer number; the key of the customer table.",
        "顧客番号。顧客テーブルのキーです。")
    public static let name = Sentence(
        "Full name of the customer.",
        "お客様の氏名。")
    public static let email = Sentence(
        "E-mail address registered by the customer.",
        "お客様が登録したメールアドレス。")
    public static let phone = Sentence(
        "Telephone number registered by the customer.",
        "お客様が登録した電話番号。")
    public static let postalCode = Sentence(
        "Postal code of the customer's address.",
        "お客様の住所の郵便番号。")
    public static let prefecture = Sentence(
        "Prefecture of the customer's address.",
        "お客様の住所の都道府県。")
    public static let city = Sentence(
        "City, ward, town or village of the customer's address.",
        "お客様の住所の市区町村。")
    public static let street = Sentence(
        "Rest of the address: district, block and building number, building and room.",
        "住所の残りの部分：町域、丁目・番地・号、建物名と部屋番号。")
    public static let newsletter = Sentence(
        "Whether the customer agreed to receive newsletters.",
        "お客様がメールマガジンの受け取りに同意したかどうか。")
    public static let taskComment = Sentence(
        "A task template: one job a contractor does with your customers' data. Each need says why the\n     contractor needs something; its options are the ways to meet it. consign plan chooses one option per\n     need so that what is sent is permitted by the contractor's agreement and costs least, and says why\n     every other field is withheld. The layout is the extract's columns. Copy this file for each job.",
        "業務テンプレート：委託先がお客様のデータを使って行う 1 つの業務。要件ごとに、委託先がそれを必要とする\n     理由を書きます。選択肢は要件を満たす方法です。consign plan は要件ごとに選択肢を 1 つ選び、送るものが\n     委託先の契約で認められ、コストが最小になるようにし、他の項目を提供しない理由も示します。\n     layout は抽出ファイルの列です。業務ごとにこのファイルをコピーしてください。")
    public static let taskTitle = Sentence(
        "Delivery of orders by a courier",
        "宅配業者による注文品の配送")
    public static let recipientReason = Sentence(
        "The courier prints the recipient's name on the label.",
        "宅配業者は送り状に受取人の氏名を印字します。")
    public static let addressReason = Sentence(
        "The courier needs the full address to deliver the parcel.",
        "宅配業者が荷物を届けるには住所全体が必要です。")
    public static let contactReason = Sentence(
        "The courier calls when nobody is at home.",
        "不在のとき、宅配業者が電話をかけます。")
    public static let referenceReason = Sentence(
        "Failed deliveries are reported per parcel, which we match back to the order.",
        "配達できなかった荷物は荷物ごとに報告され、当社で注文と照合します。")
    public static let rowScopeComment = Sentence(
        "Which customers are sent: consent flags and conditions on fields. Empty: everyone in the source.",
        "送る顧客：同意フラグと項目の条件。空ならば元データの全員です。")
    public static let contractorComment = Sentence(
        "A contractor profile: who the contractor is and where it handles the data. Registering it\n     (consign contractor add FILE) keeps these exact bytes; a later change is a new version.",
        "委託先プロファイル：委託先がだれで、どこでデータを取り扱うか。登録すると\n     （consign contractor add FILE）このバイト列のとおりに記録されます。後の変更は新しい版にします。")
    public static let agreementComment = Sentence(
        "A confidentiality agreement as signed: what the contractor may receive, for which purposes, from when\n     to when, and where each clause a)-h) that JIS Q 15001 A.3.4.3.4 asks for is in the contract.\n     Replace the signatories, the dates and the signed document's reference and SHA-256\n     (sha256sum contract.pdf) with your signed contract's. An amendment is a new version.",
        "署名済みの秘密保持契約：委託先が受け取ってよいもの、利用目的、有効期間、そして JIS Q 15001\n     A.3.4.3.4 が求める条項 a)〜h) が契約書のどこにあるか。署名者、日付、署名済みの契約書の参照と\n     SHA-256（sha256sum contract.pdf）を、実際に署名した契約書のものに置き換えてください。\n     変更契約は新しい版にします。")
    public static let agreementTitle = Sentence(
        "Agreement on the Entrustment of Personal Information Handling (Deliveries)",
        "個人情報の取扱いの委託に関する契約（配送）")
}
