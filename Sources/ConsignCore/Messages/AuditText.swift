/// The audit's sentences: each finding's message (a transfer, a contractor or an agreement against the
/// rules, as of a date), the records a finding names, the rules it serves, the summary, and the coverage
/// matrix as `consign audit` prints them. Finding codes stay the same in every language: scripts read them.
public enum AuditText: CatalogueEntry {
    // Findings on one transfer: each names the transfer first.
    case noAgreementInForce(Transfer)
    case purposeNotCovered(Transfer, inForce: [Agreement])
    case evaluationFailed(Transfer, Evaluation.Kind, on: CalendarDate)
    case contractorStatus(Transfer, ContractorStatus)
    case deletionOverdue(Transfer)
    case fieldNotCollected(Transfer, forms: [FieldForm])
    case pseudonymisationBroken(Transfer, task: String, version: Int, [PseudonymisationBreak])
    case formNotPermitted(Transfer, forms: [FieldForm], agreement: Agreement)
    case specialCareNotPermitted(Transfer, fields: [String], agreement: Agreement)
    case mixOrEnrichUnderEntrustment(Transfer, task: String, version: Int, agreement: Agreement)
    case foreignTransferWithoutBasis(Transfer, countries: [String], ForeignBasisProblem)
    case countryNotCovered(Transfer, agreement: Agreement, profile: Int, [CountryGap])
    case certificationLapsed(Transfer, CertificationLapse)
    case subContractorNotApproved(Transfer, subContractor: String, SubContractorSource, agreement: Agreement)
    case stopUseNotHonoured(Transfer, subjects: [String])
    case subjectsNotRecorded(Transfer)
    case encryptionRequired(Transfer, agreement: Agreement)
    case passwordZIPChannel(Transfer)
    /// A provision whose task does not require, in its row scope, the consent the agreement relies on.
    case provisionWithoutConsent(Transfer, field: String, agreement: Agreement)
    /// A provision with no Art. 29 record in the register.
    case provisionNotRecorded(Transfer, agreement: Agreement)
    case disclosureWithoutReference(Transfer, ProvisionException)
    case personalRelatedUnconfirmed(Transfer, fields: [String], agreement: Agreement)
    case jointUseNotAnnounced(Transfer, agreement: Agreement, announcedOn: CalendarDate)
    // Findings on a person's request.
    case requestOverdue(SubjectRequest)
    case requestAnsweredLate(SubjectRequest, answeredOn: CalendarDate)
    /// A recipient told after the deadline (`toldOn`), or not at all (nil).
    case recipientNotNotified(SubjectRequest, contractor: String, deadline: CalendarDate, toldOn: CalendarDate?)
    case provisionNotStopped(Transfer, request: SubjectRequest)
    /// The forms sent beyond the minimum's, the cost of what was sent, the minimum's, and what it sends.
    case notMinimal(Transfer, beyond: [FieldForm], cost: Int, minimum: Int, sends: [FieldForm])
    // Findings on a contractor.
    case noSelectionEvaluation(firstTransfer: Transfer)
    case periodicEvaluationOverdue(contractor: String, last: CalendarDate, Evaluation.Kind)
    case foreignBasisCheckOverdue(contractor: String, ForeignBasisProblem)
    /// The contractor's last report (nil: none since its first transfer under the agreement, on `since`).
    case contractorReportOverdue(contractor: String, last: CalendarDate?, since: CalendarDate, agreement: Agreement, days: Int)
    // Findings on an incident.
    case incidentNoticeLate(incident: String, contractor: String, hours: Double, agreement: Agreement, allowed: Int)
    /// A report made after its due date (`made`), or not made by it (nil).
    case incidentReportOverdue(incident: String, IncidentReport.Stage, due: CalendarDate, made: CalendarDate?, people: Int)
    case certificationExpiring(contractor: String, profile: Int, Certification, days: Int)
    case certificationExpired(contractor: String, profile: Int, Certification)
    // Findings on an agreement.
    case clauseMissing(Agreement, subjects: [String])
    /// Signed after it took effect, or (with the transfer) after the first transfer made under it.
    case agreementSignedLate(Agreement, firstTransfer: Transfer?)
    case agreementExpiring(Agreement, last: CalendarDate, days: Int, next: Agreement?)
    case agreementExpired(Agreement, next: Agreement?, AfterExpiry)
    // Findings on the register itself.
    case ledgerBroken(String)
    case documentMissing(schema: String, sha256: String)
    // The report, for people.
    case summary(asOf: CalendarDate, errors: Int, warnings: Int, transfers: Int, contractors: Int, agreements: Int, events: Int)
    case findingLine(severity: Sentence, code: String, message: String)
    case ruleLine(String)
    case recordsLine([String])
    case coverageHeading(asOf: CalendarDate)
    case coverageWritten(asOf: CalendarDate, to: String)

    public static let error = Sentence("error", "エラー")
    public static let warning = Sentence("warning", "警告")
    /// The headings of the findings' CSV, in order.
    public static let csvColumns = [
        Sentence("severity", "重大度"), Sentence("code", "コード"), Sentence("rule", "根拠"), Sentence("message", "内容"),
        Sentence("records", "記録"),
    ]
    /// The headings of the coverage matrix's table (the categories follow them, as the catalog names them).
    public static let contractorColumn = Sentence("CONTRACTOR", "委託先")
    public static let agreementsInForceColumn = Sentence("AGREEMENTS IN FORCE", "有効な契約")
    /// A contractor without an agreement in force.
    public static let noAgreements = Sentence("none", "なし")
    public static let coverageFormat = Sentence(
        "consign audit coverage --format takes text or json", "consign audit coverage の --format には text または json を指定してください")
    public static let coverageLegend = Sentence(
        "legend: \"P S\" permitted and sent; \"P ·\" permitted, never sent; \"! S\" something sent that no agreement in "
            + "force permits; \"·\" neither",
        "凡例：「P S」契約で認められ、提供済み；「P ·」契約で認められ、未提供；「! S」有効な契約が認めていないものを"
            + "提供済み；「·」どちらでもない")

    /// What broke a pseudonymised task's rules.
    public enum PseudonymisationBreak: Sendable {
        case relationship(Agreement.Relationship)
        case directIdentifiers([FieldForm])
        case paymentCredentials([FieldForm])
        case contactsPerson
    }

    /// Where the audit learnt that a sub-contractor receives a transfer's data.
    public enum SubContractorSource: Sendable {
        case namedOnTransfer
        case declaredInProfile(version: Int)
    }

    /// What became of the transfers made under an agreement that has ended.
    public enum AfterExpiry: Sendable {
        case noTransfers
        case allConfirmed
        /// The transfers not yet confirmed deleted or returned, and how many of them are past their due date.
        case open([Transfer], overdue: Int)
    }

    /// Why an agreement gives no valid basis for data abroad on a date (APPI Art. 28).
    public enum ForeignBasisProblem: CatalogueEntry {
        case missing(Agreement)
        case checkFailed(Agreement, on: CalendarDate)
        case neverChecked(Agreement)
        case checkOverdue(Agreement, last: CalendarDate)

        public var english: String {
            switch self {
            case .missing(let a): "\(AuditText.name(a, .en)) records no basis for a transfer abroad"
            case .checkFailed(let a, let on): "the check of the contract basis of \(AuditText.name(a, .en)) on \(on) failed"
            case .neverChecked(let a):
                "the contract basis of \(AuditText.name(a, .en)) was never checked (consign contractor evaluate --kind foreign-basis)"
            case .checkOverdue(let a, let last):
                "the yearly check of the contract basis of \(AuditText.name(a, .en)) was overdue (last on \(last))"
            }
        }

        public var japanese: String {
            switch self {
            case .missing(let a): "\(AuditText.name(a, .ja))には外国への提供の根拠が記録されていません"
            case .checkFailed(let a, let on): "\(AuditText.name(a, .ja))の契約による根拠の確認は \(on) に不合格でした"
            case .neverChecked(let a):
                "\(AuditText.name(a, .ja))の契約による根拠は一度も確認されていません（consign contractor evaluate --kind "
                    + "foreign-basis で記録します）"
            case .checkOverdue(let a, let last):
                "\(AuditText.name(a, .ja))の契約による根拠の年次確認が期限を過ぎていました（前回：\(last)）"
            }
        }
    }

    /// How a finding names a record it involves.
    public enum Record: CatalogueEntry, Equatable {
        case transfer(String)
        case contractor(String)
        case agreement(String, version: Int)
        case event(Int)
        case subContractor(String)
        case subject(String)
        case incident(String)
        case request(String)

        public var english: String {
            switch self {
            case .transfer(let id): "transfer \(id)"
            case .contractor(let id): "contractor \(id)"
            case .agreement(let id, let version): "agreement \(id) v\(version)"
            case .event(let sequence): "event \(sequence)"
            case .subContractor(let id): "sub-contractor \(id)"
            case .subject(let hash): "subject \(hash)"
            case .incident(let id): "incident \(id)"
            case .request(let id): "request \(id)"
            }
        }

        public var japanese: String {
            switch self {
            case .transfer(let id): "提供 \(id)"
            case .contractor(let id): "委託先 \(id)"
            case .agreement(let id, let version): "契約 \(id) 第 \(version) 版"
            case .event(let sequence): "イベント \(sequence)"
            case .subContractor(let id): "再委託先 \(id)"
            case .subject(let hash): "本人 \(hash)"
            case .incident(let id): "インシデント \(id)"
            case .request(let id): "請求 \(id)"
            }
        }
    }

    /// An agreement version as a finding names it: "agreement AG-1 v2".
    static func name(_ agreement: Agreement, _ language: Language) -> String {
        switch language {
        case .en: "agreement \(agreement.id) v\(agreement.version)"
        case .ja: "契約 \(agreement.id) 第 \(agreement.version) 版"
        }
    }

    /// The transfer a finding is about, as its message begins.
    private static func subject(_ t: Transfer, _ language: Language) -> String {
        switch language {
        case .en: "transfer \(t.id) to \(t.contractor) on \(t.on) (task \(t.task.id), purpose \(t.purpose))"
        case .ja: "委託先 \(t.contractor) への \(t.on) の提供 \(t.id)（業務 \(t.task.id)、利用目的 \(t.purpose)）"
        }
    }

    public var english: String {
        func subject(_ t: Transfer) -> String { AuditText.subject(t, .en) }
        func name(_ a: Agreement) -> String { AuditText.name(a, .en) }
        func listed(_ forms: [FieldForm]) -> String { forms.map(\.description).joined(separator: ", ") }
        switch self {
        case .noAgreementInForce(let t):
            return "\(subject(t)): no agreement of the contractor was in force"
        case .purposeNotCovered(let t, let inForce):
            let listed = inForce.map { "\($0.id) v\($0.version) covers \($0.purposes.joined(separator: ", "))" }
            return "\(subject(t)): no agreement in force covered the purpose (\(listed.joined(separator: "; ")))"
        case .evaluationFailed(let t, let kind, let on):
            return "\(subject(t)): the contractor's latest evaluation before it (\(kind.rawValue) on \(on)) failed"
        case .contractorStatus(let t, let status):
            return "\(subject(t)): the contractor was \(status.rawValue)"
        case .deletionOverdue(let t):
            return "\(subject(t)): its data was due for deletion or return by \(t.retentionDue), and no certificate "
                + "is recorded (consign transfer confirm-deletion \(t.id) --certificate FILE)"
        case .fieldNotCollected(let t, let forms):
            return "\(subject(t)): sent \(listed(forms)), not collected for purpose \(t.purpose) "
                + "(catalog \(t.catalog.id) v\(t.catalog.version))"
        case .pseudonymisationBroken(let t, let task, let version, let breaks):
            let broken = breaks.map { item in
                switch item {
                case .relationship(let relationship): "it went under a \(relationship.rawValue)"
                case .directIdentifiers(let forms): "it sent the direct identifier(s) \(listed(forms))"
                case .paymentCredentials(let forms): "it sent the payment credential(s) \(listed(forms)) (PPC Rule 31(3))"
                case .contactsPerson: "the task contacts the person"
                }
            }
            return "\(subject(t)): task \(task) v\(version) is pseudonymised information, but " + broken.joined(separator: "; ")
        case .formNotPermitted(let t, let forms, let agreement):
            return "\(subject(t)): sent \(listed(forms)), which \(name(agreement)) does not permit"
        case .specialCareNotPermitted(let t, let fields, let agreement):
            return "\(subject(t)): sent \(fields.joined(separator: ", ")), of special care (APPI Art. 2(3)), which "
                + "\(name(agreement)) does not permit as such"
        case .mixOrEnrichUnderEntrustment(let t, let task, let version, let agreement):
            return "\(subject(t)): task \(task) v\(version) lets the contractor mix or enrich the data, which is a "
                + "third-party provision, but \(name(agreement)) is an entrustment"
        case .foreignTransferWithoutBasis(let t, let countries, let problem):
            return "\(subject(t)): data went to \(countries.joined(separator: ", ")) but \(problem.english)"
        case .certificationLapsed(let t, let lapse):
            return "\(subject(t)): the contractor had \(lapse.english)"
        case .countryNotCovered(let t, let agreement, let profile, let gaps):
            return "\(subject(t)): \(name(agreement)) (countries \(agreement.countries.joined(separator: " "))) did not cover where "
                + "the contractor held the data (profile v\(profile)): " + gaps.map(\.english).joined(separator: "; ")
        case .subContractorNotApproved(let t, let sub, let source, let agreement):
            let named =
                switch source {
                case .namedOnTransfer: "named on the transfer"
                case .declaredInProfile(let version): "declared in profile v\(version)"
                }
            return "\(subject(t)): sub-contractor \(sub) (\(named)) is not approved by \(name(agreement)) for purpose "
                + "\(t.purpose) on that date"
        case .notMinimal(let t, let beyond, let cost, let minimum, let sends):
            return "\(subject(t)): sent \(listed(beyond)) beyond the minimum necessary: what it sent costs \(cost), the "
                + "minimum for its task \(minimum) (+\(cost - minimum)), sending \(listed(sends))"
        case .encryptionRequired(let t, let agreement):
            return "\(subject(t)): \(name(agreement)) requires encrypted delivery, but its files were not encrypted by consign to "
                + "the contractor's registered key"
        case .passwordZIPChannel(let t):
            return "\(subject(t)): sent as a password ZIP with the password by the same route, which protects nothing; "
                + "encrypt to the contractor's key instead (consign contractor key, consign extract --encrypt)"
        case .provisionWithoutConsent(let t, let field, let agreement):
            return "\(subject(t)): a provision under \(name(agreement)), which relies on each person's consent in \(field), but its "
                + "task did not require that consent in its row scope, so people who did not consent may have been provided"
        case .provisionNotRecorded(let t, let agreement):
            return "\(subject(t)): a provision under \(name(agreement)) without its record in the register (APPI Art. 29)"
        case .disclosureWithoutReference(let t, let exception):
            return "\(subject(t)): a disclosure without consent under APPI Art. 27(1)(\(exception.item)) recorded without its "
                + "legal reference (consign transfer record --legal-reference)"
        case .personalRelatedUnconfirmed(let t, let fields, let agreement):
            return "\(subject(t)): sent personal-related information (\(fields.joined(separator: ", "))) under \(name(agreement)), "
                + "which does not record how the recipient obtains the person's consent"
        case .jointUseNotAnnounced(let t, let agreement, let announcedOn):
            return "\(subject(t)): joint use under \(name(agreement)) before its items were announced on \(announcedOn)"
        case .requestOverdue(let r):
            return "request \(r.id) (\(r.kind.rawValue)) received on \(r.received) is not answered, and was due by \(r.due)"
        case .requestAnsweredLate(let r, let on):
            return "request \(r.id) (\(r.kind.rawValue)) received on \(r.received) was answered on \(on), after its due date \(r.due)"
        case .recipientNotNotified(let r, let contractor, let deadline, let toldOn):
            return "\(contractor) received data that request \(r.id) (\(r.kind.rawValue), received on \(r.received)) concerns, and "
                + (toldOn.map { "was told only on \($0), after \(deadline)" } ?? "was not told of it by \(deadline)")
                + " (consign subject notified)"
        case .provisionNotStopped(let t, let request):
            return "\(subject(t)): provided the data of a person who asked on \(request.received) (request \(request.id)) that it no "
                + "longer be provided to third parties"
        case .subjectsNotRecorded(let t):
            return "\(subject(t)): recorded by hand without its subjects (consign transfer record --subjects FILE), so "
                + "subject show and the stop-use check cannot see the \(t.rows) row(s) it sent"
        case .stopUseNotHonoured(let t, let subjects):
            return "transfer \(t.id) to \(t.contractor) on \(t.on) included \(subjects.count) subject(s) on the stop-use "
                + "list at that time: \(subjects.joined(separator: ", "))"
        case .noSelectionEvaluation(let t):
            return "contractor \(t.contractor) received its first transfer (\(t.id)) on \(t.on) without a passing selection "
                + "evaluation on or before that date"
        case .periodicEvaluationOverdue(let contractor, let last, let kind):
            return "contractor \(contractor) was last evaluated on \(last) (\(kind.rawValue)); a periodic "
                + "evaluation is overdue (consign contractor evaluate \(contractor) --kind periodic)"
        case .foreignBasisCheckOverdue(let contractor, let problem):
            return "contractor \(contractor): \(problem.english)"
        case .contractorReportOverdue(let contractor, let last, let since, let agreement, let days):
            return "contractor \(contractor) owes a report: \(name(agreement)) asks for one every \(days) days, and "
                + (last.map { "the last was received on \($0)" } ?? "none was received since its first transfer under it on \(since)")
                + " (consign contractor report \(contractor) --evidence FILE)"
        case .incidentNoticeLate(let incident, let contractor, let hours, let agreement, let allowed):
            return "incident \(incident): contractor \(contractor) told the company \(IncidentText.hours(hours)) hours after "
                + "discovering it; \(name(agreement)) allows \(allowed)"
        case .incidentReportOverdue(let incident, let stage, let due, let made, let people):
            return "incident \(incident) (\(people) people affected) must be reported to the PPC: its \(stage.rawValue) report "
                + (made.map { "was made on \($0), after it was due on \(due)" } ?? "was due on \(due) and is not recorded "
                    + "(consign incident report \(incident) --stage \(stage.rawValue))")
        case .certificationExpiring(let contractor, let profile, let c, let days):
            return "the \(c.scheme) certification \(c.number) of contractor \(contractor) (profile v\(profile)) expires on "
                + "\(c.expires), in \(days) day(s): register a profile version with the renewed one"
        case .certificationExpired(let contractor, let profile, let c):
            return "the \(c.scheme) certification \(c.number) of contractor \(contractor) (profile v\(profile)) expired on "
                + "\(c.expires), and no later one of the scheme is registered"
        case .agreementSignedLate(let a, let first):
            return "\(name(a)) (\(a.contractor)) was signed on \(a.signed), after "
                + (first.map { "its first transfer \($0.id) on \($0.on)" } ?? "it took effect on \(a.effectiveFrom)")
        case .clauseMissing(let a, let subjects):
            return "agreement \(a.id) v\(a.version) (\(a.contractor)) lacks clause "
                + a.clauses.missing.map { "\($0))" }.joined(separator: ", ") + " of JIS Q 15001 A.3.4.3.4: "
                + subjects.joined(separator: "; ")
        case .agreementExpiring(let a, let last, let days, let next):
            return "agreement \(a.id) v\(a.version) (\(a.contractor)) ends on \(last), in \(days) day(s); "
                + (next.map {
                    "its next version (v\($0.version)) takes effect only on \($0.effectiveFrom), leaving no agreement in force in between"
                } ?? "renew it or plan the return or deletion of the data")
        case .agreementExpired(let a, let next, let after):
            var message = "agreement \(a.id) (\(a.contractor)) expired on \(a.effectiveTo) (v\(a.version))"
            if let next { message += "; its next version (v\(next.version)) takes effect only on \(next.effectiveFrom)" }
            switch after {
            case .noTransfers:
                message += "; no transfer was made under it"
            case .allConfirmed:
                message += "; every transfer under it is confirmed deleted or returned"
            case .open(let open, let overdue):
                message += "; transfers not yet confirmed deleted or returned: "
                    + open.map { "\($0.id) (due \($0.retentionDue))" }.joined(separator: ", ")
                if overdue > 0 { message += "; \(overdue) past the due date" }
            }
            return message
        case .ledgerBroken(let broken):
            return "the ledger chain is broken: \(broken)"
        case .documentMissing(let schema, let sha256):
            return "the register has no bytes for the \(schema) with sha256 \(sha256)"
        case .summary(let asOf, let errors, let warnings, let transfers, let contractors, let agreements, let events):
            return "audit as of \(asOf): \(errors) error(s), \(warnings) warning(s); checked \(thousands(transfers)) transfer(s), "
                + "\(contractors) contractor(s), \(agreements) agreement(s), ledger of \(thousands(events)) event(s)"
        case .findingLine(let severity, let code, let message):
            return "\(severity.english): [\(code)] \(message)"
        case .ruleLine(let rule):
            return "  rule: \(rule)"
        case .recordsLine(let records):
            return "  records: \(records.joined(separator: ", "))"
        case .coverageHeading(let asOf):
            return "coverage as of \(asOf): contractors × data categories"
        case .coverageWritten(let asOf, let file):
            return "coverage as of \(asOf); written to \(file)"
        }
    }

    public var japanese: String {
        func subject(_ t: Transfer) -> String { AuditText.subject(t, .ja) }
        func name(_ a: Agreement) -> String { AuditText.name(a, .ja) }
        func listed(_ forms: [FieldForm]) -> String { forms.map(\.description).joined(separator: "、") }
        switch self {
        case .noAgreementInForce(let t):
            return "\(subject(t))：委託先の契約がどれも有効ではありませんでした"
        case .purposeNotCovered(let t, let inForce):
            let listed = inForce.map { "\($0.id) 第 \($0.version) 版の対象は \($0.purposes.joined(separator: "、"))" }
            return "\(subject(t))：有効な契約のどれも、その利用目的を対象にしていませんでした（\(listed.joined(separator: "；"))）"
        case .evaluationFailed(let t, let kind, let on):
            return "\(subject(t))：それ以前の委託先の最新の評価（\(on) の\(Term.evaluation(kind).japanese)）は不合格でした"
        case .contractorStatus(let t, let status):
            return "\(subject(t))：委託先は\(Term.status(status).japanese)の状態でした"
        case .deletionOverdue(let t):
            return "\(subject(t))：データの削除・返却の期限は \(t.retentionDue) でしたが、削除証明書が記録されていません"
                + "（consign transfer confirm-deletion \(t.id) --certificate FILE で記録します）"
        case .fieldNotCollected(let t, let forms):
            return "\(subject(t))：\(listed(forms)) を送りましたが、利用目的 \(t.purpose) のために取得していません"
                + "（カタログ \(t.catalog.id) 第 \(t.catalog.version) 版）"
        case .pseudonymisationBroken(let t, let task, let version, let breaks):
            let broken = breaks.map { item in
                switch item {
                case .relationship(let relationship): "\(Term.relationship(relationship).japanese)の形で送られました"
                case .directIdentifiers(let forms): "直接識別子 \(listed(forms)) を送りました"
                case .paymentCredentials(let forms): "決済に関わる情報 \(listed(forms)) を送りました（施行規則 31 条 3 号）"
                case .contactsPerson: "業務が本人に連絡します"
                }
            }
            return "\(subject(t))：業務 \(task) 第 \(version) 版は仮名加工情報ですが、" + broken.joined(separator: "；")
        case .formNotPermitted(let t, let forms, let agreement):
            return "\(subject(t))：\(listed(forms)) を送りましたが、\(name(agreement))はこれを認めていません"
        case .specialCareNotPermitted(let t, let fields, let agreement):
            return "\(subject(t))：要配慮個人情報（個人情報保護法 2 条 3 項）\(fields.joined(separator: "、")) を送りましたが、"
                + "\(name(agreement))は要配慮個人情報として認めていません"
        case .mixOrEnrichUnderEntrustment(let t, let task, let version, let agreement):
            return "\(subject(t))：業務 \(task) 第 \(version) 版は委託先にデータの混合・付加を認めるため第三者提供にあたりますが、"
                + "\(name(agreement))は委託です"
        case .foreignTransferWithoutBasis(let t, let countries, let problem):
            return "\(subject(t))：\(countries.joined(separator: "、")) にデータを送りましたが、\(problem.japanese)"
        case .certificationLapsed(let t, let lapse):
            return "\(subject(t))：委託先には\(lapse.japanese)"
        case .countryNotCovered(let t, let agreement, let profile, let gaps):
            return "\(subject(t))：\(name(agreement))（国：\(agreement.countries.joined(separator: "、"))）は、委託先がデータを扱う"
                + "国（プロファイル第 \(profile) 版）を対象にしていませんでした：" + gaps.map(\.japanese).joined(separator: "；")
        case .subContractorNotApproved(let t, let sub, let source, let agreement):
            let named =
                switch source {
                case .namedOnTransfer: "提供で指定"
                case .declaredInProfile(let version): "プロファイル第 \(version) 版で申告"
                }
            return "\(subject(t))：再委託先 \(sub)（\(named)）は、その日に\(name(agreement))で利用目的 \(t.purpose) について"
                + "承認されていません"
        case .notMinimal(let t, let beyond, let cost, let minimum, let sends):
            return "\(subject(t))：必要最小限を超えて \(listed(beyond)) を送りました。送った項目のコストは \(cost)、業務の"
                + "最小は \(minimum)（+\(cost - minimum)）で、\(listed(sends)) を送ります"
        case .encryptionRequired(let t, let agreement):
            return "\(subject(t))：\(name(agreement))は暗号化した受け渡しを求めていますが、ファイルは consign で委託先の登録済みの"
                + "鍵に宛てて暗号化されていません"
        case .passwordZIPChannel(let t):
            return "\(subject(t))：パスワードを同じ経路で送るパスワード付き ZIP で送られましたが、これは何も守りません。代わりに"
                + "委託先の鍵に宛てて暗号化してください（consign contractor key、consign extract --encrypt）"
        case .provisionWithoutConsent(let t, let field, let agreement):
            return "\(subject(t))：\(name(agreement))による第三者提供で、\(field) に記録した本人の同意によりますが、業務の行の範囲が"
                + "その同意を求めていなかったため、同意していない人のデータも提供された可能性があります"
        case .provisionNotRecorded(let t, let agreement):
            return "\(subject(t))：\(name(agreement))による第三者提供ですが、台帳に提供の記録がありません（個人情報保護法 29 条）"
        case .disclosureWithoutReference(let t, let exception):
            return "\(subject(t))：個人情報保護法 27 条 1 項（\(exception.rawValue)）による本人の同意によらない提供ですが、"
                + "法令等の根拠が記録されていません（consign transfer record --legal-reference）"
        case .personalRelatedUnconfirmed(let t, let fields, let agreement):
            return "\(subject(t))：\(name(agreement))により個人関連情報（\(fields.joined(separator: "、"))）を送りましたが、"
                + "契約には提供先が本人の同意を得る方法が記録されていません"
        case .jointUseNotAnnounced(let t, let agreement, let announcedOn):
            return "\(subject(t))：\(name(agreement))による共同利用ですが、事項の公表日 \(announcedOn) より前です"
        case .requestOverdue(let r):
            return "\(r.received) に受け付けた請求 \(r.id)（\(r.kind.rawValue)）に回答していません。回答期限は \(r.due) でした"
        case .requestAnsweredLate(let r, let on):
            return "\(r.received) に受け付けた請求 \(r.id)（\(r.kind.rawValue)）への回答は \(on) で、回答期限 \(r.due) を過ぎていました"
        case .recipientNotNotified(let r, let contractor, let deadline, let toldOn):
            return "\(contractor) は請求 \(r.id)（\(r.kind.rawValue)、\(r.received) 受付）の対象のデータを受け取っていますが、"
                + (toldOn.map { "通知は \($0) で、期限 \(deadline) を過ぎていました" } ?? "\(deadline) までに通知されていません")
                + "（consign subject notified）"
        case .provisionNotStopped(let t, let request):
            return "\(subject(t))：\(request.received) に第三者提供の停止を請求した本人（請求 \(request.id)）のデータを提供しました"
        case .subjectsNotRecorded(let t):
            return "\(subject(t))：本人を記録せずに手入力で記録されたため（consign transfer record --subjects FILE）、送った "
                + "\(t.rows) 行は subject show と利用停止の確認の対象になりません"
        case .stopUseNotHonoured(let t, let subjects):
            return "委託先 \(t.contractor) への \(t.on) の提供 \(t.id) に、その時点で利用停止リストにあった本人 "
                + "\(subjects.count) 人が含まれていました：\(subjects.joined(separator: "、"))"
        case .noSelectionEvaluation(let t):
            return "委託先 \(t.contractor) は \(t.on) に最初の提供（\(t.id)）を受けましたが、その日以前に合格した選定時評価が"
                + "ありません"
        case .periodicEvaluationOverdue(let contractor, let last, let kind):
            return "委託先 \(contractor) の最後の評価は \(last)（\(Term.evaluation(kind).japanese)）です。定期評価の期限を"
                + "過ぎています（consign contractor evaluate \(contractor) --kind periodic で記録します）"
        case .foreignBasisCheckOverdue(let contractor, let problem):
            return "委託先 \(contractor)：\(problem.japanese)"
        case .contractorReportOverdue(let contractor, let last, let since, let agreement, let days):
            return "委託先 \(contractor) の報告が期限を過ぎています：\(name(agreement))は \(days) 日ごとの報告を求めていますが、"
                + (last.map { "最後の受領は \($0) です" } ?? "その契約での最初の提供（\(since)）以降、受領していません")
                + "（consign contractor report \(contractor) --evidence FILE で記録します）"
        case .incidentNoticeLate(let incident, let contractor, let hours, let agreement, let allowed):
            return "インシデント \(incident)：委託先 \(contractor) は発見から \(IncidentText.hours(hours)) 時間後に通知しましたが、"
                + "\(name(agreement))の期限は \(allowed) 時間です"
        case .incidentReportOverdue(let incident, let stage, let due, let made, let people):
            let word = IncidentText.japanese(stage)
            return "インシデント \(incident)（影響を受けた本人 \(people) 人）は個人情報保護委員会への報告が必要です：\(word)は"
                + (made.map { "期限 \(due) を過ぎた \($0) に報告されました" } ?? "期限 \(due) までに記録されていません"
                    + "（consign incident report \(incident) --stage \(stage.rawValue) で記録します）")
        case .certificationExpiring(let contractor, let profile, let c, let days):
            return "委託先 \(contractor)（プロファイル第 \(profile) 版）の \(c.scheme) の認証 \(c.number) は \(c.expires) に期限が"
                + "切れます（あと \(days) 日）。更新後の認証を載せたプロファイルの版を登録してください"
        case .certificationExpired(let contractor, let profile, let c):
            return "委託先 \(contractor)（プロファイル第 \(profile) 版）の \(c.scheme) の認証 \(c.number) は \(c.expires) に期限が"
                + "切れ、同じ制度の新しい認証は登録されていません"
        case .agreementSignedLate(let a, let first):
            return "\(name(a))（\(a.contractor)）は \(a.signed) に締結されており、"
                + (first.map { "最初の提供 \($0.id)（\($0.on)）より後です" } ?? "効力発生日 \(a.effectiveFrom) より後です")
        case .clauseMissing(let a, let subjects):
            return "契約 \(a.id) 第 \(a.version) 版（\(a.contractor)）には JIS Q 15001 A.3.4.3.4 の条項 "
                + a.clauses.missing.map { "\($0))" }.joined(separator: "、") + " がありません："
                + subjects.joined(separator: "；")
        case .agreementExpiring(let a, let last, let days, let next):
            return "契約 \(a.id) 第 \(a.version) 版（\(a.contractor)）は \(last) に終了します（あと \(days) 日）。"
                + (next.map { "次の版（第 \($0.version) 版）は \($0.effectiveFrom) からしか有効にならず、その間は有効な契約がありません" }
                    ?? "更新するか、データの削除・返却を計画してください")
        case .agreementExpired(let a, let next, let after):
            var message = "契約 \(a.id)（\(a.contractor)）は \(a.effectiveTo) に終了しました（第 \(a.version) 版）"
            if let next { message += "。次の版（第 \(next.version) 版）は \(next.effectiveFrom) からしか有効になりません" }
            switch after {
            case .noTransfers:
                message += "。この契約による提供はありません"
            case .allConfirmed:
                message += "。この契約による提供は、すべて削除・返却が確認されています"
            case .open(let open, let overdue):
                message += "。削除・返却が確認されていない提供："
                    + open.map { "\($0.id)（期限 \($0.retentionDue)）" }.joined(separator: "、")
                if overdue > 0 { message += "。うち \(overdue) 件は期限を過ぎています" }
            }
            return message
        case .ledgerBroken(let broken):
            return "台帳のチェーンが壊れています：\(broken)"
        case .documentMissing(let schema, let sha256):
            return "台帳に sha256 \(sha256) の \(schema) のバイト列がありません"
        case .summary(let asOf, let errors, let warnings, let transfers, let contractors, let agreements, let events):
            return "\(asOf) 時点の監査：エラー \(errors) 件、警告 \(warnings) 件。提供 \(thousands(transfers)) 件、"
                + "委託先 \(contractors) 件、契約 \(agreements) 件、台帳のイベント \(thousands(events)) 件を確認しました"
        case .findingLine(let severity, let code, let message):
            return "\(severity.japanese)：[\(code)] \(message)"
        case .ruleLine(let rule):
            return "  根拠：\(rule)"
        case .recordsLine(let records):
            return "  記録：\(records.joined(separator: "、"))"
        case .coverageHeading(let asOf):
            return "\(asOf) 時点の提供範囲：委託先 × データ区分"
        case .coverageWritten(let asOf, let file):
            return "\(asOf) 時点の提供範囲。\(file) に書き出しました"
        }
    }
}
