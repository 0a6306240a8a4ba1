extension Planner {
    /// Whether a statistics task may release its table on the date: every field its table reads collected for
    /// the task's purpose, and, when the table goes to a contractor (`published` false), the contractor's standing
    /// and an agreement in force for the purpose. The table holds nobody's data, so what an agreement permits of
    /// fields, countries and delivery does not apply. The release's re-check at the commit repeats it.
    public static func releaseStanding(_ request: PlanRequest, published: Bool) -> (agreement: Agreement?, reasons: [PlanReason]) {
        let task = request.task
        var reasons: [PlanReason] = []
        let table = task.statistics
        let fields = (table?.dimensions.map(\.fieldForm.field) ?? []) + (table?.summedFields ?? [])
        for field in Array(Set(fields)).sorted() where !request.catalog.collects(field, for: task.purpose) {
            reasons.append(PlanReason(.notCollected(field: field, purpose: task.purpose)))
        }
        guard !published else { return (nil, reasons) }
        reasons += contractorReasons(request)
        let (agreement, uncovered) = agreementInForce(request)
        return (agreement, reasons + uncovered)
    }
}
