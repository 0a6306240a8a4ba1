/// The domain's words as they stand inside a sentence: a contractor's status, an evaluation's kind and
/// result, an agreement's relationship. Their codes (`suspended`, `foreign-basis`) stay the same in every
/// language wherever a script reads them (JSON, CSV keys, options); a sentence for people uses these.
public enum Term: CatalogueEntry {
    case status(ContractorStatus)
    case evaluation(Evaluation.Kind)
    case result(Evaluation.Result)
    case relationship(Agreement.Relationship)

    public var english: String {
        switch self {
        case .status(let status): status.rawValue
        case .evaluation(let kind): kind.rawValue
        case .result(let result): result.rawValue
        case .relationship(let relationship): relationship.rawValue
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
        }
    }
}
