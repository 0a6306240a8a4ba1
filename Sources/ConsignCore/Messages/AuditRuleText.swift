/// The audit's rules: the law, guideline or standard each finding serves, beside the findings' sentences
/// (`AuditText`) that name them.
extension AuditText {
    /// The law, guideline or standard each check serves, by finding code.
    public enum Rule {
        public static let noAgreementInForce = Sentence(
            "APPI Art. 25 / PPC guideline 3-4-4 (2); JIS Q 15001 A.3.4.3.4",
            "個人情報保護法 25 条／個人情報保護委員会ガイドライン 3-4-4 (2)；JIS Q 15001 A.3.4.3.4")
        public static let purposeNotCovered = Sentence(
            "APPI Art. 18, 25 / PPC guideline 3-4-4 (2); JIS Q 15001 A.3.4.3.4",
            "個人情報保護法 18 条、25 条／個人情報保護委員会ガイドライン 3-4-4 (2)；JIS Q 15001 A.3.4.3.4")
        public static let formNotPermitted = Sentence(
            "APPI Art. 25 / PPC guideline 3-4-4 (2); JIS Q 15001 A.3.4.3.4 b)",
            "個人情報保護法 25 条／個人情報保護委員会ガイドライン 3-4-4 (2)；JIS Q 15001 A.3.4.3.4 b)")
        public static let specialCareNotPermitted = Sentence(
            "APPI Arts. 2(3), 25 / PPC guideline 3-4-4 (special-care data only where the agreement names it)",
            "個人情報保護法 2 条 3 項、25 条／個人情報保護委員会ガイドライン 3-4-4（要配慮個人情報は契約で明示した場合のみ）")
        public static let fieldNotCollectedForPurpose = Sentence(
            "APPI Art. 17, 18 (use within the purpose of collection)",
            "個人情報保護法 17 条、18 条（利用目的の範囲内での利用）")
        public static let pseudonymisationBroken = Sentence(
            "APPI Art. 41 / PPC Rule 31 (pseudonymised information)",
            "個人情報保護法 41 条／個人情報保護法施行規則 31 条（仮名加工情報）")
        public static let contractorStatus = Sentence(
            "APPI Art. 25 / PPC guideline 3-4-4 (3)",
            "個人情報保護法 25 条／個人情報保護委員会ガイドライン 3-4-4 (3)")
        public static let noSelectionEvaluation = Sentence(
            "PPC guideline 3-4-4 (1); JIS Q 15001 A.3.4.3.4",
            "個人情報保護委員会ガイドライン 3-4-4 (1)；JIS Q 15001 A.3.4.3.4")
        public static let evaluationFailed = Sentence(
            "PPC guideline 3-4-4 (1), (3); JIS Q 15001 A.3.4.3.4",
            "個人情報保護委員会ガイドライン 3-4-4 (1)、(3)；JIS Q 15001 A.3.4.3.4")
        public static let periodicEvaluationOverdue = Sentence(
            "PPC guideline 3-4-4 (3); JIS Q 15001 A.3.4.3.4 (periodic re-evaluation)",
            "個人情報保護委員会ガイドライン 3-4-4 (3)；JIS Q 15001 A.3.4.3.4（定期的な再評価）")
        public static let foreignBasisCheckOverdue = Sentence(
            "APPI Art. 28(3) / PPC Rule 18 (yearly check of the foreign contractor)",
            "個人情報保護法 28 条 3 項／個人情報保護法施行規則 18 条（外国の委託先の年次確認）")
        public static let foreignTransferWithoutBasis = Sentence("APPI Art. 28", "個人情報保護法 28 条")
        public static let certification = Sentence(
            "PPC guideline 3-4-4 (1) (selection criteria); JIS Q 15001 A.3.4.3.4",
            "個人情報保護委員会ガイドライン 3-4-4 (1)（委託先の選定基準）；JIS Q 15001 A.3.4.3.4")
        public static let incidentNoticeLate = Sentence(
            "APPI Art. 25 / JIS Q 15001 A.3.4.3.4 g) (the contractor's incident notice)",
            "個人情報保護法 25 条／JIS Q 15001 A.3.4.3.4 g)（委託先からの事故の報告）")
        public static let incidentReportOverdue = Sentence(
            "APPI Art. 26(1) / PPC Rules 7, 8 (reports of an incident to the PPC)",
            "個人情報保護法 26 条 1 項／個人情報保護法施行規則 7 条、8 条（漏えい等の個人情報保護委員会への報告）")
        public static let contractorReportOverdue = Sentence(
            "JIS Q 15001 A.3.4.3.4 d) (the contractor's reports) / PPC guideline 3-4-4 (3)",
            "JIS Q 15001 A.3.4.3.4 d)（委託先からの報告）／個人情報保護委員会ガイドライン 3-4-4 (3)")
        public static let agreementSignedLate = Sentence(
            "APPI Art. 25 / PPC guideline 3-4-4 (2) (an agreement before the entrustment); JIS Q 15001 A.3.4.3.4",
            "個人情報保護法 25 条／個人情報保護委員会ガイドライン 3-4-4 (2)（委託前の契約の締結）；JIS Q 15001 A.3.4.3.4")
        public static let countryNotCovered = Sentence(
            "APPI Art. 28 / PPC Rules 16-18 (countries of processing, storage and sub-contractors)",
            "個人情報保護法 28 条／個人情報保護法施行規則 16〜18 条（取扱い・保管・再委託先の国）")
        public static let clauseMissing = Sentence("JIS Q 15001 A.3.4.3.4 a)–h)", "JIS Q 15001 A.3.4.3.4 a)〜h)")
        public static let deletionOverdue = Sentence(
            "JIS Q 15001 A.3.4.3.4 b), h) / PPC guideline 3-4-4",
            "JIS Q 15001 A.3.4.3.4 b)、h)／個人情報保護委員会ガイドライン 3-4-4")
        public static let agreementExpiring = Sentence("JIS Q 15001 A.3.4.3.4", "JIS Q 15001 A.3.4.3.4")
        public static let agreementExpired = Sentence(
            "JIS Q 15001 A.3.4.3.4 h) / PPC guideline 3-4-4",
            "JIS Q 15001 A.3.4.3.4 h)／個人情報保護委員会ガイドライン 3-4-4")
        public static let subContractorNotApproved = Sentence(
            "APPI Art. 25 / PPC guideline 3-4-4 (re-entrustment); JIS Q 15001 A.3.4.3.4 c)",
            "個人情報保護法 25 条／個人情報保護委員会ガイドライン 3-4-4（再委託）；JIS Q 15001 A.3.4.3.4 c)")
        public static let mixOrEnrichUnderEntrustment = Sentence(
            "APPI Art. 27(5)(i) / PPC Q&A 5-26-2, 7-42",
            "個人情報保護法 27 条 5 項 1 号／個人情報保護委員会 Q&A 5-26-2、7-42")
        public static let stopUseNotHonoured = Sentence("APPI Art. 35", "個人情報保護法 35 条")
        public static let notMinimal = Sentence(
            "APPI Arts. 18, 25 / PPC guideline 3-4-4 (only what the entrusted work needs)",
            "個人情報保護法 18 条、25 条／個人情報保護委員会ガイドライン 3-4-4（委託する業務に必要な範囲に限る）")
        public static let secureDelivery = Sentence(
            "APPI Art. 23 / PPC guideline 10-6 (technical security measures: encryption in transit); Cabinet Office, end of PPAP (2020)",
            "個人情報保護法 23 条／個人情報保護委員会ガイドライン 10-6（技術的安全管理措置：送信時の暗号化）；内閣府の PPAP 廃止（2020 年）")
        public static let provision = Sentence(
            "APPI Arts. 27(1), 29 / PPC Rules 19-21 (consent, and the record of each provision to a third party)",
            "個人情報保護法 27 条 1 項、29 条／施行規則 19〜21 条（本人の同意と第三者提供の記録）")
        public static let disclosureWithoutReference = Sentence(
            "APPI Art. 27(1) items i-vii (a disclosure without consent rests on a named exception)",
            "個人情報保護法 27 条 1 項各号（本人の同意によらない提供は、根拠となる例外によります）")
        public static let personalRelated = Sentence(
            "APPI Art. 31 (confirming the recipient's consent for personal-related information)",
            "個人情報保護法 31 条（個人関連情報の提供先における本人の同意の確認）")
        public static let requestOverdue = Sentence(
            "APPI Arts. 33-35 (without delay) / GDPR Art. 12(3); the catalog's answer-days",
            "個人情報保護法 33〜35 条（遅滞なく）／GDPR 12 条 3 項；カタログの answer-days")
        public static let provisionNotStopped = Sentence(
            "APPI Art. 35(3) (stopping the provision to third parties)", "個人情報保護法 35 条 3 項（第三者提供の停止）")
        public static let recipientNotNotified = Sentence(
            "GDPR Art. 19; APPI Art. 34 (correction); the catalog's notice-days",
            "GDPR 19 条；個人情報保護法 34 条（訂正等）；カタログの notice-days")
        public static let jointUse = Sentence(
            "APPI Art. 27(5)(iii) (joint use: items announced in advance)",
            "個人情報保護法 27 条 5 項 3 号（共同利用：事項をあらかじめ公表）")
        public static let subjectsNotRecorded = Sentence(
            "APPI Arts. 33, 35 (answering who received a person's data, and stopping its use)",
            "個人情報保護法 33 条、35 条（本人のデータの提供先の開示と利用停止）")
        public static let ledgerBroken = Sentence(
            "JIS Q 15001 A.3.4.3.4 (records of supervision); consign ledger chain",
            "JIS Q 15001 A.3.4.3.4（監督の記録）；consign の台帳のチェーン")
        public static let clockOverridden = Sentence(
            "JIS Q 15001 A.3.4.3.4 (records of supervision); events are timed by the real clock",
            "JIS Q 15001 A.3.4.3.4（監督の記録）；イベントは実時間の時計で記録します")
    }
}
