/// The rules that tie the workspace's documents together: every id a document names exists, no two files
/// claim the same id and version, agreements are well formed in time, and what JIS Q 15001 and APPI
/// expect of them is present. Errors make `consign check` (and registration) fail; warnings do not.
public enum CrossReferences {
    public static func diagnose(_ set: DocumentSet) -> [Diagnostic] {
        var out: [Diagnostic] = []
        out += duplicates(set)
        guard let catalog = set.catalog else {
            out.append(.error(DocumentText.noCatalog.text(), file: "templates"))
            return out
        }
        out += diagnose(catalog)
        for task in set.tasks { out += diagnose(task, catalog: catalog.document) }
        for contractor in set.contractors { out += diagnose(contractor, catalog: catalog.document) }
        let latest = set.latestProfiles
        let profiles = latest.mapValues(\.document)
        for agreement in set.agreements {
            out += diagnose(agreement, catalog: catalog.document, profiles: profiles)
        }
        out += overlaps(set)
        out += unapprovedSubContractors(set, profiles: profiles)
        out += countryGaps(set, profiles: latest, home: catalog.document.company.homeCountry)
        return out
    }

    /// The newest version of each agreement against the newest profile of its contractor: a country where
    /// the contractor holds the data that the agreement does not cover is reported on the profile, one the
    /// agreement names outside the basis it relies on, on the agreement (APPI Art. 28). Warnings: the
    /// profile states facts, and the planner refuses and the audit reports what they break.
    private static func countryGaps(_ set: DocumentSet, profiles: [String: Sourced<ContractorProfile>], home: String)
        -> [Diagnostic]
    {
        let files = Dictionary(set.agreements.map { ("\($0.document.id)#\($0.document.version)", $0) }) { a, _ in a }
        var out: [Diagnostic] = []
        for history in set.agreementHistories {
            guard let agreement = history.versions.last, let profile = profiles[agreement.contractor],
                let sourced = files["\(agreement.id)#\(agreement.version)"]
            else { continue }
            let gaps = agreement.countryGaps(of: profile.document, purposes: Set(agreement.purposes), home: home)
            for onAgreement in [true, false] {
                let reported = gaps.filter { ($0.place == .agreement) == onAgreement }
                guard !reported.isEmpty else { continue }
                let message = PlanText.countryNotCovered(
                    agreement: agreement.id, version: agreement.version, countries: agreement.countries,
                    contractor: profile.document.id, profile: profile.document.version, reported
                ).text()
                out.append(
                    onAgreement
                        ? .warning(message, file: sourced.file, line: sourced.line)
                        : .warning(message, file: profile.file, line: profile.line))
            }
        }
        return out
    }

    private static func duplicates(_ set: DocumentSet) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func check(_ noun: DocumentText.DocumentNoun, _ items: [(id: String, version: Int, file: String, line: Int)]) {
            var first: [String: (file: String, line: Int)] = [:]
            for item in items {
                let key = "\(item.id)#\(item.version)"
                if let earlier = first[key] {
                    out.append(
                        .error(
                            DocumentText.duplicate(
                                noun, id: item.id, version: item.version, earlierFile: earlier.file, earlierLine: earlier.line
                            ).text(), file: item.file, line: item.line))
                } else {
                    first[key] = (item.file, item.line)
                }
            }
        }
        check(.task, set.tasks.map { ($0.document.id, $0.document.version, $0.file, $0.line) })
        check(.contractorProfile, set.contractors.map { ($0.document.id, $0.document.version, $0.file, $0.line) })
        check(.agreement, set.agreements.map { ($0.document.id, $0.document.version, $0.file, $0.line) })
        // Versions of one agreement must name one contractor.
        for (id, versions) in Dictionary(grouping: set.agreements, by: { $0.document.id }) {
            let contractors = Set(versions.map(\.document.contractor))
            guard contractors.count > 1 else { continue }
            for version in versions.dropFirst() where version.document.contractor != versions[0].document.contractor {
                out.append(
                    .error(
                        DocumentText.versionsNameOtherContractors(
                            agreement: id, version: version.document.version, contractor: version.document.contractor,
                            firstVersion: versions[0].document.version, firstFile: versions[0].file,
                            firstContractor: versions[0].document.contractor
                        ).text(),
                        file: version.file, line: version.line))
            }
        }
        return out
    }

    private static func diagnose(_ sourced: Sourced<Catalog>) -> [Diagnostic] {
        let catalog = sourced.document
        var out: [Diagnostic] = []
        if catalog.field(catalog.subjectKey) == nil {
            out.append(
                .error(
                    DocumentText.subjectKeyNotAField(catalog.subjectKey).text(),
                    file: sourced.file, line: catalog.subjectKeyLine))
        }
        for field in catalog.fields {
            for purpose in field.collectedFor where catalog.purpose(purpose) == nil {
                out.append(
                    .error(
                        DocumentText.collectedForUnknownPurpose(field: field.id, purpose: purpose).text(),
                        file: sourced.file, line: field.collectedForLine))
            }
        }
        return out
    }

    private static func diagnose(_ sourced: Sourced<TaskTemplate>, catalog: Catalog) -> [Diagnostic] {
        let task = sourced.document
        let file = sourced.file
        var out: [Diagnostic] = []
        let purposeKnown = catalog.purpose(task.purpose) != nil
        if !purposeKnown {
            out.append(
                .error(
                    DocumentText.purposeNotInCatalog(task.purpose, namingCatalogFile: true).text(), file: file,
                    line: task.purposeLine))
        }
        var used: Set<FieldForm> = []
        for need in task.needs {
            for option in need.options {
                for use in option.uses {
                    used.insert(use.value)
                    if let error = unknown(use.value, catalog: catalog) {
                        out.append(.error(error, file: file, line: use.line))
                    } else if purposeKnown, let field = catalog.field(use.value.field),
                        !field.collectedFor.contains(task.purpose)
                    {
                        out.append(
                            .warning(
                                DocumentText.optionUsesUncollectedField(
                                    option: option.id, need: need.id, field: field.id, purpose: task.purpose
                                ).text(),
                                file: file, line: use.line))
                    }
                }
            }
        }
        for consent in task.rowScope.consents where catalog.field(consent.value) == nil {
            out.append(.error(DocumentText.consentFieldNotInCatalog(consent.value).text(), file: file, line: consent.line))
        }
        for condition in task.rowScope.conditions {
            if catalog.field(condition.value.field) == nil {
                out.append(
                    .error(
                        DocumentText.conditionFieldNotInCatalog(condition.value.field).text(), file: file,
                        line: condition.line))
            }
            if condition.value.op != .notEmpty, condition.value.value == nil {
                out.append(
                    .error(
                        DocumentText.conditionNeedsValue(operator: condition.value.op.rawValue, field: condition.value.field)
                            .text(),
                        file: file, line: condition.line))
            }
            if condition.value.op == .atLeast || condition.value.op == .atMost,
                let value = condition.value.value, Double(value) == nil
            {
                out.append(
                    .error(
                        DocumentText.conditionNotANumber(operator: condition.value.op.rawValue, value: value).text(),
                        file: file, line: condition.line))
            }
        }
        var laidOut: Set<FieldForm> = []
        for column in task.layout {
            if let error = unknown(column.fieldForm, catalog: catalog) {
                out.append(.error(error, file: file, line: column.line))
            }
            if !laidOut.insert(column.fieldForm).inserted {
                out.append(
                    .error(
                        DocumentText.columnRepeatsFieldForm(column: column.name, column.fieldForm).text(), file: file,
                        line: column.line))
            } else if !used.contains(column.fieldForm) {
                out.append(
                    .warning(
                        DocumentText.columnNeverWritten(column: column.name, column.fieldForm).text(),
                        file: file, line: column.line))
            }
        }
        if let use = task.importProfile {
            out += diagnose(use, used: used, file: file, catalog: catalog)
        } else {
            for missing in used.subtracting(laidOut).sorted() {
                let line = task.needs.flatMap(\.options).flatMap(\.uses).first { $0.value == missing }?.line ?? 0
                out.append(
                    .error(
                        DocumentText.fieldFormWithoutColumn(missing).text(),
                        file: file, line: line))
            }
        }
        if let table = task.statistics {
            if task.purpose != StatisticsTable.purpose {
                out.append(.error(StatisticsText.purposeNotStatistics(task.purpose).text(), file: file, line: task.purposeLine))
            }
            out += diagnose(table, file: file, catalog: catalog)
        }
        if let anonymised = task.anonymised { out += diagnose(anonymised, file: file, catalog: catalog) }
        return out
    }

    /// A task in a courier's import layout: every field form its needs use is taken by an input of the profile,
    /// every input's field one the catalog has, and every `<value>` names a column the task may fill, in its format
    /// and within its limit.
    private static func diagnose(_ use: ImportProfileUse, used: Set<FieldForm>, file: String, catalog: Catalog) -> [Diagnostic] {
        let profile = use.profile
        var out: [Diagnostic] = []
        for (_, forms) in use.inputs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for form in forms {
                if let error = unknown(form.value, catalog: catalog) { out.append(.error(error, file: file, line: form.line)) }
            }
        }
        for missing in used.subtracting(use.takenForms).sorted() {
            out.append(
                .error(
                    CourierText.notInProfile(fieldForm: missing.description, profile: profile.title).text(), file: file,
                    line: use.line))
        }
        for (column, value) in use.values.sorted(by: { $0.value.line < $1.value.line }) {
            let fillable = profile.columns.first { candidate in
                guard candidate.header == column else { return false }
                switch candidate.content {
                case .free, .fixed: return true
                default: return false
                }
            }
            guard let fillable else {
                out.append(
                    .error(CourierText.notAProfileColumn(column: column, profile: profile.title).text(), file: file, line: value.line))
                continue
            }
            if case .failure(let unfit) = ImportProfile.written(value.value, fillable, profile: profile) {
                out.append(.error(unfit.text, file: file, line: value.line))
            }
        }
        return out
    }

    /// An anonymised-data task against the catalog: no column that identifies or links to a person (PPC Rule
    /// 34(1)-(3)), each field in one column, no attribute the catalog rates quasi-identifying, every form of every
    /// ladder one the catalog has (or `null`), codes only on numbers, generalisation only of quasi-identifiers, an l
    /// that sensitive columns can reach, and ladders the search can try.
    private static func diagnose(_ anonymised: AnonymisedData, file: String, catalog: Catalog) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var columnOf: [String: String] = [:]
        for column in anonymised.columns {
            if let first = columnOf[column.fieldForm.field] {
                out.append(
                    .error(
                        AnonymisationText.fieldInTwoColumns(column: column.name, field: column.fieldForm.field, first: first).text(),
                        file: file, line: column.line))
            } else {
                columnOf[column.fieldForm.field] = column.name
            }
            // An attribute is published as it is, outside every class: a quasi-identifying one would link rows back.
            if column.role == .attribute, catalog.variant(column.fieldForm)?.identifiability == .quasi {
                out.append(
                    .error(
                        AnonymisationText.quasiIdentifyingUndeclared(
                            column: column.name, column.fieldForm, role: column.role.rawValue
                        ).text(), file: file, line: column.line))
            }
            let steps = [Located(column.fieldForm.form, line: column.line)] + column.generalisations
            for step in steps where step.value != .null {
                let fieldForm = FieldForm(column.fieldForm.field, step.value)
                if let error = unknown(fieldForm, catalog: catalog) {
                    out.append(.error(error, file: file, line: step.line))
                } else if step.value == .hmac || catalog.variant(fieldForm)?.identifiability == .direct
                    || catalog.field(fieldForm.field)?.paymentCredential == true
                {
                    out.append(
                        .error(
                            AnonymisationText.columnIdentifies(column: column.name, fieldForm).text(), file: file,
                            line: step.line))
                }
            }
            if column.topCode != nil || column.bottomCode != nil, let field = catalog.field(column.fieldForm.field),
                !field.numeric
            {
                out.append(
                    .error(AnonymisationText.codingNeedsNumber(column: column.name, field: field.id).text(), file: file, line: column.line))
            }
            if let bottom = column.bottomCode, let top = column.topCode, bottom >= top {
                out.append(
                    .error(AnonymisationText.codesCross(column: column.name, bottom: bottom, top: top).text(), file: file, line: column.line))
            }
            if column.role != .quasiIdentifier, let step = column.generalisations.first {
                out.append(
                    .error(AnonymisationText.onlyQuasiIdentifiersGeneralise(column: column.name).text(), file: file, line: step.line))
            }
        }
        let quasi = anonymised.quasiIdentifiers
        if quasi.isEmpty {
            out.append(.error(AnonymisationText.noQuasiIdentifier.text(), file: file, line: anonymised.line))
        }
        if let l = anonymised.l {
            if anonymised.sensitive.isEmpty {
                out.append(.error(AnonymisationText.diversityWithoutSensitive(l: l).text(), file: file, line: anonymised.line))
            } else if l > anonymised.k {
                out.append(.error(AnonymisationText.diversityAboveK(l: l, k: anonymised.k).text(), file: file, line: anonymised.line))
            }
        }
        let combinations = quasi.reduce(1) { $0 * $1.ladder.count }
        if combinations > AnonymisedData.searchLimit {
            out.append(
                .error(
                    AnonymisationText.searchTooLarge(combinations: combinations, limit: AnonymisedData.searchLimit).text(),
                    file: file, line: anonymised.line))
        }
        return out
    }

    /// A statistics task's table against the catalog: every dimension a form the catalog has that does not tell
    /// people apart, every sum and mean of a numeric field, and no protection below the catalog's.
    private static func diagnose(_ table: StatisticsTable, file: String, catalog: Catalog) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for dimension in table.dimensions {
            if let error = unknown(dimension.fieldForm, catalog: catalog) {
                out.append(.error(error, file: file, line: dimension.line))
            } else if dimension.fieldForm.form == .hmac || catalog.variant(dimension.fieldForm)?.identifiability == .direct {
                out.append(
                    .error(
                        StatisticsText.dimensionIdentifies(dimension: dimension.name, dimension.fieldForm).text(), file: file,
                        line: dimension.line))
            }
        }
        for measure in table.measures {
            switch (measure.kind, measure.field) {
            case (.count, nil):
                break
            case (.count, .some):
                out.append(.error(StatisticsText.countTakesNoField(measure: measure.name).text(), file: file, line: measure.line))
            case (_, nil):
                out.append(
                    .error(StatisticsText.measureNeedsField(measure: measure.name, measure.kind).text(), file: file, line: measure.line))
            case (_, let id?):
                guard let field = catalog.field(id) else {
                    out.append(.error(DocumentText.fieldNotInCatalog(id).text(), file: file, line: measure.line))
                    continue
                }
                if !field.numeric {
                    out.append(
                        .error(
                            StatisticsText.measureFieldNotNumeric(measure: measure.name, field: id).text(), file: file,
                            line: measure.line))
                }
            }
        }
        if table.protection.dominance != nil && !table.measures.contains(where: { $0.kind != .count }) {
            out.append(.error(StatisticsText.dominanceWithoutSum.text(), file: file, line: table.protection.line))
        }
        let floor = catalog.company.statistics.minimumFrequency
        if let minimum = table.protection.minimumFrequency, minimum < floor {
            out.append(
                .error(
                    StatisticsText.minimumBelowCatalog(task: minimum, catalog: floor).text(), file: file,
                    line: table.protection.line))
        }
        return out
    }

    private static func diagnose(_ sourced: Sourced<ContractorProfile>, catalog: Catalog) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for sub in sourced.document.subContractors {
            for purpose in sub.purposes where catalog.purpose(purpose) == nil {
                out.append(
                    .error(
                        DocumentText.subContractorPurposeNotInCatalog(subContractor: sub.id, purpose: purpose).text(),
                        file: sourced.file,
                        line: sub.line))
            }
        }
        return out
    }

    private static func diagnose(
        _ sourced: Sourced<Agreement>, catalog: Catalog, profiles: [String: ContractorProfile]
    ) -> [Diagnostic] {
        let agreement = sourced.document
        let file = sourced.file
        var out: [Diagnostic] = []
        let profile = profiles[agreement.contractor]
        if profile == nil {
            out.append(
                .error(
                    DocumentText.contractorMissing(agreement.contractor).text(),
                    file: file, line: sourced.line))
        }
        if agreement.effectiveTo < agreement.effectiveFrom {
            out.append(
                .error(
                    DocumentText.effectiveBackwards(to: agreement.effectiveTo, from: agreement.effectiveFrom).text(),
                    file: file, line: agreement.effectiveLine))
        }
        for purpose in agreement.purposes where catalog.purpose(purpose) == nil {
            out.append(
                .error(
                    DocumentText.purposeNotInCatalog(purpose, namingCatalogFile: false).text(), file: file,
                    line: agreement.purposesLine))
        }
        for permission in agreement.permitted {
            let p = permission.value
            if let error = unknown(FieldForm(p.field, p.form ?? .keep), catalog: catalog) {
                out.append(.error(error, file: file, line: permission.line))
            }
        }
        for approved in agreement.approvedSubContractors {
            if let profile, !profile.subContractors.contains(where: { $0.id == approved.subContractor }) {
                out.append(
                    .error(
                        DocumentText.subContractorMissing(
                            approved.subContractor, contractor: agreement.contractor,
                            declared: profile.subContractors.map(\.id)
                        ).text(),
                        file: file, line: approved.line))
            }
            for purpose in approved.purposes where !agreement.purposes.contains(purpose) {
                out.append(
                    .error(
                        DocumentText.subContractorPurposeNotCovered(approved.subContractor, purpose: purpose).text(),
                        file: file, line: approved.line))
            }
            if !agreement.subContractingAllowed {
                out.append(
                    .error(
                        DocumentText.subContractingNotAllowed(approved.subContractor).text(),
                        file: file, line: approved.line))
            }
        }
        if let terms = agreement.provision {
            if let field = catalog.field(terms.consentField) {
                if !(field.provisionConsent?.covers(contractor: agreement.contractor, terms) ?? false) {
                    out.append(
                        .error(
                            DocumentText.provisionConsentFieldNotForRecipient(
                                field: field.id, contractor: agreement.contractor, category: terms.recipientCategory
                            ).text(), file: file, line: terms.line))
                }
            } else {
                out.append(.error(DocumentText.provisionConsentFieldMissing(terms.consentField).text(), file: file, line: terms.line))
            }
        }
        let missing = agreement.clauses.missing
        if !missing.isEmpty {
            out.append(
                .warning(
                    DocumentText.clausesMissing(agreement: agreement.id, version: agreement.version, letters: missing).text(),
                    file: file, line: sourced.line))
        }
        if agreement.effectiveFrom < agreement.signed {
            out.append(.warning(AuditText.agreementSignedLate(agreement, firstTransfer: nil).text(), file: file, line: sourced.line))
        }
        let foreign = agreement.foreignCountries(home: catalog.company.homeCountry)
        if !foreign.isEmpty, agreement.foreignBasis == nil {
            out.append(
                .warning(
                    DocumentText.foreignWithoutBasis(agreement: agreement.id, version: agreement.version, countries: foreign)
                        .text(),
                    file: file, line: sourced.line))
        }
        return out
    }

    private static func overlaps(_ set: DocumentSet) -> [Diagnostic] {
        let files = Dictionary(
            set.agreements.map { ("\($0.document.id)#\($0.document.version)", ($0.file, $0.line)) }
        ) { a, _ in a }
        return set.agreementHistories.overlaps().map { overlap in
            let second = files["\(overlap.second.id)#\(overlap.second.version)"]
            let first = files["\(overlap.first.id)#\(overlap.first.version)"]
            return .error(
                DocumentText.agreementsOverlap(
                    first: overlap.first.id, firstVersion: overlap.first.version, firstFile: first?.0 ?? "?",
                    second: overlap.second.id, secondVersion: overlap.second.version, contractor: overlap.first.contractor,
                    purpose: overlap.purpose, on: overlap.on
                ).text(),
                file: second?.0, line: second?.1 ?? 0)
        }
    }

    /// A sub-contractor a contractor declares for a purpose that no version of its agreements approves.
    private static func unapprovedSubContractors(
        _ set: DocumentSet, profiles: [String: ContractorProfile]
    ) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for sourced in set.contractors where profiles[sourced.document.id] == sourced.document {
            let agreements = set.agreements.map(\.document).filter { $0.contractor == sourced.document.id }
            for sub in sourced.document.subContractors {
                for purpose in sub.purposes {
                    let approved = agreements.contains { agreement in
                        agreement.approvedSubContractors.contains {
                            $0.subContractor == sub.id && $0.purposes.contains(purpose)
                        }
                    }
                    if !approved {
                        out.append(
                            .warning(
                                DocumentText.subContractorNotApproved(
                                    sub.id, purpose: purpose, contractor: sourced.document.id
                                ).text(),
                                file: sourced.file, line: sub.line))
                    }
                }
            }
        }
        return out
    }

    /// Why a field form names nothing in the catalog, or nil when it exists.
    static func unknown(_ fieldForm: FieldForm, catalog: Catalog) -> String? {
        guard let field = catalog.field(fieldForm.field) else {
            return DocumentText.fieldNotInCatalog(fieldForm.field).text()
        }
        guard field.variant(fieldForm.form) != nil else {
            let forms = ["keep"] + field.derived.map(\.form.description)
            return DocumentText.formNotInCatalog(field: field.id, form: fieldForm.form, forms: forms).text()
        }
        return nil
    }
}
