import ConsignCore
import ConsignKeys
import ConsignPipeline
import ConsignStore
import Crypto
import Foundation
import Testing

@Suite struct FieldTransformTests {
    let today = CalendarDate("2026-11-18")!

    func apply(_ form: Form, _ value: String, key: SymmetricKey? = nil) throws -> String {
        try FieldTransform(form: form, pseudonymKey: key, asOf: today).apply(value)
    }

    @Test func formsTransformValuesAsNamed() throws {
        #expect(try apply(.keep, "A&B <東棟>") == "A&B <東棟>")
        #expect(try apply(.null, "secret") == "")
        #expect(try apply(.prefix(3), "160-0022") == "160")
        #expect(try apply(.prefix(2), "東京都") == "東京")
        #expect(try apply(.prefix(9), "ab") == "ab")
        #expect(try apply(.mask(keepLast: 4), "090-1234-5678") == "*********5678")
        #expect(try apply(.mask(keepLast: 4), "123") == "123")
        #expect(try apply(.mask(keepLast: 0), "東京") == "**")
        #expect(try apply(.year, "1992-04-04") == "1992")
        #expect(try apply(.year, "2021-11-21T02:39:21Z") == "2021")
        #expect(try apply(.bucket(10000), "187165") == "180000-189999")
        #expect(try apply(.bucket(100), "0") == "0-99")
        #expect(try apply(.bucket(100), "-1") == "-100--1")
    }

    /// The age is counted as of the extract's date: the band changes on the birthday, not before.
    @Test func ageBandsCountAgeOnTheExtractDate() throws {
        #expect(try apply(.ageBand(10), "1996-11-18") == "30-39")
        #expect(try apply(.ageBand(10), "1996-11-19") == "20-29")
        #expect(try apply(.ageBand(10), "2026-11-18") == "0-9")
        #expect(try apply(.ageBand(5), "1961-09-12") == "65-69")
        // Born on 29 February: a year older on 1 March in a common year.
        let leap = FieldTransform(form: .ageBand(10), pseudonymKey: nil, asOf: CalendarDate("2030-02-28")!)
        #expect(try leap.apply("2000-02-29") == "20-29")
        let march = FieldTransform(form: .ageBand(10), pseudonymKey: nil, asOf: CalendarDate("2030-03-01")!)
        #expect(try march.apply("2000-02-29") == "30-39")
    }

    @Test func emptyValuesStayEmptyInEveryForm() throws {
        let key = SymmetricKey(size: .bits256)
        for form in [Form.keep, .hmac, .year, .null, .prefix(3), .ageBand(10), .bucket(10), .mask(keepLast: 4)] {
            #expect(try apply(form, "", key: key) == "", "\(form)")
        }
    }

    @Test func valuesThatAreNotDatesOrNumbersAreRefused() {
        #expect(throws: FieldTransform.Failure.notADate("1992/04/04")) { try apply(.year, "1992/04/04") }
        #expect(throws: FieldTransform.Failure.notADate("1992-02-30")) { try apply(.ageBand(10), "1992-02-30") }
        #expect(throws: FieldTransform.Failure.notADate("1992-04-04 10:00")) { try apply(.year, "1992-04-04 10:00") }
        #expect(throws: FieldTransform.Failure.notANumber("12.5")) { try apply(.bucket(10), "12.5") }
    }

    /// Pseudonyms: HMAC-SHA-256 in lowercase hex with the contractor's key, HKDF-derived from the master
    /// key with salt consign/v1 and info pseudonym:<contractor>; recomputed here independently.
    @Test func pseudonymsAreStablePerContractorAndDifferBetweenContractors() throws {
        let directory = try temporaryDirectory()
        let keyFile = directory.appending(path: "master.key")
        let master = try MasterKey.create(at: keyFile)
        let bytes = [UInt8](try Data(contentsOf: keyFile))
        for contractor in ["hayate-transport", "nordstat"] {
            let transform = FieldTransform(form: .hmac, pseudonymKey: master.derive("pseudonym:\(contractor)"), asOf: today)
            let key = rfc5869(ikm: bytes, salt: Array("consign/v1".utf8), info: Array("pseudonym:\(contractor)".utf8), length: 32)
            let expected = hexString(hmacSHA256(key: key, message: Array("C00000001".utf8)))
            #expect(try transform.apply("C00000001") == expected)
            #expect(try transform.apply("C00000001") == transform.apply("C00000001"))
        }
        let a = FieldTransform(form: .hmac, pseudonymKey: master.derive("pseudonym:hayate-transport"), asOf: today)
        let b = FieldTransform(form: .hmac, pseudonymKey: master.derive("pseudonym:nordstat"), asOf: today)
        #expect(try a.apply("C00000001") != b.apply("C00000001"))
        #expect(try a.apply("C00000001").count == 64)
    }

    /// Every transform is total: for the extremes of its input and the widths the documents allow, and for
    /// random numbers, it gives a value or a `Failure`, never a trap (a trap ends this test process). A
    /// bucket holds its number, is `width` wide and starts on a multiple of it.
    @Test func everyTransformIsTotal() throws {
        let numbers = [Int.min, Int.min + 1, Int.min + 9, -1_000_000_007, -10, -1, 0, 1, 9, 10, 1_000_000_007, Int.max - 9, Int.max - 1, Int.max]
        var random = SplitMix64(seed: 19)
        let values =
            numbers.map(String.init) + (0..<2_000).map { _ in String(Int(bitPattern: UInt(random.next()))) }
            + ["+0", "-0", "+12", "99999999999999999999", "-99999999999999999999", "0x10", "1e3", " 1", "١٢", "0001-01-01",
               "9999-12-31", "9999-12-31T23:59:59Z", "2026-02-29", "0000-01-01", "2026-13-01", "東京都千代田区", "\u{FFFD}"]
        let widths = [1, 2, 3, 7, 10, 100, 999_999_999]
        let forms: [Form] =
            [.keep, .null, .year] + widths.flatMap { [Form.prefix($0), .ageBand($0), .bucket($0)] } + [0, 1, 999].map { Form.mask(keepLast: $0) }
        for form in forms {
            for asOf in [CalendarDate("0001-01-01")!, today, CalendarDate("9999-12-31")!] {
                let transform = FieldTransform(form: form, pseudonymKey: nil, asOf: asOf)
                for value in values {
                    let result = Result { try transform.apply(value) }
                    guard case .bucket(let width) = form, case .success(let bucket) = result, let number = Int(value) else { continue }
                    let bounds = try #require(bucket.wholeMatch(of: /(-?[0-9]+)-(-?[0-9]+)/))
                    let low = try #require(Int(bounds.1)), high = try #require(Int(bounds.2))
                    #expect(low <= number && number <= high && high - low == width - 1 && low % width == 0, "\(form) of \(value): \(bucket)")
                }
            }
        }
        #expect(throws: FieldTransform.Failure.outOfRange(String(Int.min))) { try apply(.bucket(10), String(Int.min)) }
        #expect(throws: FieldTransform.Failure.outOfRange(String(Int.max))) { try apply(.bucket(10), String(Int.max)) }
        #expect(try apply(.bucket(1), String(Int.max)) == "\(Int.max)-\(Int.max)")
        #expect(try apply(.bucket(10), String(Int.min + 8)) == "\(Int.min + 8)-\(Int.min + 17)")
    }
}
