import ConsignCore

/// Which agreement covers what: contractors × the catalog's data categories, each cell telling whether
/// the agreements in force on a date permit the category, and whether any transfer up to then sent it.
public struct CoverageMatrix: Codable, Sendable {
    public enum State: String, Codable, Sendable {
        /// Permitted by an agreement in force, and sent.
        case permittedSent = "permitted-sent"
        /// Permitted by an agreement in force, never sent.
        case permittedNeverSent = "permitted-never-sent"
        /// Something sent that no agreement in force permits now (ended, narrowed, or never permitted).
        case sentNotPermitted = "sent-not-permitted"
        /// Neither permitted nor sent.
        case none

        var symbol: String {
            switch self {
            case .permittedSent: "P S"
            case .permittedNeverSent: "P ·"
            case .sentNotPermitted: "! S"
            case .none: "·"
            }
        }
    }

    public struct Cell: Codable, Sendable {
        public var category: String
        public var state: State
        /// The category's fields that agreements in force permit.
        public var permittedFields: [String]
        /// The category's fields that transfers sent, in any form.
        public var sentFields: [String]
        /// The forms sent that no agreement in force permits.
        public var notPermitted: [String]
    }

    public struct Row: Codable, Sendable {
        public var contractor: String
        /// The agreements in force on the date, as `ID vN`.
        public var agreements: [String]
        public var cells: [Cell]
    }

    public var asOf: CalendarDate
    public var categories: [String]
    public var rows: [Row]

    /// The matrix for every registered contractor, as of `asOf`.
    init(catalog: Catalog, register: Register, histories: [AgreementHistory], asOf: CalendarDate) {
        self.asOf = asOf
        var categories: [String] = []
        for field in catalog.fields where !categories.contains(field.category) { categories.append(field.category) }
        self.categories = categories
        var sent: [String: Set<FieldForm>] = [:]
        for recorded in register.transfers where recorded.value.on <= asOf {
            sent[recorded.value.contractor, default: []].formUnion(recorded.value.forms)
        }
        rows = register.contractors.keys.sorted().map { contractor in
            let inForce = histories.filter { $0.contractor == contractor }.compactMap { $0.inForce(on: asOf) }
            let permitted = Set(inForce.flatMap { $0.permitted.map(\.value.field) })
            let sentForms = sent[contractor] ?? []
            let cells = categories.map { name in
                let p = permitted.filter { catalog.field($0)?.category == name }.sorted()
                let forms = sentForms.filter { catalog.field($0.field)?.category == name }
                let outside = forms.filter { form in !inForce.contains { $0.permits(form) } }
                let state: State =
                    if !outside.isEmpty { .sentNotPermitted }
                    else if !forms.isEmpty { .permittedSent }
                    else if !p.isEmpty { .permittedNeverSent }
                    else { .none }
                return Cell(
                    category: name, state: state, permittedFields: p, sentFields: Array(Set(forms.map(\.field))).sorted(),
                    notPermitted: outside.map(\.description).sorted())
            }
            return Row(contractor: contractor, agreements: inForce.map { "\($0.id) v\($0.version)" }, cells: cells)
        }
    }

    public var text: String {
        var table = TextTable([AuditText.contractorColumn.text(), AuditText.agreementsInForceColumn.text()] + categories)
        for row in rows {
            let agreements = row.agreements.isEmpty ? AuditText.noAgreements.text() : row.agreements.joined(separator: " ")
            table.append([row.contractor, agreements] + row.cells.map(\.state.symbol))
        }
        return AuditText.coverageHeading(asOf: asOf).text() + "\n" + table.rendered + "\n" + AuditText.coverageLegend.text()
    }
}
