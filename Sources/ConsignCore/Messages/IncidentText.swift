/// The sentences of incidents at contractors and the company's reports of them (APPI Art. 26), and of the
/// reports contractors send (JIS Q 15001 A.3.4.3.4 d)): what `incident …` and `contractor report` print.
public enum IncidentText: CatalogueEntry {
    case recorded(id: String, contractor: String, event: Int)
    case reported(incident: String, stage: IncidentReport.Stage, on: CalendarDate, event: Int)
    case heading(id: String, contractor: String, kind: String, event: Int, recordedAt: Timestamp, by: String)
    case times(discovered: Timestamp, notified: Timestamp, hours: Double)
    case affected(transfers: [String], people: Int, specialCare: Bool)
    case reporting(required: Bool, preliminaryDue: CalendarDate, finalDue: CalendarDate)
    case reportLine(stage: String, on: CalendarDate, event: Int, note: String)
    case none
    case column(Column)
    case notADateTime(String)
    case notifiedInTheFuture(notified: Timestamp, now: Timestamp)
    case contractorReportRecorded(contractor: String, on: CalendarDate, sha256: String, event: Int)

    public enum Column: Sendable, CaseIterable {
        case incident, contractor, kind, discovered, people, reports
    }

    public var english: String {
        switch self {
        case .recorded(let id, let contractor, let event):
            return "recorded incident \(id) at \(contractor) (event \(event))"
        case .reported(let incident, let stage, let on, let event):
            return "recorded the \(stage.rawValue) report of incident \(incident) to the PPC, made on \(on) (event \(event))"
        case .heading(let id, let contractor, let kind, let event, let at, let by):
            return "incident \(id) at \(contractor): \(kind); event \(event), recorded \(at) by \(by)"
        case .times(let discovered, let notified, let hours):
            return "discovered \(discovered); the contractor told us \(notified) (\(Self.hours(hours)) hours later)"
        case .affected(let transfers, let people, let specialCare):
            return "transfers: " + (transfers.isEmpty ? "none named" : transfers.joined(separator: ", "))
                + "; \(people) people affected" + (specialCare ? "; special-care data among what they sent" : "")
        case .reporting(let required, let preliminary, let final):
            return (required ? "must be reported to the PPC (APPI Art. 26, PPC Rule 7)" : "not one the PPC must be told of (PPC Rule 7)")
                + ": preliminary report by \(preliminary), final by \(final)"
        case .reportLine(let stage, let on, let event, let note):
            return "  \(stage) report made on \(on) (event \(event))" + (note.isEmpty ? "" : ": \(note)")
        case .none:
            return "no incident is recorded"
        case .column(let column):
            switch column {
            case .incident: return "INCIDENT"
            case .contractor: return "CONTRACTOR"
            case .kind: return "KIND"
            case .discovered: return "DISCOVERED"
            case .people: return "PEOPLE"
            case .reports: return "REPORTS TO THE PPC"
            }
        case .notADateTime(let text):
            return "'\(text)' is not a date and time: write YYYY-MM-DDTHH:MM, in the catalog's time zone, or with Z or an "
                + "offset such as +09:00"
        case .notifiedInTheFuture(let notified, let now):
            return "--notified-by-contractor \(notified) is after now (\(now)): record an incident once the contractor has told of it"
        case .contractorReportRecorded(let contractor, let on, let sha256, let event):
            return "recorded the report of \(contractor) received on \(on), sha256 \(sha256) (event \(event))"
        }
    }

    public var japanese: String {
        switch self {
        case .recorded(let id, let contractor, let event):
            return "委託先 \(contractor) のインシデント \(id) を記録しました（イベント \(event)）"
        case .reported(let incident, let stage, let on, let event):
            return "インシデント \(incident) の個人情報保護委員会への\(Self.japanese(stage))（\(on) に報告）を記録しました（イベント \(event)）"
        case .heading(let id, let contractor, let kind, let event, let at, let by):
            return "インシデント \(id)（委託先 \(contractor)）：\(kind)。イベント \(event)、\(at) に \(by) が記録"
        case .times(let discovered, let notified, let hours):
            return "発見 \(discovered)。委託先からの通知 \(notified)（\(Self.hours(hours)) 時間後）"
        case .affected(let transfers, let people, let specialCare):
            return "提供：" + (transfers.isEmpty ? "指定なし" : transfers.joined(separator: "、"))
                + "。影響を受けた本人 \(people) 人" + (specialCare ? "。送ったデータに要配慮個人情報を含みます" : "")
        case .reporting(let required, let preliminary, let final):
            return (required ? "個人情報保護委員会への報告が必要です（個人情報保護法 26 条、施行規則 7 条）" : "施行規則 7 条の報告対象ではありません")
                + "：速報の期限 \(preliminary)、確報の期限 \(final)"
        case .reportLine(let stage, let on, let event, let note):
            let word = IncidentReport.Stage(rawValue: stage).map(Self.japanese) ?? stage
            return "  \(word)：\(on) に報告（イベント \(event)）" + (note.isEmpty ? "" : "：\(note)")
        case .none:
            return "記録されたインシデントはありません"
        case .column(let column):
            switch column {
            case .incident: return "インシデント"
            case .contractor: return "委託先"
            case .kind: return "種類"
            case .discovered: return "発見"
            case .people: return "本人数"
            case .reports: return "委員会への報告"
            }
        case .notADateTime(let text):
            return "'\(text)' は日時ではありません：YYYY-MM-DDTHH:MM（カタログのタイムゾーン）、または Z か +09:00 のような時差を付けて書いてください"
        case .notifiedInTheFuture(let notified, let now):
            return "--notified-by-contractor \(notified) が現在（\(now)）より後です：委託先から通知を受けてから記録してください"
        case .contractorReportRecorded(let contractor, let on, let sha256, let event):
            return "委託先 \(contractor) から \(on) に受領した報告を記録しました。sha256 \(sha256)（イベント \(event)）"
        }
    }

    static func hours(_ hours: Double) -> String { hours == hours.rounded() ? String(Int(hours)) : String(format: "%.1f", hours) }

    static func japanese(_ stage: IncidentReport.Stage) -> String {
        switch stage {
        case .preliminary: "速報"
        case .final: "確報"
        }
    }
}
