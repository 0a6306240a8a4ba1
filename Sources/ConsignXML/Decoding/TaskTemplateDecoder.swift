import ConsignCore

extension TaskTemplate {
    /// Decodes a schema-valid `<task>` element.
    public init(_ root: XMLElement, file: String) throws(InputError) {
        let r = ElementReader(file: file)
        let purpose = try r.child(root, "purpose")
        let scope = try Self.rowScope(r.child(root, "row-scope"), r)
        if let statistics = root.child("statistics") {
            self.init(
                id: try r.attribute(root, "id"), version: try r.integer(r.attribute(root, "version"), at: root),
                title: try r.text(root, "title"), purpose: purpose.token, purposeLine: purpose.line, needs: [], rowScope: scope,
                layout: [], retentionDays: 0, statistics: try StatisticsTable(statistics, r))
            return
        }
        if let anonymised = root.child("anonymised") {
            self.init(
                id: try r.attribute(root, "id"), version: try r.integer(r.attribute(root, "version"), at: root),
                title: try r.text(root, "title"), purpose: purpose.token, purposeLine: purpose.line, needs: [], rowScope: scope,
                layout: [], retentionDays: 0, anonymised: try AnonymisedData(anonymised, r))
            return
        }
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
        var layout: [LayoutColumn] = []
        for column in root.child("layout")?.children("column") ?? [] {
            layout.append(
                LayoutColumn(name: try r.attribute(column, "name"), fieldForm: try r.fieldForm(column), line: column.line))
        }
        let importProfile = try root.child("import-profile").map { element throws(InputError) in
            try ImportProfileUse(element, r)
        }
        // The columns the courier requires are needs of the task, with the courier's reason.
        needs += importProfile?.needs ?? []
        self.init(
            id: try r.attribute(root, "id"), version: try r.integer(r.attribute(root, "version"), at: root),
            title: try r.text(root, "title"), purpose: purpose.token, purposeLine: purpose.line, needs: needs, rowScope: scope,
            mixOrEnrich: try r.boolean(r.text(root, "mix-or-enrich"), at: r.child(root, "mix-or-enrich")),
            contactsPerson: try r.boolean(r.text(root, "contacts-person"), at: r.child(root, "contacts-person")),
            pseudonymised: try r.boolean(r.text(root, "pseudonymised"), at: r.child(root, "pseudonymised")), layout: layout,
            retentionDays: try r.integer(r.text(root, "retention-days"), at: r.child(root, "retention-days")))
        self.importProfile = importProfile
    }

    private static func rowScope(_ scope: XMLElement, _ r: ElementReader) throws(InputError) -> RowScope {
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
        return RowScope(consents: consents, conditions: conditions)
    }
}

extension ImportProfileUse {
    /// Decodes a schema-valid `<import-profile>` element.
    fileprivate init(_ element: XMLElement, _ r: ElementReader) throws(InputError) {
        var inputs: [ImportProfile.Input: [Located<FieldForm>]] = [:]
        for input in element.children("input") {
            // The schema admits only the inputs' names.
            let name = ImportProfile.Input(rawValue: try r.attribute(input, "name"))!
            inputs[name, default: []].append(Located(try r.fieldForm(input), line: input.line))
        }
        var values: [String: Located<String>] = [:]
        for value in element.children("value") {
            values[try r.attribute(value, "column")] = Located(value.token, line: value.line)
        }
        self.init(name: try r.attribute(element, "name"), line: element.line, inputs: inputs, values: values)
    }
}

extension StatisticsTable {
    /// Decodes a schema-valid `<statistics>` element.
    fileprivate init(_ element: XMLElement, _ r: ElementReader) throws(InputError) {
        var dimensions: [Dimension] = []
        for dimension in element.children("dimension") {
            dimensions.append(
                Dimension(name: try r.attribute(dimension, "name"), fieldForm: try r.fieldForm(dimension), line: dimension.line))
        }
        var measures: [Measure] = []
        for measure in element.children("measure") {
            let kind = try r.attribute(measure, "of")
            guard let of = Measure.Kind(rawValue: kind) else { throw r.fail(measure, StatisticsText.unknownMeasure(kind).text()) }
            measures.append(
                Measure(name: try r.attribute(measure, "name"), kind: of, field: r.optionalAttribute(measure, "field"), line: measure.line))
        }
        let protection = try r.child(element, "protection")
        var dominance: TableProtection.Dominance?
        if let rule = protection.child("dominance") {
            dominance = .nk(n: try r.integer(r.attribute(rule, "n"), at: rule), k: try r.integer(r.attribute(rule, "k"), at: rule))
        } else if let rule = protection.child("p-percent") {
            dominance = .pPercent(try r.integer(r.attribute(rule, "p"), at: rule))
        }
        self.init(
            dimensions: dimensions, measures: measures,
            margins: try r.boolean(r.text(element, "margins"), at: r.child(element, "margins")),
            protection: TableProtection(
                minimumFrequency: try r.optionalAttribute(protection, "minimum-frequency").map { text throws(InputError) in
                    try r.integer(text, at: protection)
                },
                dominance: dominance, line: protection.line))
    }
}

extension AnonymisedData {
    /// Decodes a schema-valid `<anonymised>` element.
    fileprivate init(_ element: XMLElement, _ r: ElementReader) throws(InputError) {
        func integer(_ e: XMLElement, _ name: String) throws(InputError) -> Int? {
            try r.optionalAttribute(e, name).map { text throws(InputError) in try r.integer(text, at: e) }
        }
        var columns: [Column] = []
        for column in element.children("column") {
            let name = try r.attribute(column, "role")
            guard let role = Role(rawValue: name) else { throw r.fail(column, AnonymisationText.unknownRole(name).text()) }
            var generalisations: [Located<Form>] = []
            for step in column.children("generalise") {
                generalisations.append(Located(try r.form(r.attribute(step, "form"), at: step), line: step.line))
            }
            columns.append(
                Column(
                    name: try r.attribute(column, "name"), role: role, fieldForm: try r.fieldForm(column),
                    generalisations: generalisations, topCode: try integer(column, "top-code"),
                    bottomCode: try integer(column, "bottom-code"), mergeBelow: try integer(column, "merge-below"),
                    line: column.line))
        }
        self.init(
            k: try r.integer(r.attribute(element, "k"), at: element), l: try integer(element, "l"),
            maxSuppressedPercent: try integer(element, "max-suppressed") ?? 5,
            randomID: try element.child("random-id").map { e throws(InputError) in try r.attribute(e, "name") }, columns: columns,
            line: element.line)
    }
}
