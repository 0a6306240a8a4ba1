import ConsignCore

/// A plan or a refusal as `consign plan` prints it (JSON keys in snake_case).
public struct PlanView: Codable, Sendable {
    public struct AgreementRef: Codable, Sendable {
        public var id: String
        public var version: Int
        public var sha256: String
        public var relationship: String
    }

    public struct SentView: Codable, Sendable {
        public var field: String
        public var form: String
        /// What the form adds to `cost`; the weights sum to `cost`.
        public var weight: Int
        public var identifiability: String
        /// A field of special care (APPI 要配慮個人情報).
        public var specialCare: Bool
        public var needs: [String]
    }

    public struct WithheldView: Codable, Sendable {
        public var field: String
        public var reason: String
        public var code: String
    }

    public struct ChoiceView: Codable, Sendable {
        public var need: String
        public var option: String
    }

    public struct BlockedView: Codable, Sendable {
        public struct OptionView: Codable, Sendable {
            public var option: String
            public var reasons: [String]
        }

        public var need: String
        /// Why the task needs it, as the task (or its courier's layout) says.
        public var reason: String
        public var options: [OptionView]
    }

    public var task: String
    public var title: String
    public var purpose: String
    public var contractor: String
    public var on: CalendarDate
    public var refused: Bool
    public var agreement: AgreementRef?
    public var cost: Int?
    public var fields: [SentView]
    public var choices: [ChoiceView]
    public var withheld: [WithheldView]
    public var fieldsSent: Int
    public var catalogFields: Int
    public var permittedFields: Int
    /// Task-level reasons for a refusal.
    public var reasons: [String]
    public var reasonCodes: [String]
    public var blocked: [BlockedView]

    public init(_ planned: Staff.Planned) {
        let outcome = planned.outcome
        switch outcome {
        case .plan(let plan):
            task = plan.task.id
            title = plan.task.title
            purpose = plan.task.purpose
            contractor = plan.contractor
            on = plan.on
            refused = false
            agreement = AgreementRef(plan.agreement, sha256: planned.agreementSHA256)
            cost = plan.cost
            fields = plan.sent.map {
                SentView(
                    field: $0.fieldForm.field, form: $0.fieldForm.form.description, weight: $0.weight,
                    identifiability: $0.identifiability.rawValue, specialCare: $0.specialCare, needs: $0.needs)
            }
            choices = plan.choices.map { ChoiceView(need: $0.need, option: $0.option) }
            withheld = plan.withheld.map { WithheldView(field: $0.field, reason: $0.reason.text(), code: $0.reason.code) }
            fieldsSent = plan.fieldsSent
            catalogFields = plan.catalogFieldCount
            permittedFields = plan.permittedFieldCount
            reasons = []
            reasonCodes = []
            blocked = []
        case .refused(let diagnosis):
            task = diagnosis.task.id
            title = diagnosis.task.title
            purpose = diagnosis.task.purpose
            contractor = diagnosis.contractor
            on = diagnosis.on
            refused = true
            agreement = diagnosis.agreement.map { AgreementRef($0, sha256: planned.agreementSHA256) }
            cost = nil
            fields = []
            choices = []
            withheld = []
            fieldsSent = 0
            catalogFields = 0
            permittedFields = 0
            reasons = diagnosis.reasons.map(\.message)
            reasonCodes = diagnosis.reasons.map(\.code)
            blocked = diagnosis.blocked.map { need in
                BlockedView(
                    need: need.need, reason: diagnosis.task.needs.first { $0.id == need.need }?.reason ?? "",
                    options: need.options.map { BlockedView.OptionView(option: $0.option, reasons: $0.reasons.map(\.message)) })
            }
        }
    }

    /// For people.
    public var text: String {
        var lines: [String] = []
        let agreementLine = agreement.map {
            PlanText.agreementLine(
                agreement: $0.id, version: $0.version, Agreement.Relationship(rawValue: $0.relationship) ?? .entrustment,
                sha256: $0.sha256
            ).text()
        }
        let separator = PlanText.separator.text()
        let purposeLine = PlanText.purposeLine(purpose: purpose).text() + (agreementLine.map { separator + $0 } ?? "")
        if refused {
            lines.append(PlanText.refused(task: task, title: title, contractor: contractor, on: on).text())
            lines.append(purposeLine)
            for reason in reasons { lines.append("  - \(reason)") }
            for need in blocked {
                lines.append("  - " + PlanText.needBlocked(need: need.need, reason: need.reason).text())
                for option in need.options {
                    lines.append("      " + PlanText.option(option.option).text() + ": " + option.reasons.joined(separator: separator))
                }
            }
            return lines.joined(separator: "\n")
        }
        lines.append(PlanText.planned(task: task, title: title, contractor: contractor, on: on).text())
        lines.append(purposeLine)
        lines.append("")
        let column = { (column: PlanText.Column) in PlanText.column(column).text() }
        var sent = TextTable([column(.field), column(.form), column(.weight), column(.needs)])
        for f in fields {
            let field = f.specialCare ? f.field + " " + PlanText.specialCareMark.text() : f.field
            sent.append([field, f.form, String(f.weight), f.needs.joined(separator: ", ")])
        }
        lines.append(sent.rendered)
        lines.append("")
        lines.append(PlanText.withheldHeading.text())
        var table = TextTable([column(.field), column(.why)])
        for w in withheld { table.append([w.field, w.reason]) }
        lines.append(table.rendered.split(separator: "\n").dropFirst().map { "  " + $0 }.joined(separator: "\n"))
        lines.append("")
        lines.append(
            PlanText.sends(fields: fieldsSent, of: catalogFields, cost: cost ?? 0, permitted: permittedFields).text())
        return lines.joined(separator: "\n")
    }
}

extension PlanView.AgreementRef {
    init(_ agreement: Agreement, sha256: String?) {
        self.init(
            id: agreement.id, version: agreement.version, sha256: sha256 ?? "", relationship: agreement.relationship.rawValue)
    }
}
