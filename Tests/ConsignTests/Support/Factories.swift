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

/// A deterministic pseudo-random generator (SplitMix64), so property tests are reproducible by seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
