/// The `--help` of `consign incident` and `consign contractor report`.
public enum IncidentHelp {
    public static let abstract = Sentence(
        "Record incidents at contractors and the company's reports of them to the PPC (APPI Art. 26).",
        "委託先で起きたインシデントと、その個人情報保護委員会への報告を記録します（個人情報保護法 26 条）。")
    public static let discussion = Sentence(
        """
        The audit checks the contractor's notice against the agreement's notice hours, and the reports against the \
        PPC's deadlines (preliminary within 5 days, final within 30, 60 for unauthorised access, from the day the \
        contractor told the company) for an incident that must be reported (special-care data, unauthorised access, \
        or more than 1,000 people, counted from the subject sets of the transfers named).
        """,
        """
        監査は、委託先からの通知を契約の通知期限（時間）と、報告を委員会の期限（委託先から通知を受けた日から速報 5 日、確報 30 日、\
        不正アクセスは 60 日）と照らし合わせます。報告が必要なのは、要配慮個人情報、不正アクセス、または指定した提供の本人集合から\
        数えて 1,000 人を超えるインシデントです。
        """)
    public static let recordAbstract = Sentence("Record an incident a contractor told the company of.", "委託先から通知されたインシデントを記録します。")
    public static let kind = Sentence("What happened: leak, loss, damage or unauthorised-access.", "起きたこと：leak、loss、damage、unauthorised-access。")
    public static let discovered = Sentence(
        "When the contractor discovered it (YYYY-MM-DDTHH:MM, in the catalog's time zone, or with Z or an offset).",
        "委託先が発見した日時（YYYY-MM-DDTHH:MM、カタログのタイムゾーン。Z か時差を付けても可）。")
    public static let notified = Sentence(
        "When the contractor told the company (the same form).", "委託先が会社に通知した日時（同じ形式）。")
    public static let transfer = Sentence(
        "A transfer whose data it concerns; repeatable.", "インシデントに関わるデータの提供。繰り返し指定できます。")
    public static let note = Sentence("What happened, and what was done.", "何が起き、何をしたか。")
    public static let reportAbstract = Sentence(
        "Record the company's preliminary or final report of an incident to the PPC.",
        "インシデントの個人情報保護委員会への速報または確報を記録します。")
    public static let id = Sentence("The incident id.", "インシデントの ID。")
    public static let stage = Sentence("preliminary or final.", "preliminary（速報）または final（確報）。")
    public static let reportedOn = Sentence("The date the report was made", "報告した日")
    public static let listAbstract = Sentence("List every incident.", "すべてのインシデントを一覧にします。")
    public static let showAbstract = Sentence(
        "Show an incident: its times, the people affected, and its reports.", "インシデントの日時、影響を受けた本人の数、報告を表示します。")
    public static let contractorReportAbstract = Sentence(
        "Record a report received from a contractor (JIS Q 15001 A.3.4.3.4 d)).",
        "委託先から受領した報告を記録します（JIS Q 15001 A.3.4.3.4 d)）。")
    public static let receivedOn = Sentence("The date it was received", "受領した日")
    public static let reportFile = Sentence("The report (its SHA-256 is recorded).", "報告書（SHA-256 を記録します）。")
}
