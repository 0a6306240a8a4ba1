import ConsignCore
import Foundation
import Testing

@testable import ConsignPipeline

/// A courier's row is written byte by byte when every value is already as the courier prints it, and through
/// formatting and checks otherwise: both ways give the same bytes for every row both accept, and the direct
/// way is the one taken for the usual row.
@Suite struct ProfileRowsTests {
    static let forms = [
        FieldForm("customer.id", .hmac), FieldForm("person.name"), FieldForm("address.postal_code"),
        FieldForm("address.prefecture"), FieldForm("address.city"), FieldForm("address.street"), FieldForm("contact.phone"),
    ]

    static func rows() throws -> ProfileRows {
        let use = ImportProfileUse(name: "yamato-b2", line: 1, inputs: [:], values: ["品名１": Located("書籍", line: 2)])
        let sender = Sender(
            name: "株式会社クモラーニング", postalCode: "150-0002", address: "東京都渋谷区渋谷2-21-1", phone: "03-5468-1234",
            accounts: ["yamato-b2": CourierAccount(customerCode: "0312345678", fareNumber: "01")])
        return try ProfileRows(
            use, columns: forms, sender: sender, taskFile: "task.xml", catalogFile: "catalog.xml",
            on: CalendarDate("2026-11-18")!, encoding: .cp932)
    }

    /// Both ways on one record; nil for a row the courier would not take.
    static func written(_ values: [String], _ rows: ProfileRows) -> (direct: [UInt8]?, formatted: [UInt8]?) {
        let buffers = values.map { value -> UnsafeMutableRawBufferPointer in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: value.utf8.count, alignment: 1)
            buffer.copyBytes(from: value.utf8)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        return buffers.map { UnsafeRawBufferPointer($0) }.withUnsafeBufferPointer { cells in
            let base = UnsafeMutablePointer<UInt8>.allocate(capacity: rows.directBound(cells)!)
            defer { base.deallocate() }
            let direct = rows.writeDirectly(cells, to: base).map { Array(UnsafeBufferPointer(start: base, count: $0)) }
            #expect((direct?.count ?? 0) <= rows.directBound(cells)!)
            var formatted: [UInt8] = []
            switch rows.row(cells) {
            case .success(let row):
                try? CSVWriter.appendRecord(row.map(FormulaGuard.guarded), encoding: .cp932, to: &formatted)
                return (direct, formatted)
            case .failure:
                return (direct, nil)
            }
        }
    }

    static let hmac = String(repeating: "0123456789abcdef", count: 4)

    @Test(arguments: [
        ["山田 太郎", "100-0001", "東京都", "千代田区", "1-1-1", "090-1234-5678"],
        ["髙橋 〜", "100-0001", "東京都", "千代田区", "1-1-1", "090-1234-5678"],
        ["渡辺 ～−", "1000001", "東京都", "千代田区", "2-20-12 サンハイツ 1504号室", "09012345678"],
        ["ｻﾄｳ", "100-0001", "東京都", "千代田区", "1-1", "03-1234-5678"],
        ["Smith, John", "100-0001", "東京都", "港区", "1-1", "03-1234-5678"],
        ["=cmd", "100-0001", "東京都", "港区", "1-1", "03-1234-5678"],
        ["山田", "100-0001", "東京都", "港区", "-1-1", "03-1234-5678"],
        ["山田", "100-0001", "東京都", "港区", String(repeating: "丸", count: 30) + " 館", "03--1234-5678"],
        ["", "100-0001", "東京都", "港区", "1-1", "03-1234-5678"],
        ["山田", "100-0001", "", "", "", "03-1234-5678"],
        ["①", "100-0001", "東京都", "港区", "1-1", "+81 3 1234 5678"],
        ["山田", "100-0001", "東京都", "港区", "2-27-19 グランドタワー, 7F", "+81 90 8430 4408"],
        ["山田", "100-0001", "東京都", "港区", "2-27-19 \"タワー\"", "(03)1234-5678"],
        ["山田", "100-0001", "東京都", "港区", "1-1", "+82 90 8430 4408"],
    ])
    func bothWaysWriteTheSameBytes(_ values: [String]) throws {
        let rows = try Self.rows()
        let (direct, formatted) = Self.written([Self.hmac] + values, rows)
        if let direct { #expect(direct == formatted, "\(values)") }
        #expect(direct == nil || formatted != nil, "a row written directly is one the courier takes: \(values)")
    }

    @Test(arguments: [
        ["山田 太郎", "100-0001", "東京都", "千代田区", "1-1-1", "090-1234-5678"],
        ["山田 太郎", "100-0001", "東京都", "千代田区", "9-3-4 グランドタワー, 9F", "+81 90 8430 4408"],
    ])
    func theUsualRowsAreWrittenDirectly(_ values: [String]) throws {
        let (direct, formatted) = Self.written([Self.hmac] + values, try Self.rows())
        #expect(direct != nil && direct == formatted)
    }
}
