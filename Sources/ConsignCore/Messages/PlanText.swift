/// The planner's sentences: why a task may not go to a contractor (each with the stable code scripts read),
/// why a field is withheld, and the plan as `consign plan` prints it.
public enum PlanText: CatalogueEntry {
    // Reasons against the task as a whole.
    case noAgreementInForce(contractor: String, on: CalendarDate)
    case purposeNotCovered(contractor: String, on: CalendarDate, purpose: String, inForce: [Agreement])
    case pseudonymisedContact(task: String)
    case contractorStatus(contractor: String, ContractorStatus, since: CalendarDate?)
    case noSelection(contractor: String, on: CalendarDate)
    case evaluationFailed(contractor: String, Evaluation.Kind, on: CalendarDate)
    case mixOrEnrichUnderEntrustment(task: String, agreement: String, version: Int)
    case pseudonymisedUnderProvision(task: String, agreement: String, version: Int)
    case noForeignBasis(agreement: String, version: Int, countries: [String])
    case foreignBasisCheckFailed(agreement: String, version: Int, on: CalendarDate)
    case foreignBasisCheckOverdue(agreement: String, version: Int, last: CalendarDate?)
    case countryNotCovered(agreement: String, version: Int, countries: [String], contractor: String, profile: Int, [CountryGap])
    case certificationLapsed(contractor: String, CertificationLapse)
    case encryptionRequired(agreement: String, version: Int)
    case provisionConsentNotInScope(task: String, agreement: String, version: Int, field: String)
    case provisionConsentNotRecorded(field: String, agreement: String, version: Int, contractor: String)
    case jointUseNotAnnounced(agreement: String, version: Int, announcedOn: CalendarDate, on: CalendarDate)
    // Reasons against one option of a need.
    case unknownForm(FieldForm)
    case formNotPermitted(FieldForm, agreement: String, version: Int)
    case notCollected(field: String, purpose: String)
    case directIdentifier(FieldForm)
    case specialCareNotPermitted(field: String, agreement: String, version: Int)
    case specialCareWithoutConsent(field: String, task: String)
    case paymentCredential(FieldForm)
    case personalRelatedUnconfirmed(field: String, agreement: String, version: Int)
    // The plan, for people.
    case planned(task: String, title: String, contractor: String, on: CalendarDate)
    case refused(task: String, title: String, contractor: String, on: CalendarDate)
    case agreementLine(agreement: String, version: Int, Agreement.Relationship, sha256: String)
    case purposeLine(purpose: String)
    case needBlocked(need: String, reason: String)
    case option(String)
    case withheldHeading
    case sends(fields: Int, of: Int, cost: Int, permitted: Int)
    case column(Column)

    /// After a field of special care in the plan's table.
    public static let specialCareMark = Sentence("(special care)", "（要配慮）")

    /// Between the parts of a line, and between the reasons against one option.
    public static let separator = Sentence("; ", "；")

    /// The headings of the plan's tables.
    public enum Column: Sendable {
        case field, form, weight, needs, why
    }

    /// The code a script reads for a reason against the task or an option.
    public var code: String {
        switch self {
        case .noAgreementInForce: "no-agreement-in-force"
        case .purposeNotCovered: "purpose-not-covered"
        case .pseudonymisedContact: "pseudonymised-contact"
        case .contractorStatus(_, let status, _): "contractor-\(status.rawValue)"
        case .noSelection: "no-selection"
        case .evaluationFailed: "evaluation-failed"
        case .mixOrEnrichUnderEntrustment: "mix-or-enrich-under-entrustment"
        case .pseudonymisedUnderProvision: "pseudonymised-under-provision"
        case .noForeignBasis: "no-foreign-basis"
        case .foreignBasisCheckFailed: "foreign-basis-check-failed"
        case .foreignBasisCheckOverdue: "foreign-basis-check-overdue"
        case .countryNotCovered: "country-not-covered"
        case .certificationLapsed: "certification-lapsed"
        case .encryptionRequired: "encryption-required"
        case .provisionConsentNotInScope: "provision-consent-not-in-scope"
        case .provisionConsentNotRecorded: "provision-consent-not-recorded"
        case .jointUseNotAnnounced: "joint-use-not-announced"
        case .personalRelatedUnconfirmed: "personal-related-unconfirmed"
        case .unknownForm: "unknown-form"
        case .formNotPermitted: "not-permitted"
        case .notCollected: "not-collected"
        case .directIdentifier: "direct-identifier"
        case .specialCareNotPermitted: "special-care-not-permitted"
        case .specialCareWithoutConsent: "special-care-without-consent"
        case .paymentCredential: "payment-credential"
        default: ""
        }
    }

    public var english: String {
        switch self {
        case .noAgreementInForce(let contractor, let on):
            return "no agreement of contractor \(contractor) is in force on \(on)"
        case .purposeNotCovered(let contractor, let on, let purpose, let inForce):
            let listed = inForce.map { "\($0.id) v\($0.version) covers \($0.purposes.joined(separator: ", "))" }
            return "no agreement of contractor \(contractor) in force on \(on) covers purpose \(purpose) "
                + "(\(listed.joined(separator: "; ")))"
        case .pseudonymisedContact(let task):
            return "task \(task) is pseudonymised information (APPI Rule 31) but contacts the person"
        case .contractorStatus(let contractor, let status, let since):
            return "contractor \(contractor) is \(status.rawValue)" + (since.map { " since \($0)" } ?? "")
        case .noSelection(let contractor, let on):
            return "contractor \(contractor) has no passing selection evaluation on or before \(on) "
                + "(PPC guideline 3-4-4; consign contractor evaluate --kind selection)"
        case .evaluationFailed(let contractor, let kind, let on):
            return "the latest evaluation of contractor \(contractor) (\(kind.rawValue) on \(on)) failed"
        case .mixOrEnrichUnderEntrustment(let task, let agreement, let version):
            return "task \(task) lets the contractor mix or enrich the data, which makes it a third-party provision "
                + "(PPC Q&A 5-26-2, 7-42), but agreement \(agreement) v\(version) is an entrustment"
        case .pseudonymisedUnderProvision(let task, let agreement, let version):
            return "task \(task) is pseudonymised information, which goes to contractors under an entrustment only "
                + "(APPI Rule 31), but agreement \(agreement) v\(version) is a provision"
        case .noForeignBasis(let agreement, let version, let countries):
            return "agreement \(agreement) v\(version) sends data to \(countries.joined(separator: ", ")) but records no "
                + "basis for a transfer abroad (APPI Art. 28)"
        case .foreignBasisCheckFailed(let agreement, let version, let on):
            return "the yearly check of the contract basis of agreement \(agreement) v\(version) failed on \(on)"
        case .foreignBasisCheckOverdue(let agreement, let version, let last):
            return "the yearly check of the contract basis of agreement \(agreement) v\(version) is overdue (last "
                + (last.map { "on \($0)" } ?? "never") + "; consign contractor evaluate --kind foreign-basis)"
        case .countryNotCovered(let agreement, let version, let countries, let contractor, let profile, let gaps):
            return "agreement \(agreement) v\(version) (countries \(countries.joined(separator: " "))) does not cover where "
                + "contractor \(contractor) (profile v\(profile)) holds the data (APPI Art. 28; PPC Rules 16-18): "
                + gaps.map(\.english).joined(separator: "; ")
        case .certificationLapsed(let contractor, let lapse):
            return "contractor \(contractor) has \(lapse.english)"
        case .encryptionRequired(let agreement, let version):
            return "agreement \(agreement) v\(version) requires encrypted delivery: extract with --encrypt, to the contractor's "
                + "registered key (consign contractor key)"
        case .provisionConsentNotInScope(let task, let agreement, let version, let field):
            return "agreement \(agreement) v\(version) is a provision relying on each person's consent recorded in "
                + "\(field) (APPI Art. 27(1)), but task \(task) does not require that consent in its row scope "
                + "(add <consent field=\"\(field)\"/> to the task's row-scope)"
        case .provisionConsentNotRecorded(let field, let agreement, let version, let contractor):
            return "agreement \(agreement) v\(version) relies on the consent in catalog field \(field), which does not "
                + "record a consent to provision to \(contractor) (consent-to-provision in the catalog)"
        case .jointUseNotAnnounced(let agreement, let version, let announcedOn, let on):
            return "agreement \(agreement) v\(version) is joint use announced on \(announcedOn), after \(on): the items "
                + "must be announced before any data is shared (APPI Art. 27(5)(iii))"
        case .personalRelatedUnconfirmed(let field, let agreement, let version):
            return "\(field) is personal-related information the recipient may link to a person, and agreement "
                + "\(agreement) v\(version) does not record how the recipient obtains the person's consent "
                + "(APPI Art. 31; <personal-related-consent> in the agreement)"
        case .unknownForm(let fieldForm):
            return "\(fieldForm) is not in the catalog"
        case .formNotPermitted(let fieldForm, let agreement, let version):
            return "\(fieldForm) not permitted by agreement \(agreement) v\(version)"
        case .notCollected(let field, let purpose):
            return "\(field) not collected for purpose \(purpose)"
        case .directIdentifier(let fieldForm):
            return "\(fieldForm) is a direct identifier, which a pseudonymised task never sends (APPI Rule 31)"
        case .specialCareNotPermitted(let field, let agreement, let version):
            return "\(field) is of special care (APPI Art. 2(3)), and agreement \(agreement) v\(version) does not permit it as such "
                + "(<field ref=\"\(field)\" special-care=\"true\"/>)"
        case .paymentCredential(let fieldForm):
            return "\(fieldForm) is a payment credential, which a pseudonymised task never sends (PPC Rule 31(3))"
        case .specialCareWithoutConsent(let field, let task):
            return "\(field) is of special care and goes under a provision, which needs the person's explicit consent, but the row "
                + "scope of task \(task) requires none (APPI Art. 27(2))"
        case .planned(let task, let title, let contractor, let on):
            return "plan: task \(task) (\(title)) for contractor \(contractor) on \(on)"
        case .refused(let task, let title, let contractor, let on):
            return "REFUSED: task \(task) (\(title)) for contractor \(contractor) on \(on)"
        case .agreementLine(let agreement, let version, let relationship, let sha256):
            return "agreement \(agreement) v\(version) (\(relationship.rawValue), sha256 \(sha256.prefix(12))…)"
        case .purposeLine(let purpose):
            return "purpose \(purpose)"
        case .needBlocked(let need, let reason):
            return "need \(need) cannot be met (\(reason.hasSuffix(".") ? String(reason.dropLast()) : reason)):"
        case .option(let option):
            return "option \(option)"
        case .withheldHeading:
            return "withheld:"
        case .sends(let fields, let of, let cost, let permitted):
            return "sends \(fields) of \(of) catalog fields, cost \(cost) (the agreement would allow \(permitted))"
        case .column(let column):
            switch column {
            case .field: return "FIELD"
            case .form: return "FORM"
            case .weight: return "WEIGHT"
            case .needs: return "NEEDS"
            case .why: return "WHY"
            }
        }
    }

    public var japanese: String {
        switch self {
        case .noAgreementInForce(let contractor, let on):
            return "委託先 \(contractor) には \(on) に有効な契約がありません"
        case .purposeNotCovered(let contractor, let on, let purpose, let inForce):
            let listed = inForce.map { "\($0.id) 第 \($0.version) 版の対象は \($0.purposes.joined(separator: "、"))" }
            return "委託先 \(contractor) の \(on) に有効な契約のどれも、利用目的 \(purpose) を対象にしていません"
                + "（\(listed.joined(separator: "；"))）"
        case .pseudonymisedContact(let task):
            return "業務 \(task) は仮名加工情報（個人情報保護法施行規則 31 条）ですが、本人に連絡します"
        case .contractorStatus(let contractor, let status, let since):
            return "委託先 \(contractor) は" + (since.map { " \($0) から" } ?? "") + "\(Term.status(status).japanese)です"
        case .noSelection(let contractor, let on):
            return "委託先 \(contractor) には \(on) 以前に合格した選定時評価がありません"
                + "（個人情報保護委員会ガイドライン 3-4-4。consign contractor evaluate --kind selection で記録します）"
        case .evaluationFailed(let contractor, let kind, let on):
            return "委託先 \(contractor) の最新の評価（\(on) の\(Term.evaluation(kind).japanese)）は不合格です"
        case .mixOrEnrichUnderEntrustment(let task, let agreement, let version):
            return "業務 \(task) は委託先にデータの混合・付加を認めるため第三者提供にあたります（個人情報保護委員会 Q&A "
                + "5-26-2、7-42）が、契約 \(agreement) 第 \(version) 版は委託です"
        case .pseudonymisedUnderProvision(let task, let agreement, let version):
            return "業務 \(task) は仮名加工情報で、委託による提供に限られます（施行規則 31 条）が、契約 \(agreement) "
                + "第 \(version) 版は第三者提供です"
        case .noForeignBasis(let agreement, let version, let countries):
            return "契約 \(agreement) 第 \(version) 版は \(countries.joined(separator: "、")) にデータを送りますが、"
                + "外国への提供の根拠が記録されていません（個人情報保護法 28 条）"
        case .foreignBasisCheckFailed(let agreement, let version, let on):
            return "契約 \(agreement) 第 \(version) 版の契約による根拠の年次確認は \(on) に不合格でした"
        case .foreignBasisCheckOverdue(let agreement, let version, let last):
            return "契約 \(agreement) 第 \(version) 版の契約による根拠の年次確認が期限を過ぎています（前回："
                + (last.map { "\($0)" } ?? "なし") + "。consign contractor evaluate --kind foreign-basis で記録します）"
        case .countryNotCovered(let agreement, let version, let countries, let contractor, let profile, let gaps):
            return "契約 \(agreement) 第 \(version) 版（国：\(countries.joined(separator: "、"))）は、委託先 \(contractor)（プロファイル"
                + "第 \(profile) 版）がデータを扱う国を対象にしていません（個人情報保護法 28 条、施行規則 16〜18 条）："
                + gaps.map(\.japanese).joined(separator: "；")
        case .certificationLapsed(let contractor, let lapse):
            return "委託先 \(contractor) には\(lapse.japanese)"
        case .encryptionRequired(let agreement, let version):
            return "契約 \(agreement) 第 \(version) 版は暗号化した受け渡しを求めています。委託先の登録済みの鍵に宛てて "
                + "--encrypt で抽出してください（consign contractor key）"
        case .provisionConsentNotInScope(let task, let agreement, let version, let field):
            return "契約 \(agreement) 第 \(version) 版は \(field) に記録した本人の同意による第三者提供です（個人情報保護法 "
                + "27 条 1 項）が、業務 \(task) の行の範囲はその同意を求めていません（業務の row-scope に "
                + "<consent field=\"\(field)\"/> を加えてください）"
        case .provisionConsentNotRecorded(let field, let agreement, let version, let contractor):
            return "契約 \(agreement) 第 \(version) 版はカタログの項目 \(field) の同意によりますが、この項目は \(contractor) "
                + "への提供に対する同意を記録していません（カタログの consent-to-provision）"
        case .jointUseNotAnnounced(let agreement, let version, let announcedOn, let on):
            return "契約 \(agreement) 第 \(version) 版は共同利用ですが、公表日 \(announcedOn) は \(on) より後です：データを"
                + "共同で利用する前に事項を公表してください（個人情報保護法 27 条 5 項 3 号）"
        case .personalRelatedUnconfirmed(let field, let agreement, let version):
            return "\(field) は提供先が個人と結び付けうる個人関連情報ですが、契約 \(agreement) 第 \(version) 版には提供先が"
                + "本人の同意を得る方法が記録されていません（個人情報保護法 31 条。契約の <personal-related-consent>）"
        case .unknownForm(let fieldForm):
            return "\(fieldForm) はカタログにありません"
        case .formNotPermitted(let fieldForm, let agreement, let version):
            return "\(fieldForm) は契約 \(agreement) 第 \(version) 版で認められていません"
        case .notCollected(let field, let purpose):
            return "\(field) は利用目的 \(purpose) のために取得していません"
        case .directIdentifier(let fieldForm):
            return "\(fieldForm) は直接識別子で、仮名加工情報の業務では送りません（施行規則 31 条）"
        case .specialCareNotPermitted(let field, let agreement, let version):
            return "\(field) は要配慮個人情報（個人情報保護法 2 条 3 項）ですが、契約 \(agreement) 第 \(version) 版は要配慮個人情報として"
                + "認めていません（<field ref=\"\(field)\" special-care=\"true\"/>）"
        case .paymentCredential(let fieldForm):
            return "\(fieldForm) は決済に関わる情報で、仮名加工情報の業務では送りません（施行規則 31 条 3 号）"
        case .specialCareWithoutConsent(let field, let task):
            return "\(field) は要配慮個人情報で第三者提供されるため本人の明示の同意が必要ですが、業務 \(task) の行の範囲は同意を"
                + "求めていません（個人情報保護法 27 条 2 項）"
        case .planned(let task, let title, let contractor, let on):
            return "計画：業務 \(task)（\(title)）、委託先 \(contractor)、\(on)"
        case .refused(let task, let title, let contractor, let on):
            return "拒否：業務 \(task)（\(title)）、委託先 \(contractor)、\(on)"
        case .agreementLine(let agreement, let version, let relationship, let sha256):
            return "契約 \(agreement) 第 \(version) 版（\(Term.relationship(relationship).japanese)、sha256 \(sha256.prefix(12))…）"
        case .purposeLine(let purpose):
            return "利用目的 \(purpose)"
        case .needBlocked(let need, let reason):
            return "要件 \(need) を満たせません（\(reason)）："
        case .option(let option):
            return "選択肢 \(option)"
        case .withheldHeading:
            return "提供しない項目："
        case .sends(let fields, let of, let cost, let permitted):
            return "カタログの \(of) 項目のうち \(fields) 項目を送ります。コスト \(cost)（契約上は \(permitted) 項目まで可）"
        case .column(let column):
            switch column {
            case .field: return "項目"
            case .form: return "形式"
            case .weight: return "重み"
            case .needs: return "要件"
            case .why: return "理由"
            }
        }
    }
}

/// One place where a contractor holds the data that its agreement does not cover, as the planner, `check` and
/// the audit say it.
extension CountryGap: CatalogueEntry {
    public var english: String {
        let place =
            switch place {
            case .agreement: "the agreement's country"
            case .processing: "processing"
            case .storage: "storage"
            case .subContractor(let id): "sub-contractor \(id)"
            }
        return switch problem {
        case .notInAgreement: "\(place) in \(country) is not among the agreement's countries"
        case .outsideAdequacy:
            "\(place) \(country) is outside the EU/UK adequacy the agreement relies on (PPC Public Notice No. 1 of 2019: "
                + "the EEA and the UK)"
        }
    }

    public var japanese: String {
        let place =
            switch place {
            case .agreement: "契約の国"
            case .processing: "取扱い"
            case .storage: "保管"
            case .subContractor(let id): "再委託先 \(id)"
            }
        return switch problem {
        case .notInAgreement: "\(place)の国 \(country) は契約の国に含まれていません"
        case .outsideAdequacy:
            "\(place) \(country) は契約が根拠とする EU・英国の十分性認定（個人情報保護委員会告示平成 31 年第 1 号：EEA と英国）の"
                + "対象外です"
        }
    }
}

/// A certification required and not valid, as the planner and the audit say it after "contractor X has".
extension CertificationLapse: CatalogueEntry {
    public var english: String {
        let by =
            switch requiredBy {
            case .agreement(let id, let version): "agreement \(id) v\(version)"
            case .catalog: "the company's catalog"
            }
        let held = last.map { "its \($0.scheme) certification \($0.number) expired on \($0.expires)" } ?? "its profile lists none"
        return "no valid \(schemes.joined(separator: " or ")) certification on \(on), which \(by) requires (\(held))"
    }

    public var japanese: String {
        let by =
            switch requiredBy {
            case .agreement(let id, let version): "契約 \(id) 第 \(version) 版"
            case .catalog: "会社のカタログ"
            }
        let held = last.map { "\($0.scheme) の認証 \($0.number) は \($0.expires) に期限が切れています" } ?? "プロファイルに記載がありません"
        return " \(on) に有効な \(schemes.joined(separator: " または ")) の認証がありません。\(by)が求めています（\(held)）"
    }
}

extension WithholdingReason: CatalogueEntry {
    public var english: String {
        switch self {
        case .notNeeded: "not needed by the task"
        case .rowScopeOnly: "read only to choose the rows (row scope), never sent"
        case .notPermitted(let id, let version): "not permitted by agreement \(id) v\(version)"
        case .notCollected(let purpose): "not collected for purpose \(purpose)"
        case .directIdentifier: "a direct identifier, which pseudonymised information never includes"
        case .specialCareNotPermitted(let id, let version):
            "of special care (APPI Art. 2(3)), and agreement \(id) v\(version) does not permit it as such"
        case .paymentCredential: "a payment credential, which pseudonymised information never includes (PPC Rule 31(3))"
        case .personalRelatedUnconfirmed(let id, let version):
            "personal-related information, and agreement \(id) v\(version) does not record how the recipient obtains "
                + "the person's consent (APPI Art. 31)"
        case .cheaperOptionChosen: "needed only by options not chosen (the chosen ones cost less, or tie and win the tie-break)"
        }
    }

    public var japanese: String {
        switch self {
        case .notNeeded: "業務に不要"
        case .rowScopeOnly: "対象行を選ぶためだけに読み、送らない（行の範囲）"
        case .notPermitted(let id, let version): "契約 \(id) 第 \(version) 版で認められていない"
        case .notCollected(let purpose): "利用目的 \(purpose) のために取得していない"
        case .directIdentifier: "直接識別子で、仮名加工情報には含めない"
        case .specialCareNotPermitted(let id, let version): "要配慮個人情報で、契約 \(id) 第 \(version) 版は要配慮個人情報として認めていない"
        case .paymentCredential: "決済に関わる情報で、仮名加工情報には含めない（施行規則 31 条 3 号）"
        case .personalRelatedUnconfirmed(let id, let version):
            "個人関連情報で、契約 \(id) 第 \(version) 版には提供先が本人の同意を得る方法が記録されていない（個人情報保護法 31 条）"
        case .cheaperOptionChosen: "選ばなかった選択肢だけが使う（選んだ選択肢のほうがコストが低いか、同じで優先順位が上）"
        }
    }
}
