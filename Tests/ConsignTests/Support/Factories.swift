import ConsignCore

/// A minimal agreement version for tests of the rules that do not read the rest of it.
func agreement(
    _ id: String, version: Int = 1, contractor: String = "c", from: String, to: String, purposes: [String],
    permitted: [Permission] = [], countries: [String] = ["JP"]
) -> Agreement {
    Agreement(
        id: id, version: version, contractor: contractor, title: "\(id) v\(version)", relationship: .entrustment,
        signatories: [], signed: CalendarDate(from)!, effectiveFrom: CalendarDate(from)!, effectiveTo: CalendarDate(to)!,
        purposes: purposes, permitted: permitted.map { Located($0) }, dataSubjects: ["customers"], countries: countries,
        retentionMaxDays: 30, clauses: Clauses(), signedDocument: SignedDocument(reference: "x.pdf", sha256: ""))
}
