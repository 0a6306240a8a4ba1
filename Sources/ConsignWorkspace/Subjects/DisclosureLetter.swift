import ConsignCore
import Foundation

/// The answer to a person's request for disclosure (APPI Art. 33, with the provision records of Art. 33(5)),
/// as one self-contained HTML page for them: which recipients received which items of their data, when, on
/// what basis (the agreement, their consent, or the law), what became of it, and the provision records that
/// concern them. No script, nothing fetched, in the language chosen.
public struct DisclosureLetter: Sendable {
    /// One transfer that included the person.
    public struct Row: Sendable {
        public var transfer: ConsignCore.Transfer
        public var recipientName: String
        public var provision: ProvisionRecord?
        public var deletion: String
    }

    public var company: String
    public var subject: String
    public var on: CalendarDate
    public var rows: [Row]
    /// The catalog's descriptions of the fields, by field id.
    public var fieldDescriptions: [String: String]

    /// The page.
    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="\(Language.current.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(escape(LetterText.title(company: company).text()))</title>
            <style>
            body { font-family: sans-serif; margin: 32px; color: #1b1f24; max-width: 960px; line-height: 1.5; }
            h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
            table { border-collapse: collapse; font-size: 13px; width: 100%; }
            th, td { border: solid 1px #ccd; padding: 4px 6px; text-align: left; vertical-align: top; }
            th { background: #eef1f5; }
            .muted { color: #667; font-size: 12px; }
            </style>
            </head>
            <body>
            <h1>\(escape(LetterText.title(company: company).text()))</h1>
            <p>\(escape(LetterText.opening(subject: subject, on: on, transfers: rows.count).text()))</p>

            """
        page += recipientsTable + provisionsTable
        page += "<p class=\"muted\">\(escape(LetterText.closing(company: company).text()))</p>\n</body>\n</html>\n"
        return page
    }

    private var recipientsTable: String {
        guard !rows.isEmpty else { return "<p>\(escape(LetterText.noRecipient.text()))</p>\n" }
        var html = "<h2>\(escape(LetterText.recipientsHeading.text()))</h2>\n<table>\n<tr>"
        html += LetterText.Column.allCases.map { "<th>\(escape(LetterText.column($0).text()))</th>" }.joined() + "</tr>\n"
        for row in rows {
            let t = row.transfer
            let items = t.forms.map { form in
                let described = fieldDescriptions[form.field].map { "\(form.description) (\($0))" } ?? form.description
                return "<li>\(escape(described))</li>"
            }.joined()
            let basis: String =
                switch row.provision?.basis {
                case .consent: LetterText.yourConsent(field: row.provision?.consentField ?? "").text()
                case .exception(let exception): RecordedWords.exception(exception).text()
                case nil: RecordedWords.reading(t.legalBasis)
                }
            let agreement = t.agreement.map { "\($0.id) v\($0.version)" } ?? ""
            html += "<tr class=\"recipient\" data-transfer=\"\(escape(t.id))\" data-contractor=\"\(escape(t.contractor))\" "
                + "data-basis=\"\(escape(row.provision?.basis.code ?? t.relationship?.rawValue ?? ""))\">"
            html += "<td>\(t.on)</td><td>\(escape(row.recipientName.isEmpty ? t.contractor : row.recipientName))</td>"
            html += "<td><ul>\(items)</ul></td><td>\(escape(t.purpose))</td><td>\(escape(basis))</td><td>\(escape(agreement))</td>"
            html += "<td>\(escape(t.countries.joined(separator: ", ")))</td><td>\(escape(row.deletion))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private var provisionsTable: String {
        let provided = rows.filter { $0.provision != nil }
        guard !provided.isEmpty else { return "" }
        var html = "<h2>\(escape(LetterText.provisionsHeading.text()))</h2>\n<table>\n<tr>"
        html += LetterText.ProvisionColumn.allCases.map { "<th>\(escape(LetterText.provisionColumn($0).text()))</th>" }.joined()
        html += "</tr>\n"
        for row in provided {
            let record = row.provision!
            html += "<tr class=\"provision\" data-transfer=\"\(escape(record.transfer))\">"
            html += "<td>\(row.transfer.on)</td><td>\(escape(record.recipientName))</td><td>\(escape(record.recipientAddress))</td>"
            html += "<td>\(escape(record.recipientRepresentative))</td>"
            html += "<td>\(escape(row.transfer.forms.map(\.description).joined(separator: ", ")))</td>"
            html += "<td>\(escape(record.legalReference.isEmpty ? record.recipientPurposes : record.legalReference))</td></tr>\n"
        }
        return html + "</table>\n"
    }
}

extension PrivacyOffice {
    /// The letter that answers a person's request for disclosure, as of today.
    public func disclosureLetter(subjectKey given: String) async throws -> DisclosureLetter {
        let subjectKey = try SubjectList.standard(given)
        let hash = try workspace.keys().subjectHasher().hash(subjectKey)
        let today = try workspace.today(clock)
        let catalog = try WorkspaceDocuments.load(workspace).catalog().document
        let snapshot = try await RegisterSnapshot.read(
            store, today: today, concerning: [.transfersHolding(UInt64(hash, radix: 16)!)])
        let register = snapshot.register
        let provisions = try await store.events([.kinds(["provision-record"], after: 0)]).compactMap { recorded -> ProvisionRecord? in
            if case .provisionRecorded(let record) = recorded.event.payload { record } else { nil }
        }
        let byTransfer = Dictionary(provisions.map { ($0.transfer, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = register.transfers.map { recorded in
            let t = recorded.value
            let provision = byTransfer[t.id]
            return DisclosureLetter.Row(
                transfer: t,
                recipientName: snapshot.documents.latestProfiles[t.contractor]?.document.legalName ?? provision?.recipientName ?? "",
                provision: provision,
                deletion: TransferView.deletionStatus(t, register.deletions[t.id]?.value, today: today))
        }
        return DisclosureLetter(
            company: catalog.company.name, subject: subjectKey, on: today, rows: rows,
            fieldDescriptions: Dictionary(catalog.fields.map { ($0.id, $0.description) }, uniquingKeysWith: { a, _ in a }))
    }
}
