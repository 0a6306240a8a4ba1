/// The domain's words as they stand inside a sentence: a contractor's status, an evaluation's kind and
/// result, an agreement's relationship and its basis for a transfer abroad. Their codes (`suspended`,
/// `foreign-basis`) stay the same in every language wherever a script reads them (JSON, CSV keys, options);
/// a sentence for people uses these.
public enum Term: CatalogueEntry {
    case status(ContractorStatus)
    case evaluation(Evaluation.Kind)
    case result(Evaluation.Result)
    case relationship(Agreement.Relationship)
    case foreignBasis(ForeignBasis.Kind)

    public var english: String {
        switch self {
        case .status(let status): status.rawValue
        case .evaluation(let kind): kind.rawValue
        case .result(let result): result.rawValue
        case .relationship(let relationship): relationship.rawValue
        case .foreignBasis(let kind): kind.rawValue
        }
    }

    public var japanese: String {
        switch self {
        case .status(.active): "取引中"
        case .status(.suspended): "取引停止中"
        case .status(.terminated): "取引終了"
        case .evaluation(.selection): "選定時評価"
        case .evaluation(.periodic): "定期評価"
        case .evaluation(.foreignBasis): "外国移転の根拠の確認"
        case .result(.pass): "合格"
        case .result(.fail): "不合格"
        case .relationship(.entrustment): "委託"
        case .relationship(.provision): "第三者提供"
        case .relationship(.jointUse): "共同利用"
        case .foreignBasis(.euUKAdequacy): "EU・英国の十分性認定"
        case .foreignBasis(.equivalentMeasuresContract): "相当措置を講じる契約"
        case .foreignBasis(.apecCBPR): "APEC CBPR 認証"
        case .foreignBasis(.consent): "本人の同意"
        }
    }
}
