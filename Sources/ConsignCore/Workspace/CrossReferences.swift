/// The rules that tie the workspace's documents together: every id a document names exists, no two files
/// claim the same id and version, agreements are well formed in time, and what JIS Q 15001 and APPI
/// expect of them is present. Errors make `consign check` (and registration) fail; warnings do not.
public enum CrossReferences {
    public static func diagnose(_ set: DocumentSet) -> [Diagnostic] {
        var out: [Diagnostic] = []
        out += duplicates(set)
        guard let catalog = set.catalog else {
            out.append(.error("no catalog: templates/ must hold one catalog document (catalog.xml)", file: "templates"))
            return out
        }
        out += diagnose(catalog)
        for task in set.tasks { out += diagnose(task, catalog: catalog.document) }
        for contractor in set.contractors { out += diagnose(contractor, catalog: catalog.document) }
        let profiles = Dictionary(set.contractors.map { ($0.document.id, $0.document) }) { a, b in
            a.version >= b.version ? a : b
        }
        for agreement in set.agreements {
            out += diagnose(agreement, catalog: catalog.document, profiles: profiles)
        }
        out += overlaps(set)
        out += unapprovedSubContractors(set, profiles: profiles)
        return out
    }

    private static func duplicates(_ set: DocumentSet) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func check(_ kind: String, _ items: [(key: String, file: String, line: Int)]) {
            var first: [String: (file: String, line: Int)] = [:]
            for item in items {
                if let earlier = first[item.key] {
                    out.append(
                        .error(
                            "\(kind) \(item.key) is also defined in \(earlier.file):\(earlier.line); "
                                + "two files must not have the same id and version",
                            file: item.file, line: item.line))
                } else {
                    first[item.key] = (item.file, item.line)
                }
            }
        }
        check("task", set.tasks.map { ("'\($0.document.id)' version \($0.document.version)", $0.file, $0.line) })
        check(
            "contractor profile",
            set.contractors.map { ("'\($0.document.id)' version \($0.document.version)", $0.file, $0.line) })
        check(
            "agreement", set.agreements.map { ("'\($0.document.id)' version \($0.document.version)", $0.file, $0.line) })
        // Versions of one agreement must name one contractor.
        for (id, versions) in Dictionary(grouping: set.agreements, by: { $0.document.id }) {
            let contractors = Set(versions.map(\.document.contractor))
            guard contractors.count > 1 else { continue }
            for version in versions.dropFirst() where version.document.contractor != versions[0].document.contractor {
                out.append(
                    .error(
                        "agreement '\(id)' version \(version.document.version) names contractor "
                            + "'\(version.document.contractor)', but version \(versions[0].document.version) "
                            + "(\(versions[0].file)) names '\(versions[0].document.contractor)'",
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
                    "subject key '\(catalog.subjectKey)' is not a field of the catalog",
                    file: sourced.file, line: catalog.subjectKeyLine))
        }
        for field in catalog.fields {
            for purpose in field.collectedFor where catalog.purpose(purpose) == nil {
                out.append(
                    .error(
                        "field '\(field.id)' is collected for purpose '\(purpose)', which is not in the catalog",
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
                    "purpose '\(task.purpose)' is not in the catalog (templates/catalog.xml)", file: file,
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
                                "option '\(option.id)' of need '\(need.id)' uses field '\(field.id)', which was not "
                                    + "collected for purpose '\(task.purpose)'; the planner will never choose it",
                                file: file, line: use.line))
                    }
                }
            }
        }
        for consent in task.rowScope.consents where catalog.field(consent.value) == nil {
            out.append(.error("consent field '\(consent.value)' is not in the catalog", file: file, line: consent.line))
        }
        for condition in task.rowScope.conditions {
            if catalog.field(condition.value.field) == nil {
                out.append(
                    .error(
                        "condition field '\(condition.value.field)' is not in the catalog", file: file,
                        line: condition.line))
            }
            if condition.value.op != .notEmpty, condition.value.value == nil {
                out.append(
                    .error(
                        "condition '\(condition.value.op.rawValue)' on '\(condition.value.field)' needs a value",
                        file: file, line: condition.line))
            }
            if condition.value.op == .atLeast || condition.value.op == .atMost,
                let value = condition.value.value, Double(value) == nil
            {
                out.append(
                    .error(
                        "condition '\(condition.value.op.rawValue)' compares numbers; '\(value)' is not a number",
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
                        "column '\(column.name)': \(column.fieldForm) already has a column in the layout", file: file,
                        line: column.line))
            } else if !used.contains(column.fieldForm) {
                out.append(
                    .warning(
                        "column '\(column.name)': no option uses \(column.fieldForm), so it is never written",
                        file: file, line: column.line))
            }
        }
        for missing in used.subtracting(laidOut).sorted() {
            let line = task.needs.flatMap(\.options).flatMap(\.uses).first { $0.value == missing }?.line ?? 0
            out.append(
                .error(
                    "\(missing) is used by an option but has no column in the layout; add a <column> for it",
                    file: file, line: line))
        }
        return out
    }

    private static func diagnose(_ sourced: Sourced<ContractorProfile>, catalog: Catalog) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for sub in sourced.document.subContractors {
            for purpose in sub.purposes where catalog.purpose(purpose) == nil {
                out.append(
                    .error(
                        "sub-contractor '\(sub.id)': purpose '\(purpose)' is not in the catalog", file: sourced.file,
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
                    "contractor '\(agreement.contractor)' does not exist: no profile in agreements/contractors/ "
                        + "and none registered",
                    file: file, line: sourced.line))
        }
        if agreement.effectiveTo < agreement.effectiveFrom {
            out.append(
                .error(
                    "effective to \(agreement.effectiveTo) is before effective from \(agreement.effectiveFrom)",
                    file: file, line: agreement.effectiveLine))
        }
        for purpose in agreement.purposes where catalog.purpose(purpose) == nil {
            out.append(
                .error("purpose '\(purpose)' is not in the catalog", file: file, line: agreement.purposesLine))
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
                        "sub-contractor '\(approved.subContractor)' does not exist: the profile of "
                            + "'\(agreement.contractor)' declares "
                            + (profile.subContractors.isEmpty
                                ? "no sub-contractors"
                                : profile.subContractors.map { "'\($0.id)'" }.joined(separator: ", ")),
                        file: file, line: approved.line))
            }
            for purpose in approved.purposes where !agreement.purposes.contains(purpose) {
                out.append(
                    .error(
                        "sub-contractor '\(approved.subContractor)' is approved for purpose '\(purpose)', "
                            + "which this agreement does not cover",
                        file: file, line: approved.line))
            }
            if !agreement.subContractingAllowed {
                out.append(
                    .error(
                        "sub-contractor '\(approved.subContractor)' is approved, but sub-contracting allowed=\"false\"",
                        file: file, line: approved.line))
            }
        }
        let missing = agreement.clauses.missing
        if !missing.isEmpty {
            let names = Clauses.catalogue.filter { missing.contains($0.letter) }
                .map { "\($0.letter)) \($0.subject) <\($0.element)>" }
            out.append(
                .warning(
                    "agreement '\(agreement.id)' version \(agreement.version) lacks clause"
                        + (missing.count == 1 ? " " : "s ") + names.joined(separator: ", ")
                        + " (JIS Q 15001 A.3.4.3.4)",
                    file: file, line: sourced.line))
        }
        let foreign = agreement.foreignCountries(home: catalog.company.homeCountry)
        if !foreign.isEmpty, agreement.foreignBasis == nil {
            out.append(
                .warning(
                    "agreement '\(agreement.id)' version \(agreement.version) sends data to "
                        + foreign.joined(separator: ", ")
                        + " without a <foreign-basis> (APPI Art. 28); the planner will refuse transfers under it",
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
                "agreements '\(overlap.first.id)' version \(overlap.first.version) (\(first?.0 ?? "?")) and "
                    + "'\(overlap.second.id)' version \(overlap.second.version) of contractor "
                    + "'\(overlap.first.contractor)' both cover purpose '\(overlap.purpose)' on \(overlap.on); "
                    + "end one before the other starts, or make the change a new version of one agreement",
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
                                "sub-contractor '\(sub.id)' is used for purpose '\(purpose)', but no agreement "
                                    + "with '\(sourced.document.id)' approves it",
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
            return "field '\(fieldForm.field)' is not in the catalog (templates/catalog.xml)"
        }
        guard field.variant(fieldForm.form) != nil else {
            let forms = ["keep"] + field.derived.map(\.form.description)
            return "field '\(field.id)' has no form '\(fieldForm.form)' in the catalog (it has: "
                + forms.joined(separator: ", ") + ")"
        }
        return nil
    }
}
