/// Procurement's sentences: what `contractor` and `agreement` say after they record (a registration, a
/// status change, an evaluation), and how `list` and `show` present contractors and agreements (table
/// headings, the labels and values of a profile or an agreement). Ids, codes, dates, hashes and the
/// documents' own text (a legal name, a title, a note) are shown as they are.
public enum ProcurementText: CatalogueEntry {
    // What a command recorded.
    case registered(document: String, version: Int, file: String, sha256: String, event: Int)
    case alreadyRegistered(document: String, version: Int, sha256: String)
    case statusChanged(contractor: String, to: ContractorStatus, on: CalendarDate, event: Int)
    case evaluated(
        contractor: String, Evaluation.Kind, Evaluation.Result, on: CalendarDate, evidenceSHA256: String?, event: Int)
    // `contractor list` and `agreement list`.
    case column(Column)
    case none
    case selection(Evaluation.Result, on: CalendarDate)
    case version(document: String, version: Int)
    /// Ids or values one after another, as each language separates them.
    case list([String])
    /// Certification schemes of which one will do.
    case oneOf([String])
    /// An agreement's standing on a date.
    case standing(AgreementStanding)
    // `contractor show`.
    case label(Label)
    case countries(processing: [String], storage: [String])
    case certification(scheme: String, number: String, expires: CalendarDate)
    case subContractor(id: String, country: String, purposes: [String], name: String, role: String)
    case profileRegistered(at: Timestamp, by: String, file: String, sha256: String)
    /// A delivery key: in use from `from`, or replaced on `replaced`.
    case deliveryKey(recipient: String, fingerprint: String, from: CalendarDate, replaced: CalendarDate?)
    case statusHistoryHeading
    case activeSinceRegistration
    case recorded(at: Timestamp, by: String)
    case evaluationsHeading
    case noneRecorded
    case evidence(file: String, sha256: String)
    case agreementsHeading
    case noneRegistered
    case agreementVersions(agreement: String, versions: [Int], inForce: Int?, purposes: [String])
    // `agreement show`.
    case agreementHeading(agreement: String, version: Int, title: String)
    case standingOn(AgreementStanding, on: CalendarDate)
    case signed(on: CalendarDate, by: [Signatory])
    case effective(from: CalendarDate, to: CalendarDate)
    case foreignBasis(ForeignBasis.Kind, explanation: String)
    case subContracting(allowed: Bool)
    case approved(subContractor: String, country: String, purposes: [String], on: CalendarDate, scope: String)
    case retention(days: Int)
    case clausesHeading
    case clauseMissing
    case signedDocument(reference: String, sha256: String)
    case registeredBy(at: Timestamp, by: String, file: String)
    // `agreement verify-document`.
    case signedDocumentMatches(file: String, agreement: String, version: Int, reference: String, sha256: String)

    /// The headings of the `list` tables.
    public enum Column: Sendable, CaseIterable {
        case contractor, status, country, agreementsInForce, selection, legalName
        case agreement, version, effective, standing, purposes, sha256
    }

    /// The labels of `contractor show` and `agreement show`, before each value.
    public enum Label: Sendable {
        case status, address, representative, privacyContact, processingIn, certification, subContractor
        case profileVersion(Int)
        case contractor, relationship, standing, signed, effective, purposes, permitted, dataSubjects, countries
        case foreignBasis, subContracting, approved, retention, requiresCertification, signedDocument, registered, sha256
        case deliveryKey
    }

    public var english: String {
        switch self {
        case .registered(let document, let version, let file, let sha256, let event):
            return "registered \(document) version \(version) from \(file)  sha256 \(sha256)  (event \(event))"
        case .alreadyRegistered(let document, let version, let sha256):
            return "already registered: \(document) version \(version) with the same bytes (sha256 \(sha256))"
        case .statusChanged(let contractor, let status, let on, let event):
            let verb =
                switch status {
                case .suspended: "suspended"
                case .active: "reinstated"
                case .terminated: "terminated"
                }
            return "\(verb) \(contractor) on \(on) (event \(event))"
        case .evaluated(let contractor, let kind, let result, let on, let evidence, let event):
            return "recorded \(kind.rawValue) evaluation of \(contractor): \(result.rawValue) on \(on)"
                + (evidence.map { ", evidence sha256 \($0)" } ?? "") + " (event \(event))"
        case .column(let column):
            switch column {
            case .contractor: return "CONTRACTOR"
            case .status: return "STATUS"
            case .country: return "COUNTRY"
            case .agreementsInForce: return "AGREEMENTS IN FORCE"
            case .selection: return "SELECTION"
            case .legalName: return "LEGAL NAME"
            case .agreement: return "AGREEMENT"
            case .version: return "V"
            case .effective: return "EFFECTIVE"
            case .standing: return "STANDING"
            case .purposes: return "PURPOSES"
            case .sha256: return "SHA-256"
            }
        case .none:
            return "none"
        case .selection(let result, let on):
            return "\(result.rawValue) \(on)"
        case .version(let document, let version):
            return "\(document) v\(version)"
        case .list(let items):
            return items.joined(separator: ", ")
        case .oneOf(let schemes):
            return "a valid " + schemes.joined(separator: " or ") + " certification on each transfer's date"
        case .standing(let standing):
            return standing.rawValue
        case .label(let label):
            switch label {
            case .status: return "status"
            case .address: return "address"
            case .representative: return "representative"
            case .privacyContact: return "privacy contact"
            case .processingIn: return "processing in"
            case .certification: return "certification"
            case .subContractor: return "sub-contractor"
            case .profileVersion(let version): return "profile v\(version)"
            case .contractor: return "contractor"
            case .relationship: return "relationship"
            case .standing: return "standing"
            case .signed: return "signed"
            case .effective: return "effective"
            case .purposes: return "purposes"
            case .permitted: return "permitted"
            case .dataSubjects: return "data subjects"
            case .countries: return "countries"
            case .foreignBasis: return "foreign basis"
            case .subContracting: return "sub-contracting"
            case .approved: return "approved"
            case .retention: return "retention"
            case .requiresCertification: return "requires"
            case .signedDocument: return "signed document"
            case .registered: return "registered"
            case .sha256: return "sha256"
            case .deliveryKey: return "delivery key"
            }
        case .countries(let processing, let storage):
            return "\(processing.joined(separator: ", ")); storage in \(storage.joined(separator: ", "))"
        case .deliveryKey(let recipient, let fingerprint, let from, let replaced):
            return "\(recipient) (\(fingerprint)) from \(from)" + (replaced.map { ", replaced on \($0): never used again" } ?? "")
        case .certification(let scheme, let number, let expires):
            return "\(scheme) \(number), expires \(expires)"
        case .subContractor(let id, let country, let purposes, let name, let role):
            return "\(id) (\(country)) for \(purposes.joined(separator: ", ")): \(name); \(role)"
        case .profileRegistered(let at, let by, let file, let sha256):
            return "registered \(at) by \(by) from \(file) (sha256 \(sha256))"
        case .statusHistoryHeading:
            return "status history"
        case .activeSinceRegistration:
            return "active since registration"
        case .recorded(let at, let by):
            return "(recorded \(at) by \(by))"
        case .evaluationsHeading:
            return "evaluations"
        case .noneRecorded:
            return "none recorded"
        case .evidence(let file, let sha256):
            return "evidence \(file) sha256 \(sha256)"
        case .agreementsHeading:
            return "agreements"
        case .noneRegistered:
            return "none registered"
        case .agreementVersions(let agreement, let versions, let inForce, let purposes):
            let standing = inForce.map { "v\($0) in force for \(purposes.joined(separator: ", "))" } ?? "not in force"
            return "\(agreement)  versions \(versions.map(String.init).joined(separator: ", ")); \(standing)"
        case .agreementHeading(let agreement, let version, let title):
            return "\(agreement) version \(version): \(title)"
        case .standingOn(let standing, let on):
            return "\(standing.rawValue) on \(on)"
        case .signed(let on, let signatories):
            return "\(on) by " + signatories.map { "\($0.name) (\($0.title), \($0.party))" }.joined(separator: ", ")
        case .effective(let from, let to):
            return "\(from) to \(to) (inclusive)"
        case .foreignBasis(let kind, let explanation):
            return "\(kind.rawValue): \(explanation)"
        case .subContracting(let allowed):
            return allowed ? "allowed" : "not allowed"
        case .approved(let subContractor, let country, let purposes, let on, let scope):
            return "\(subContractor) (\(country)) for \(purposes.joined(separator: ", ")) on \(on): \(scope)"
        case .retention(let days):
            return "at most \(days) days"
        case .clausesHeading:
            return "clauses (JIS Q 15001 A.3.4.3.4)"
        case .clauseMissing:
            return "MISSING"
        case .signedDocument(let reference, let sha256):
            return "\(reference) (sha256 \(sha256))"
        case .signedDocumentMatches(let file, let agreement, let version, let reference, let sha256):
            return "\(file) is the signed document of agreement \(agreement) v\(version) (\(reference), sha256 \(sha256))"
        case .registeredBy(let at, let by, let file):
            return "\(at) by \(by) from \(file)"
        }
    }

    public var japanese: String {
        switch self {
        case .registered(let document, let version, let file, let sha256, let event):
            return "\(document) 第 \(version) 版を \(file) から登録しました。sha256 \(sha256)（イベント \(event)）"
        case .alreadyRegistered(let document, let version, let sha256):
            return "登録済みです：\(document) 第 \(version) 版は同じ内容で登録されています（sha256 \(sha256)）"
        case .statusChanged(let contractor, let status, let on, let event):
            let act =
                switch status {
                case .suspended: "取引停止にしました"
                case .active: "取引を再開しました"
                case .terminated: "取引終了にしました"
                }
            return "委託先 \(contractor) を \(on) から\(act)（イベント \(event)）"
        case .evaluated(let contractor, let kind, let result, let on, let evidence, let event):
            return "委託先 \(contractor) の\(Term.evaluation(kind).japanese)を記録しました：\(on) \(Term.result(result).japanese)"
                + "（" + (evidence.map { "証跡 sha256 \($0)、" } ?? "") + "イベント \(event)）"
        case .column(let column):
            switch column {
            case .contractor: return "委託先"
            case .status: return "取引状況"
            case .country: return "国"
            case .agreementsInForce: return "有効な契約"
            case .selection: return "選定時評価"
            case .legalName: return "名称"
            case .agreement: return "契約"
            case .version: return "版"
            case .effective: return "有効期間"
            case .standing: return "状況"
            case .purposes: return "利用目的"
            case .sha256: return "SHA-256"
            }
        case .none:
            return "なし"
        case .selection(let result, let on):
            return "\(Term.result(result).japanese) \(on)"
        case .version(let document, let version):
            return "\(document) 第 \(version) 版"
        case .list(let items):
            return items.joined(separator: "、")
        case .oneOf(let schemes):
            return "提供の日ごとに有効な " + schemes.joined(separator: " または ") + " の認証"
        case .standing(let standing):
            return Self.japanese(standing)
        case .label(let label):
            switch label {
            case .status: return "取引状況"
            case .address: return "所在地"
            case .representative: return "代表者"
            case .privacyContact: return "個人情報の窓口"
            case .processingIn: return "取扱国"
            case .certification: return "認証"
            case .subContractor: return "再委託先"
            case .profileVersion(let version): return "第 \(version) 版"
            case .contractor: return "委託先"
            case .relationship: return "委託・提供の別"
            case .standing: return "状況"
            case .signed: return "締結"
            case .effective: return "有効期間"
            case .purposes: return "利用目的"
            case .permitted: return "提供できる項目"
            case .dataSubjects: return "対象の本人"
            case .countries: return "国"
            case .foreignBasis: return "外国移転の根拠"
            case .subContracting: return "再委託"
            case .approved: return "承認済み"
            case .retention: return "保存期間"
            case .requiresCertification: return "必要な認証"
            case .signedDocument: return "署名済みの文書"
            case .registered: return "登録"
            case .sha256: return "sha256"
            case .deliveryKey: return "受け渡し用の鍵"
            }
        case .countries(let processing, let storage):
            return "\(processing.joined(separator: "、"))（保管国 \(storage.joined(separator: "、"))）"
        case .deliveryKey(let recipient, let fingerprint, let from, let replaced):
            return "\(recipient)（\(fingerprint)）\(from) から" + (replaced.map { "、\($0) に置き換え済み（以後使いません）" } ?? "")
        case .certification(let scheme, let number, let expires):
            return "\(scheme) \(number)、有効期限 \(expires)"
        case .subContractor(let id, let country, let purposes, let name, let role):
            return "\(id)（\(country)）、利用目的 \(purposes.joined(separator: "、"))：\(name)；\(role)"
        case .profileRegistered(let at, let by, let file, let sha256):
            return "プロファイル：\(at) に \(by) が \(file) から登録（sha256 \(sha256)）"
        case .statusHistoryHeading:
            return "取引状況の履歴"
        case .activeSinceRegistration:
            return "登録以来、取引中"
        case .recorded(let at, let by):
            return "（\(at) に \(by) が記録）"
        case .evaluationsHeading:
            return "評価"
        case .noneRecorded:
            return "記録なし"
        case .evidence(let file, let sha256):
            return "証跡 \(file) sha256 \(sha256)"
        case .agreementsHeading:
            return "契約"
        case .noneRegistered:
            return "登録なし"
        case .agreementVersions(let agreement, let versions, let inForce, let purposes):
            let standing = inForce.map { "第 \($0) 版が有効（利用目的 \(purposes.joined(separator: "、"))）" } ?? "有効な版なし"
            return "\(agreement)  第 \(versions.map(String.init).joined(separator: "、")) 版；\(standing)"
        case .agreementHeading(let agreement, let version, let title):
            return "\(agreement) 第 \(version) 版：\(title)"
        case .standingOn(let standing, let on):
            return "\(on) 時点で\(Self.japanese(standing))"
        case .signed(let on, let signatories):
            return "\(on)、署名者 " + signatories.map { "\($0.name)（\($0.title)、\($0.party)）" }.joined(separator: "、")
        case .effective(let from, let to):
            return "\(from) から \(to) まで（両日を含む）"
        case .foreignBasis(let kind, let explanation):
            return "\(Term.foreignBasis(kind).japanese)：\(explanation)"
        case .subContracting(let allowed):
            return allowed ? "可" : "不可"
        case .approved(let subContractor, let country, let purposes, let on, let scope):
            return "\(subContractor)（\(country)）、利用目的 \(purposes.joined(separator: "、"))、\(on) 承認：\(scope)"
        case .retention(let days):
            return "最長 \(days) 日"
        case .clausesHeading:
            return "条項（JIS Q 15001 A.3.4.3.4）"
        case .clauseMissing:
            return "欠落"
        case .signedDocument(let reference, let sha256):
            return "\(reference)（sha256 \(sha256)）"
        case .signedDocumentMatches(let file, let agreement, let version, let reference, let sha256):
            return "\(file) は契約 \(agreement) 第 \(version) 版の署名済み文書（\(reference)、sha256 \(sha256)）です"
        case .registeredBy(let at, let by, let file):
            return "\(at) に \(by) が \(file) から登録"
        }
    }

    private static func japanese(_ standing: AgreementStanding) -> String {
        switch standing {
        case .inForce: "有効"
        case .superseded: "後の版に置き換え済み"
        case .expired: "期間満了"
        case .notYetEffective: "発効前"
        }
    }
}
