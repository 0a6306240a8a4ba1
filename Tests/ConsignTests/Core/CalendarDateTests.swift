import ConsignCore
import Testing

@Suite struct CalendarDateTests {
    @Test func parsesAndPrintsTheXSDDateForm() throws {
        let date = try #require(CalendarDate("2024-02-29"))
        #expect(date.year == 2024 && date.month == 2 && date.day == 29)
        #expect(date.description == "2024-02-29")
    }

    @Test func refusesImpossibleAndMalformedDates() {
        for text in ["2026-02-29", "2026-13-01", "2026-04-31", "2026-4-01", "26-04-01", "2026-04-01Z", "", "２０２６-04-01"] {
            #expect(CalendarDate(text) == nil, "\(text)")
        }
    }

    /// Day arithmetic agrees with counting days one at a time through the calendar.
    @Test func dayNumbersAgreeWithANaiveCalendarWalk() throws {
        var date = try #require(CalendarDate("1969-12-25"))
        var number = date.dayNumber
        #expect(CalendarDate("1970-01-01")!.dayNumber == 0)
        for _ in 0..<(366 * 160) {
            let next: CalendarDate
            if let d = CalendarDate(year: date.year, month: date.month, day: date.day + 1) {
                next = d
            } else if let d = CalendarDate(year: date.year, month: date.month + 1, day: 1) {
                next = d
            } else {
                next = CalendarDate(year: date.year + 1, month: 1, day: 1)!
            }
            number += 1
            #expect(next.dayNumber == number)
            #expect(CalendarDate(dayNumber: number) == next)
            #expect(date.adding(days: 1) == next && next.adding(days: -1) == date)
            #expect(date < next)
            date = next
        }
    }

    @Test func addingYearsKeepsTheDayOrFallsBackFromLeapDay() {
        #expect(CalendarDate("2024-02-29")!.adding(years: 1) == CalendarDate("2025-02-28"))
        #expect(CalendarDate("2025-11-26")!.adding(years: 1) == CalendarDate("2026-11-26"))
        #expect(CalendarDate("2026-11-26")!.days(since: CalendarDate("2025-11-26")!) == 365)
    }

    @Test func timestampsRoundTripAndGiveTheLocalDate() throws {
        let t = try #require(Timestamp("2026-11-26T15:30:00Z"))
        #expect(t.description == "2026-11-26T15:30:00Z")
        #expect(t.date() == CalendarDate("2026-11-26"))
        // 00:30 the next day in Tokyo (UTC+9).
        #expect(t.date(offsetSeconds: 9 * 3600) == CalendarDate("2026-11-27"))
        #expect(Timestamp(secondsSinceEpoch: 1_795_000_000).description == "2026-11-18T11:06:40Z")
        for bad in ["2026-11-26 15:30:00Z", "2026-11-26T25:00:00Z", "2026-11-26T15:30:00", "x"] {
            #expect(Timestamp(bad) == nil, "\(bad)")
        }
    }
}
