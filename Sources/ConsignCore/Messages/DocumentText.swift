/// The documents' sentences: what `consign check` (and registration) finds wrong between the workspace's
/// documents (cross-references, clauses, agreements in time), what it finds against the register and the
/// built-in schemas, and why the safe XML loader or a decoder refuses a document.
public enum DocumentText: CatalogueEntry {
    // Cross-references of the documents.
    case noCatalog
    case duplicate(DocumentNoun, id: String, version: Int, earlierFile: String, earlierLine: Int)
    case versionsNameOtherContractors(
        agreement: String, version: Int, contractor: String, firstVersion: Int, firstFile: String, firstContractor: String)
    case subjectKeyNotAField(String)
    case collectedForUnknownPurpose(field: String, purpose: String)
    case purposeNotInCatalog(String, namingCatalogFile: Bool)
    case optionUsesUncollectedField(option: String, need: String, field: String, purpose: String)
    case consentFieldNotInCatalog(String)
    case conditionFieldNotInCatalog(String)
    case conditionNeedsValue(operator: String, field: String)
    case conditionNotANumber(operator: String, value: String)
    case columnRepeatsFieldForm(column: String, FieldForm)
    case columnNeverWritten(column: String, FieldForm)
    case fieldFormWithoutColumn(FieldForm)
    case subContractorPurposeNotInCatalog(subContractor: String, purpose: String)
    case contractorMissing(String)
    case effectiveBackwards(to: CalendarDate, from: CalendarDate)
    case subContractorMissing(String, contractor: String, declared: [String])
    case subContractorPurposeNotCovered(String, purpose: String)
    case subContractingNotAllowed(String)
    case clausesMissing(agreement: String, version: Int, letters: [Character])
    case foreignWithoutBasis(agreement: String, version: Int, countries: [String])
    case agreementsOverlap(
        first: String, firstVersion: Int, firstFile: String, second: String, secondVersion: Int, contractor: String,
        purpose: String, on: CalendarDate)
    case subContractorNotApproved(String, purpose: String, contractor: String)
    case fieldNotInCatalog(String)
    case formNotInCatalog(field: String, form: Form, forms: [String])
    /// The subject of a clause a) to h) of JIS Q 15001 A.3.4.3.4.
    case clause(Character)
    // The workspace against the register and the built-in schemas.
    case secondCatalog(first: String)
    // The signed documents agreements refer to (`check --signed-documents`, `agreement verify-document`).
    case signedDocumentMissing(agreement: String, version: Int, reference: String, directory: String)
    case signedDocumentDiffers(agreement: String, version: Int, sha256: String, recorded: String)
    case noValidCatalog
    case noTemplatesFolder
    case differsFromRegistered(
        DocumentKind, id: String, version: Int, sha256: String, registeredAt: Timestamp, registeredBy: String)
    case schemaCopyMissing
    case schemaCopyDiffers
    case registerHoldsNoBytes(id: String, version: Int, sha256: String)
    case registerDamaged(file: String, damage: String)
    // The safe XML loader.
    case tooLarge(bytes: Int, maximum: Int)
    case notUTF8(Encoding)
    case doctype
    case doctypeInDocument
    case notWellFormed
    case noRootElement
    case unexpectedRoot(expected: [String], found: String)
    case xinclude
    case entityReference
    case schemaMismatch(root: String)
    /// An error libxml2 reports without a message.
    case xmlError(code: Int)
    // The decoders of schema-valid documents.
    case needsAttribute(element: String, attribute: String)
    case needsChild(element: String, child: String)
    case notAnInteger(String)
    case notADate(String)
    case notABoolean(String)
    case notAForm(String)
    case notAnIdentifiability(String)
    case unknownRelationship(String)
    case unknownBasis(String)
    case unknownOperator(String)
    case consentRecipientOrCategory
    case relationshipTermsMissing(Agreement.Relationship)
    case relationshipTermsMismatch(Agreement.Relationship)
    // Provisions and the catalog.
    case provisionConsentFieldMissing(String)
    case provisionConsentFieldNotForRecipient(field: String, contractor: String, category: String?)

    /// The comment at the top of the XSD written into every extract's package.
    public static let extractSchemaComment = Sentence(
        "The records of one consign extract.", "consign の抽出ファイル 1 件のレコードです。")

    /// The documents that two files must not both define with one id and version.
    public enum DocumentNoun: Sendable {
        case task, contractorProfile, agreement
    }

    /// An encoding other than UTF-8, as recognised from a document's first bytes or its declaration.
    public enum Encoding: Sendable, Equatable {
        case utf32
        case utf16WithByteOrderMark
        case utf16OrUTF32
        case declared(String)
    }

    public var english: String {
        switch self {
        case .noCatalog:
            return "no catalog: templates/ must hold one catalog document (catalog.xml)"
        case .duplicate(let noun, let id, let version, let file, let line):
            let kind =
                switch noun {
                case .task: "task"
                case .contractorProfile: "contractor profile"
                case .agreement: "agreement"
                }
            return "\(kind) '\(id)' version \(version) is also defined in \(file):\(line); "
                + "two files must not have the same id and version"
        case .versionsNameOtherContractors(let agreement, let version, let contractor, let first, let file, let firstContractor):
            return "agreement '\(agreement)' version \(version) names contractor '\(contractor)', but version \(first) "
                + "(\(file)) names '\(firstContractor)'"
        case .subjectKeyNotAField(let key):
            return "subject key '\(key)' is not a field of the catalog"
        case .collectedForUnknownPurpose(let field, let purpose):
            return "field '\(field)' is collected for purpose '\(purpose)', which is not in the catalog"
        case .purposeNotInCatalog(let purpose, let naming):
            return "purpose '\(purpose)' is not in the catalog" + (naming ? " (templates/catalog.xml)" : "")
        case .optionUsesUncollectedField(let option, let need, let field, let purpose):
            return "option '\(option)' of need '\(need)' uses field '\(field)', which was not collected for purpose "
                + "'\(purpose)'; the planner will never choose it"
        case .consentFieldNotInCatalog(let field):
            return "consent field '\(field)' is not in the catalog"
        case .conditionFieldNotInCatalog(let field):
            return "condition field '\(field)' is not in the catalog"
        case .conditionNeedsValue(let op, let field):
            return "condition '\(op)' on '\(field)' needs a value"
        case .conditionNotANumber(let op, let value):
            return "condition '\(op)' compares numbers; '\(value)' is not a number"
        case .columnRepeatsFieldForm(let column, let fieldForm):
            return "column '\(column)': \(fieldForm) already has a column in the layout"
        case .columnNeverWritten(let column, let fieldForm):
            return "column '\(column)': no option uses \(fieldForm), so it is never written"
        case .fieldFormWithoutColumn(let fieldForm):
            return "\(fieldForm) is used by an option but has no column in the layout; add a <column> for it"
        case .subContractorPurposeNotInCatalog(let sub, let purpose):
            return "sub-contractor '\(sub)': purpose '\(purpose)' is not in the catalog"
        case .contractorMissing(let contractor):
            return "contractor '\(contractor)' does not exist: no profile in agreements/contractors/ and none registered"
        case .effectiveBackwards(let to, let from):
            return "effective to \(to) is before effective from \(from)"
        case .subContractorMissing(let sub, let contractor, let declared):
            return "sub-contractor '\(sub)' does not exist: the profile of '\(contractor)' declares "
                + (declared.isEmpty ? "no sub-contractors" : declared.map { "'\($0)'" }.joined(separator: ", "))
        case .subContractorPurposeNotCovered(let sub, let purpose):
            return "sub-contractor '\(sub)' is approved for purpose '\(purpose)', which this agreement does not cover"
        case .subContractingNotAllowed(let sub):
            return "sub-contractor '\(sub)' is approved, but sub-contracting allowed=\"false\""
        case .clausesMissing(let agreement, let version, let letters):
            let names = Clauses.catalogue.filter { letters.contains($0.letter) }
                .map { "\($0.letter)) \(DocumentText.clause($0.letter).english) <\($0.element)>" }
            return "agreement '\(agreement)' version \(version) lacks clause" + (letters.count == 1 ? " " : "s ")
                + names.joined(separator: ", ") + " (JIS Q 15001 A.3.4.3.4)"
        case .foreignWithoutBasis(let agreement, let version, let countries):
            return "agreement '\(agreement)' version \(version) sends data to \(countries.joined(separator: ", ")) "
                + "without a <foreign-basis> (APPI Art. 28); the planner will refuse transfers under it"
        case .agreementsOverlap(let first, let firstVersion, let file, let second, let secondVersion, let contractor, let purpose, let on):
            return "agreements '\(first)' version \(firstVersion) (\(file)) and '\(second)' version \(secondVersion) of "
                + "contractor '\(contractor)' both cover purpose '\(purpose)' on \(on); end one before the other starts, "
                + "or make the change a new version of one agreement"
        case .subContractorNotApproved(let sub, let purpose, let contractor):
            return "sub-contractor '\(sub)' is used for purpose '\(purpose)', but no agreement with '\(contractor)' approves it"
        case .fieldNotInCatalog(let field):
            return "field '\(field)' is not in the catalog (templates/catalog.xml)"
        case .formNotInCatalog(let field, let form, let forms):
            return "field '\(field)' has no form '\(form)' in the catalog (it has: \(forms.joined(separator: ", ")))"
        case .clause(let letter):
            switch letter {
            case "a": return "responsibilities of each party"
            case "b": return "security of the data"
            case "c": return "sub-contracting"
            case "d": return "reporting by the contractor"
            case "e": return "the company's right to check compliance"
            case "f": return "measures on breach"
            case "g": return "incident reporting"
            default: return "measures after the contract ends"
            }
        case .secondCatalog(let first):
            return "a second catalog; a workspace has exactly one (the first is \(first))"
        case .signedDocumentMissing(let agreement, let version, let reference, let directory):
            return "the signed document of agreement \(agreement) v\(version) (\(reference)) is not in \(directory)"
        case .signedDocumentDiffers(let agreement, let version, let sha256, let recorded):
            return "this is not the signed document agreement \(agreement) v\(version) records: its sha256 is \(sha256), the "
                + "agreement records \(recorded)"
        case .noValidCatalog:
            return "no valid catalog in templates/ (templates/catalog.xml)"
        case .noTemplatesFolder:
            return "no templates/ folder: is this a consign workspace?"
        case .differsFromRegistered(let kind, let id, let version, let sha256, let at, let by):
            return "\(kind.rawValue) '\(id)' version \(version) differs from its registered bytes (sha256 \(sha256), "
                + "registered \(at) by \(by)); registered versions never change: restore the file, or make the change a "
                + "new version"
        case .schemaCopyMissing:
            return "missing; consign validates against its built-in schema (consign init writes a copy)"
        case .schemaCopyDiffers:
            return "differs from the schema built into consign, which is the one documents are validated against"
        case .registerHoldsNoBytes(let id, let version, let sha256):
            return "the register has no bytes for \(id) version \(version) (sha256 \(sha256))"
        case .registerDamaged(let file, let damage):
            return "\(file): \(damage); restore it from a backup (consign ledger verify and consign audit report what "
                + "they can read of it)"
        case .tooLarge(let bytes, let maximum):
            return "document is \(bytes) bytes; consign documents are at most \(maximum) bytes"
        case .notUTF8(let encoding):
            return "consign documents are UTF-8; this one is \(encoding.english) (save it as UTF-8)"
        case .doctype:
            return "a DOCTYPE is not allowed: consign documents are validated against consign's built-in schemas, and "
                + "DTDs and entities are refused for safety (remove the <!DOCTYPE ...> declaration)"
        case .doctypeInDocument:
            return "a DOCTYPE is not allowed in consign documents"
        case .notWellFormed:
            return "not a well-formed XML document"
        case .noRootElement:
            return "the document has no root element"
        case .unexpectedRoot(let expected, let found):
            return "expected a \(expected.map { "<\($0)>" }.joined(separator: " or ")) document, found <\(found)>"
        case .xinclude:
            return "XInclude is not allowed: consign documents are self-contained and never read other files"
        case .entityReference:
            return "entity references are not allowed"
        case .schemaMismatch(let root):
            return "the document does not match the \(root) schema"
        case .xmlError(let code):
            return "XML error \(code)"
        case .needsAttribute(let element, let attribute):
            return "<\(element)> needs attribute '\(attribute)'"
        case .needsChild(let element, let child):
            return "<\(element)> needs <\(child)>"
        case .notAnInteger(let text):
            return "'\(text)' is not an integer"
        case .notADate(let text):
            return "'\(text)' is not a date (YYYY-MM-DD)"
        case .notABoolean(let text):
            return "'\(text)' is not true or false"
        case .notAForm(let text):
            return "'\(text)' is not a form"
        case .notAnIdentifiability(let text):
            return "'\(text)' is not direct, quasi or none"
        case .unknownRelationship(let text):
            return "unknown relationship '\(text)'"
        case .unknownBasis(let text):
            return "unknown basis '\(text)'"
        case .unknownOperator(let text):
            return "unknown operator '\(text)'"
        case .consentRecipientOrCategory:
            return "consent-to-provision names either a recipient or a category, exactly one of them"
        case .relationshipTermsMissing(let relationship):
            return "an agreement with relationship \(relationship.rawValue) needs its <\(relationship.rawValue)> element"
        case .relationshipTermsMismatch(let relationship):
            return "this element does not belong in an agreement with relationship \(relationship.rawValue)"
        case .provisionConsentFieldMissing(let field):
            return "the provision's consent field '\(field)' is not in the catalog"
        case .provisionConsentFieldNotForRecipient(let field, let contractor, let category):
            return "catalog field '\(field)' does not record a consent to provision to \(contractor)"
                + (category.map { " or to category \($0)" } ?? "")
                + " (give it <consent-to-provision recipient=\"\(contractor)\"/> in the catalog)"
        }
    }

    public var japanese: String {
        switch self {
        case .noCatalog:
            return "カタログがありません：templates/ にはカタログの文書（catalog.xml）が 1 つ必要です"
        case .duplicate(let noun, let id, let version, let file, let line):
            let kind =
                switch noun {
                case .task: "業務テンプレート"
                case .contractorProfile: "委託先プロファイル"
                case .agreement: "契約"
                }
            return "\(kind) '\(id)' 第 \(version) 版は \(file):\(line) でも定義されています。"
                + "同じ ID と版を 2 つのファイルで定義しないでください"
        case .versionsNameOtherContractors(let agreement, let version, let contractor, let first, let file, let firstContractor):
            return "契約 '\(agreement)' 第 \(version) 版は委託先 '\(contractor)' を指定していますが、第 \(first) 版"
                + "（\(file)）は '\(firstContractor)' を指定しています"
        case .subjectKeyNotAField(let key):
            return "本人キー '\(key)' はカタログの項目ではありません"
        case .collectedForUnknownPurpose(let field, let purpose):
            return "項目 '\(field)' は利用目的 '\(purpose)' のために取得したとされていますが、この利用目的はカタログにありません"
        case .purposeNotInCatalog(let purpose, let naming):
            return "利用目的 '\(purpose)' はカタログ" + (naming ? "（templates/catalog.xml）" : "") + "にありません"
        case .optionUsesUncollectedField(let option, let need, let field, let purpose):
            return "要件 '\(need)' の選択肢 '\(option)' は項目 '\(field)' を使いますが、この項目は利用目的 '\(purpose)' "
                + "のために取得していません。計画でこの選択肢が選ばれることはありません"
        case .consentFieldNotInCatalog(let field):
            return "同意の項目 '\(field)' はカタログにありません"
        case .conditionFieldNotInCatalog(let field):
            return "条件の項目 '\(field)' はカタログにありません"
        case .conditionNeedsValue(let op, let field):
            return "'\(field)' に対する条件 '\(op)' には値が必要です"
        case .conditionNotANumber(let op, let value):
            return "条件 '\(op)' は数値を比べますが、'\(value)' は数値ではありません"
        case .columnRepeatsFieldForm(let column, let fieldForm):
            return "列 '\(column)'：\(fieldForm) にはレイアウトですでに列があります"
        case .columnNeverWritten(let column, let fieldForm):
            return "列 '\(column)'：\(fieldForm) を使う選択肢がないため、この列は書き出されません"
        case .fieldFormWithoutColumn(let fieldForm):
            return "\(fieldForm) は選択肢で使われていますが、レイアウトに列がありません。<column> を追加してください"
        case .subContractorPurposeNotInCatalog(let sub, let purpose):
            return "再委託先 '\(sub)'：利用目的 '\(purpose)' はカタログにありません"
        case .contractorMissing(let contractor):
            return "委託先 '\(contractor)' は存在しません：agreements/contractors/ にプロファイルがなく、登録もされていません"
        case .effectiveBackwards(let to, let from):
            return "有効期間の終了日 \(to) が開始日 \(from) より前です"
        case .subContractorMissing(let sub, let contractor, let declared):
            return "再委託先 '\(sub)' は存在しません：'\(contractor)' のプロファイルが挙げる再委託先は"
                + (declared.isEmpty ? "ありません" : " \(declared.map { "'\($0)'" }.joined(separator: "、")) です")
        case .subContractorPurposeNotCovered(let sub, let purpose):
            return "再委託先 '\(sub)' は利用目的 '\(purpose)' について承認されていますが、この契約はその利用目的を対象にしていません"
        case .subContractingNotAllowed(let sub):
            return "再委託先 '\(sub)' が承認されていますが、再委託は allowed=\"false\" です"
        case .clausesMissing(let agreement, let version, let letters):
            let names = Clauses.catalogue.filter { letters.contains($0.letter) }
                .map { "\($0.letter)) \(DocumentText.clause($0.letter).japanese) <\($0.element)>" }
            return "契約 '\(agreement)' 第 \(version) 版には次の条項がありません：" + names.joined(separator: "、")
                + "（JIS Q 15001 A.3.4.3.4）"
        case .foreignWithoutBasis(let agreement, let version, let countries):
            return "契約 '\(agreement)' 第 \(version) 版は \(countries.joined(separator: "、")) にデータを送りますが、"
                + "<foreign-basis> がありません（個人情報保護法 28 条）。この契約による提供は計画で拒否されます"
        case .agreementsOverlap(let first, let firstVersion, let file, let second, let secondVersion, let contractor, let purpose, let on):
            return "委託先 '\(contractor)' の契約 '\(first)' 第 \(firstVersion) 版（\(file)）と '\(second)' 第 "
                + "\(secondVersion) 版は、\(on) にどちらも利用目的 '\(purpose)' を対象にしています。一方が始まる前に"
                + "他方を終えるか、変更を 1 つの契約の新しい版にしてください"
        case .subContractorNotApproved(let sub, let purpose, let contractor):
            return "再委託先 '\(sub)' は利用目的 '\(purpose)' に使われていますが、'\(contractor)' とのどの契約でも承認されていません"
        case .fieldNotInCatalog(let field):
            return "項目 '\(field)' はカタログ（templates/catalog.xml）にありません"
        case .formNotInCatalog(let field, let form, let forms):
            return "項目 '\(field)' にはカタログ上の形式 '\(form)' がありません（あるのは \(forms.joined(separator: "、"))）"
        case .clause(let letter):
            switch letter {
            case "a": return "各当事者の責任"
            case "b": return "データの安全管理"
            case "c": return "再委託"
            case "d": return "委託先からの報告"
            case "e": return "遵守状況を確認する会社の権利"
            case "f": return "契約違反時の措置"
            case "g": return "事故時の報告"
            default: return "契約終了後の措置"
            }
        case .secondCatalog(let first):
            return "2 つ目のカタログです。ワークスペースのカタログは 1 つだけです（1 つ目は \(first)）"
        case .signedDocumentMissing(let agreement, let version, let reference, let directory):
            return "契約 \(agreement) 第 \(version) 版の署名済み文書（\(reference)）が \(directory) にありません"
        case .signedDocumentDiffers(let agreement, let version, let sha256, let recorded):
            return "契約 \(agreement) 第 \(version) 版が記録する署名済み文書ではありません：この文書の sha256 は \(sha256)、契約の"
                + "記録は \(recorded) です"
        case .noValidCatalog:
            return "templates/ に有効なカタログ（templates/catalog.xml）がありません"
        case .noTemplatesFolder:
            return "templates/ フォルダーがありません。consign のワークスペースですか"
        case .differsFromRegistered(let kind, let id, let version, let sha256, let at, let by):
            let noun = kind == .contractor ? "委託先" : "契約"
            return "\(noun) '\(id)' 第 \(version) 版が登録済みの内容と異なります（sha256 \(sha256)、\(at) に \(by) が登録）。"
                + "登録済みの版は変わりません。ファイルを元に戻すか、変更を新しい版にしてください"
        case .schemaCopyMissing:
            return "ありません。consign は組み込みのスキーマで検証します（consign init でコピーを書き出せます）"
        case .schemaCopyDiffers:
            return "consign に組み込まれたスキーマと異なります。文書の検証には組み込みのスキーマを使います"
        case .registerHoldsNoBytes(let id, let version, let sha256):
            return "台帳に \(id) 第 \(version) 版の内容がありません（sha256 \(sha256)）"
        case .registerDamaged(let file, let damage):
            return "\(file)：\(damage)。バックアップから復元してください（consign ledger verify と consign audit は、"
                + "読める範囲で報告します）"
        case .tooLarge(let bytes, let maximum):
            return "文書が \(bytes) バイトあります。consign の文書は \(maximum) バイトまでです"
        case .notUTF8(let encoding):
            return "consign の文書は UTF-8 ですが、この文書は \(encoding.japanese) です（UTF-8 で保存してください）"
        case .doctype:
            return "DOCTYPE は使えません：consign の文書は consign に組み込まれたスキーマで検証し、DTD と実体は安全のため"
                + "拒否します（<!DOCTYPE ...> の宣言を削除してください）"
        case .doctypeInDocument:
            return "consign の文書に DOCTYPE は使えません"
        case .notWellFormed:
            return "整形式の XML 文書ではありません"
        case .noRootElement:
            return "文書にルート要素がありません"
        case .unexpectedRoot(let expected, let found):
            return "\(expected.map { "<\($0)>" }.joined(separator: " または ")) の文書のはずが、<\(found)> でした"
        case .xinclude:
            return "XInclude は使えません：consign の文書はそれだけで完結し、他のファイルを読みません"
        case .entityReference:
            return "実体参照は使えません"
        case .schemaMismatch(let root):
            return "文書が \(root) のスキーマに合いません"
        case .xmlError(let code):
            return "XML のエラー \(code)"
        case .needsAttribute(let element, let attribute):
            return "<\(element)> には属性 '\(attribute)' が必要です"
        case .needsChild(let element, let child):
            return "<\(element)> には <\(child)> が必要です"
        case .notAnInteger(let text):
            return "'\(text)' は整数ではありません"
        case .notADate(let text):
            return "'\(text)' は日付（YYYY-MM-DD）ではありません"
        case .notABoolean(let text):
            return "'\(text)' は true でも false でもありません"
        case .notAForm(let text):
            return "'\(text)' は形式ではありません"
        case .notAnIdentifiability(let text):
            return "'\(text)' は direct、quasi、none のいずれでもありません"
        case .unknownRelationship(let text):
            return "関係 '\(text)' はありません"
        case .unknownBasis(let text):
            return "根拠 '\(text)' はありません"
        case .unknownOperator(let text):
            return "演算子 '\(text)' はありません"
        case .consentRecipientOrCategory:
            return "consent-to-provision には recipient と category のどちらか一方だけを指定してください"
        case .relationshipTermsMissing(let relationship):
            return "関係が \(relationship.rawValue) の契約には <\(relationship.rawValue)> 要素が必要です"
        case .relationshipTermsMismatch(let relationship):
            return "この要素は関係が \(relationship.rawValue) の契約には書けません"
        case .provisionConsentFieldMissing(let field):
            return "第三者提供の同意の項目 '\(field)' はカタログにありません"
        case .provisionConsentFieldNotForRecipient(let field, let contractor, let category):
            return "カタログの項目 '\(field)' は \(contractor)" + (category.map { " またはカテゴリ \($0)" } ?? "")
                + " への提供に対する同意を記録していません（カタログで <consent-to-provision recipient=\"\(contractor)\"/> を指定してください）"
        }
    }
}

extension DocumentText.Encoding: CatalogueEntry {
    public var english: String {
        switch self {
        case .utf32: "UTF-32"
        case .utf16WithByteOrderMark: "UTF-16 (byte-order mark)"
        case .utf16OrUTF32: "UTF-16 or UTF-32 (no byte-order mark)"
        case .declared(let name): "declared as \(name)"
        }
    }

    public var japanese: String {
        switch self {
        case .utf32: "UTF-32"
        case .utf16WithByteOrderMark: "UTF-16（バイト順マークあり）"
        case .utf16OrUTF32: "UTF-16 または UTF-32（バイト順マークなし）"
        case .declared(let name): "\(name) と宣言された文字コード"
        }
    }
}
