import ConsignCore
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
}
