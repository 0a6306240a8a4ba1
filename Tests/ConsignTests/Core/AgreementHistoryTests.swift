import ConsignCore
import Testing

@Suite struct AgreementHistoryTests {
    let v1 = agreement("AG-1", version: 1, from: "2024-04-01", to: "2031-03-31", purposes: ["prizes", "surveys"])
    /// An amendment from 2026-04-01 that narrows the agreement to prizes and ends it earlier.
    let v2 = agreement("AG-1", version: 2, from: "2026-04-01", to: "2027-03-31", purposes: ["prizes"])

    @Test func aNewVersionSupersedesTheEarlierOnesFromItsOwnEffectiveFrom() {
        let history = AgreementHistory(versions: [v2, v1])
        #expect(history.versions.map(\.version) == [1, 2])
        #expect(history.inForce(on: CalendarDate("2024-03-31")!) == nil)
        #expect(history.inForce(on: CalendarDate("2024-04-01")!)?.version == 1)
        #expect(history.inForce(on: CalendarDate("2026-03-31")!)?.version == 1)
        #expect(history.inForce(on: CalendarDate("2026-04-01")!)?.version == 2)
        // effective_to is inclusive, and v1's later end date does not revive it after v2 ends.
        #expect(history.inForce(on: CalendarDate("2027-03-31")!)?.version == 2)
        #expect(history.inForce(on: CalendarDate("2027-04-01")!) == nil)
        #expect(history.current(on: CalendarDate("2027-04-01")!)?.version == 2)
    }

    @Test func coverageSaysPurposeNotCoveredWhenAnAgreementIsInForce() {
        let histories = [AgreementHistory(versions: [v1, v2])]
        let before = CalendarDate("2025-01-01")!, after = CalendarDate("2026-05-01")!
        #expect(histories.coverage(purpose: "surveys", on: before) == .covered(v1))
        #expect(histories.coverage(purpose: "surveys", on: after) == .purposeNotCovered(inForce: [v2]))
        #expect(histories.coverage(purpose: "prizes", on: after) == .covered(v2))
        #expect(histories.coverage(purpose: "prizes", on: CalendarDate("2030-01-01")!) == .noAgreementInForce)
    }

    @Test func overlappingAgreementsOfOneContractorAreFoundWithTheFirstDate() {
        let other = agreement("AG-2", from: "2026-06-01", to: "2030-12-31", purposes: ["surveys", "prizes"])
        let overlaps = [AgreementHistory(versions: [v1, v2]), AgreementHistory(versions: [other])].overlaps()
        #expect(overlaps.count == 1)
        #expect(overlaps.first?.on == CalendarDate("2026-06-01"))
        #expect(overlaps.first?.purpose == "prizes")
        // Another contractor's agreement never conflicts.
        let elsewhere = agreement("AG-3", contractor: "d", from: "2024-01-01", to: "2035-01-01", purposes: ["prizes"])
        #expect([AgreementHistory(versions: [v1]), AgreementHistory(versions: [elsewhere])].overlaps().isEmpty)
    }

    /// On random histories, the overlap search agrees with checking every single day.
    @Test func overlapSearchAgreesWithADayByDayScan() {
        var random = SplitMix64(seed: 42)
        let purposes = ["a", "b", "c"]
        let base = CalendarDate("2025-01-01")!
        func randomAgreement(_ id: String, version: Int) -> Agreement {
            let from = base.adding(days: Int.random(in: 0..<120, using: &random))
            let to = from.adding(days: Int.random(in: -5..<90, using: &random))
            let chosen = purposes.filter { _ in Bool.random(using: &random) }
            return agreement(id, version: version, from: "\(from)", to: "\(to)", purposes: chosen.isEmpty ? ["a"] : chosen)
        }
        for _ in 0..<400 {
            let histories = ["X", "Y"].map { id in
                AgreementHistory(versions: (1...Int.random(in: 1...3, using: &random)).map { randomAgreement(id, version: $0) })
            }
            var bruteForce: CalendarDate?
            for offset in 0..<260 {
                let day = base.adding(days: offset)
                let x = histories[0].inForce(on: day), y = histories[1].inForce(on: day)
                if let x, let y, x.purposes.contains(where: y.purposes.contains) {
                    bruteForce = day
                    break
                }
            }
            #expect(histories.overlaps().first?.on == bruteForce)
        }
    }
}
