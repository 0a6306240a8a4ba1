import ConsignCore

extension TaskTemplate {
    /// Decodes a schema-valid `<task>` element.
    public init(_ root: XMLElement, file: String) throws(InputError) {
        let r = ElementReader(file: file)
        var needs: [Need] = []
        for need in try r.child(root, "needs").children("need") {
            var options: [NeedOption] = []
            for option in need.children("option") {
                var uses: [Located<FieldForm>] = []
                for use in option.children("use") { uses.append(Located(try r.fieldForm(use), line: use.line)) }
                options.append(NeedOption(id: try r.attribute(option, "id"), uses: uses))
            }
            needs.append(
                Need(id: try r.attribute(need, "id"), reason: try r.text(need, "reason"), options: options, line: need.line))
        }
        let scope = try r.child(root, "row-scope")
        var consents: [Located<String>] = []
        for consent in scope.children("consent") {
            consents.append(Located(try r.attribute(consent, "field"), line: consent.line))
        }
        var conditions: [Located<Condition>] = []
        for condition in scope.children("condition") {
            let name = try r.attribute(condition, "operator")
            guard let op = Condition.Operator(rawValue: name) else { throw r.fail(condition, DocumentText.unknownOperator(name).text()) }
            conditions.append(
                Located(
                    Condition(field: try r.attribute(condition, "field"), op: op, value: condition.attributes["value"]),
                    line: condition.line))
        }
        var layout: [LayoutColumn] = []
        for column in try r.child(root, "layout").children("column") {
            layout.append(
                LayoutColumn(name: try r.attribute(column, "name"), fieldForm: try r.fieldForm(column), line: column.line))
        }
        let purpose = try r.child(root, "purpose")
        self.init(
            id: try r.attribute(root, "id"), version: try r.integer(r.attribute(root, "version"), at: root),
            title: try r.text(root, "title"), purpose: purpose.token, purposeLine: purpose.line, needs: needs,
            rowScope: RowScope(consents: consents, conditions: conditions),
            mixOrEnrich: try r.boolean(r.text(root, "mix-or-enrich"), at: r.child(root, "mix-or-enrich")),
            contactsPerson: try r.boolean(r.text(root, "contacts-person"), at: r.child(root, "contacts-person")),
            pseudonymised: try r.boolean(r.text(root, "pseudonymised"), at: r.child(root, "pseudonymised")), layout: layout,
            retentionDays: try r.integer(r.text(root, "retention-days"), at: r.child(root, "retention-days")))
    }
}
