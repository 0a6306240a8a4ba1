import ConsignCore
import Foundation
import Testing

/// `ledger verify` walks every record against `RecordShape`, without decoding it; the audit decodes it.
/// They must agree on which records are events: the golden registers' records, and a few thousand of
/// their mutations (a pair dropped, repeated, moved, renamed, given another value; a pair appended; the
/// bytes cut short), are accepted by the shape exactly when the decoder accepts them.
@Suite struct RecordShapeTests {
    static func goldenRecords() throws -> [[UInt8]] {
        try GoldenRegisterTests.releases.flatMap { try GoldenRegisterTests.listing($0).events }.map { try #require([UInt8](hex: $0.body)) }
            + CanonicalRecordTests.events.map(\.record.bytes)
            + [5, 6].map {
                RegisterEvent(recordedAt: CanonicalRecordTests.at, recordedBy: "x", payload: CanonicalRecordTests.events[$0].payload, clock: .override)
                    .record.bytes
            }
    }

    static func pairs(_ bytes: [UInt8]) throws -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        let valid = bytes.withUnsafeBytes { raw in
            CanonicalRecord.forEachPair(in: raw) { key, value in out.append((String(decoding: key, as: UTF8.self), Array(value))) }
        }
        try #require(valid)
        return out
    }

    static func encode(_ pairs: [(String, [UInt8])]) -> [UInt8] {
        var bytes = CanonicalRecord.magic
        func put(_ part: [UInt8]) {
            let n = UInt32(part.count)
            bytes += [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + part
        }
        for (key, value) in pairs {
            put(Array(key.utf8))
            put(value)
        }
        return bytes
    }

    func agree(_ bytes: [UInt8], _ what: @autoclosure () -> String) {
        let decodes = RegisterEvent(bytes: bytes) != nil
        let walks = bytes.withUnsafeBytes { RecordShape.walk($0) != nil }
        #expect(decodes == walks, "\(what()): decoder \(decodes), shape \(walks)")
    }

    @Test func theShapeAcceptsExactlyWhatTheDecoderAccepts() throws {
        let values: [[UInt8]] = [
            [], Array("x".utf8), Array("-".utf8), Array("12".utf8), Array("2026-13-01".utf8), Array("2026-11-18".utf8),
            Array("2026-11-18T11:06:40Z".utf8), [0xFF, 0xFE], Array("stop-use".utf8), Array("erasure".utf8),
            Array("source-date-epoch".utf8), Array("system".utf8), Array("person.name:hmac".utf8), Array("person.name:bogus".utf8),
            Array("1234567890123456789".utf8),
        ]
        var checked = 0
        for record in try Self.goldenRecords() {
            agree(record, "a golden record")
            let pairs = try Self.pairs(record)
            for i in pairs.indices {
                var dropped = pairs
                dropped.remove(at: i)
                agree(Self.encode(dropped), "pair \(i) (\(pairs[i].0)) dropped")
                var repeated = pairs
                repeated.insert(pairs[i], at: i)
                agree(Self.encode(repeated), "pair \(i) (\(pairs[i].0)) repeated")
                if i + 1 < pairs.count {
                    var swapped = pairs
                    swapped.swapAt(i, i + 1)
                    agree(Self.encode(swapped), "pairs \(i), \(i + 1) swapped")
                }
                var renamed = pairs
                renamed[i].0 = "bogus"
                agree(Self.encode(renamed), "pair \(i) renamed")
                for value in values {
                    var changed = pairs
                    changed[i].1 = value
                    agree(Self.encode(changed), "pair \(i) (\(pairs[i].0)) = \(value)")
                }
                checked += 4 + values.count
            }
            for extra in [("clock", "source-date-epoch"), ("clock", "system"), ("clock", ""), ("note", "again"), ("extra", "x"), ("source-table", "x"), ("source-records", "3")] {
                agree(Self.encode(pairs + [(extra.0, Array(extra.1.utf8))]), "\(extra) appended")
            }
            for cut in [1, 4, 5, record.count / 2, record.count - 1] where cut < record.count {
                agree(Array(record.prefix(cut)), "cut to \(cut) bytes")
            }
            checked += 10
        }
        #expect(checked > 5_000)
    }
}
