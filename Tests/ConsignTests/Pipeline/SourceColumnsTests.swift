import ConsignCore
import ConsignPipeline
import ConsignWorkspace
import Testing

@Suite struct SourceColumnsTests {
    let catalog: Catalog

    init() throws { catalog = try WorkspaceDocuments.load(Workspace(root: repositoryRoot)).catalog().document }

    func fields(_ ids: String...) -> [Field] { ids.map { catalog.field($0)! } }

    @Test func columnsMapToFieldsByTheCatalogsColumnNames() throws {
        let columns = try SourceColumns(
            header: ["email", "customer_id", "extra", "consent_prize"],
            needed: fields("customer.id", "contact.email", "consent.prize"), file: "in.csv")
        #expect(columns.position == ["customer.id": 1, "contact.email": 0, "consent.prize": 3])
        #expect(columns.width == 4)
    }

    @Test func aMissingOrDuplicatedColumnIsAnErrorOnTheHeaderLine() throws {
        do {
            _ = try SourceColumns(
                header: ["customer_id", "email", "customer_id"], needed: fields("customer.id", "contact.phone"),
                file: "in.csv")
            Issue.record("accepted a bad header")
        } catch {
            #expect(error.diagnostics.count == 2)
            #expect(error.diagnostics.allSatisfy { $0.file == "in.csv" && $0.line == 1 })
            #expect(error.diagnostics[0].message.contains("'customer_id' appears twice in the header (columns 1 and 3)"))
            #expect(error.diagnostics[1].message.contains("column 'phone' (field contact.phone) is missing"))
        }
    }

    @Test func theRowFilterNeedsClearConsentAndEveryCondition() {
        let scope = RowScope(
            consents: [Located("consent.prize")],
            conditions: [
                Located(Condition(field: "account.lifetime_value", op: .atLeast, value: "1000")),
                Located(Condition(field: "address.prefecture", op: .oneOf, value: "東京都 大阪府")),
                Located(Condition(field: "person.company", op: .notEmpty)),
                Located(Condition(field: "person.gender", op: .notEquals, value: "unanswered")),
            ])
        let fields = RowFilter.fields(of: scope)
        #expect(fields == ["consent.prize", "account.lifetime_value", "address.prefecture", "person.company", "person.gender"])
        let filter = RowFilter(scope) { fields.firstIndex(of: $0)! }
        /// Whether the filter admits a row given as text by field id.
        func admits(_ row: [String: String]) -> Bool {
            let cells = fields.map { Array(row[$0]!.utf8) }
            return filter.admits { position in cells[position].withUnsafeBytes { $0 } }
        }
        let base = [
            "consent.prize": "true", "account.lifetime_value": "1000", "address.prefecture": "大阪府",
            "person.company": "ABC", "person.gender": "female",
        ]
        #expect(admits(base))
        for (field, value) in [
            ("consent.prize", "false"), ("consent.prize", ""), ("consent.prize", "maybe"),
            ("account.lifetime_value", "999.5"), ("account.lifetime_value", "n/a"), ("address.prefecture", "北海道"),
            ("person.company", ""), ("person.gender", "unanswered"),
        ] {
            var row = base
            row[field] = value
            #expect(!admits(row), "\(field)=\(value)")
        }
        for yes in ["TRUE", "1", "Yes"] {
            var row = base
            row["consent.prize"] = yes
            #expect(admits(row))
        }
    }
}
