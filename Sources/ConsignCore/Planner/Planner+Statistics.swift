extension Planner {
    /// Whether a statistics or anonymised-data task may release its table or records on the date: every field it
    /// reads collected for the task's purpose, and, when they go to a contractor (`published` false), the contractor's
    /// standing and an agreement in force for the purpose. Neither holds anyone's personal data, so what an agreement
    /// permits of fields, countries and delivery does not apply. The release's re-check at the commit repeats it.
    public static func releaseStanding(_ request: PlanRequest, published: Bool) -> (agreement: Agreement?, reasons: [PlanReason]) {
        let task = request.task
        var reasons: [PlanReason] = []
        let table = task.statistics
        let fields =
            (table?.dimensions.map(\.fieldForm.field) ?? []) + (table?.summedFields ?? [])
            + (task.anonymised?.columns.map(\.fieldForm.field) ?? [])
        for field in Array(Set(fields)).sorted() where !request.catalog.collects(field, for: task.purpose) {
            reasons.append(PlanReason(.notCollected(field: field, purpose: task.purpose)))
        }
        guard !published else { return (nil, reasons) }
        reasons += contractorReasons(request)
        let (agreement, uncovered) = agreementInForce(request)
        return (agreement, reasons + uncovered)
    }
}
