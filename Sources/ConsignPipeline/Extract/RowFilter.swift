import ConsignCore

/// A task's row scope, ready to test records at the byte level: every consent given and every condition
/// holding. A consent flag counts as given only when it reads `true`, `1` or `yes` (any case); a consent to a
/// provision (a catalog field with `consent-to-provision`) only when it is a date (`YYYY-MM-DD`) on or before
/// the transfer's. Anything else, empty included, leaves the row out, so unclear consent never sends data.
public struct RowFilter: Sendable {
    private struct Test: Sendable {
        var position: Int
        var op: Condition.Operator
        var expected: [UInt8]
        var choices: [[UInt8]]
        var bound: Double?
    }

    private let consents: [Int]
    /// The consents to a provision, given by a date on or before `on`.
    private let datedConsents: [Int]
    private let on: [UInt8]
    private let tests: [Test]

    /// `position` gives the index under which the source serves a field (by field id); `dated` the consent
    /// fields whose value is the date the consent was given, which count on or before `on`.
    public init(_ scope: RowScope, dated: Set<String> = [], on: CalendarDate? = nil, position: (String) -> Int) {
        precondition(dated.isEmpty || on != nil, "a dated consent is read as of a date")
        consents = scope.consents.filter { !dated.contains($0.value) }.map { position($0.value) }
        datedConsents = scope.consents.filter { dated.contains($0.value) }.map { position($0.value) }
        self.on = Array((on?.description ?? "").utf8)
        tests = scope.conditions.map(\.value).map { condition in
            let expected = condition.value ?? ""
            return Test(
                position: position(condition.field), op: condition.op, expected: Array(expected.utf8),
                choices: expected.split(separator: " ").map { Array($0.utf8) }, bound: Double(expected))
        }
    }

    /// The positions the filter reads.
    public var positions: [Int] { consents + datedConsents + tests.map(\.position) }

    /// The field ids a scope reads.
    public static func fields(of scope: RowScope) -> [String] {
        scope.consents.map(\.value) + scope.conditions.map(\.value.field)
    }

    /// Whether a record is in scope; `value` gives a field's bytes by its position.
    @inline(__always)
    public func admits(_ value: (Int) -> UnsafeRawBufferPointer) -> Bool {
        for consent in consents where !RowFilter.isYes(value(consent)) { return false }
        for consent in datedConsents where !RowFilter.isDate(value(consent), onOrBefore: on) { return false }
        for test in tests where !RowFilter.holds(test, value(test.position)) { return false }
        return true
    }

    @inline(__always)
    static func isYes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch bytes.count {
        case 1: return bytes[0] == UInt8(ascii: "1")
        case 3: return bytes[0] | 0x20 == UInt8(ascii: "y") && bytes[1] | 0x20 == UInt8(ascii: "e") && bytes[2] | 0x20 == UInt8(ascii: "s")
        case 4:
            return bytes[0] | 0x20 == UInt8(ascii: "t") && bytes[1] | 0x20 == UInt8(ascii: "r")
                && bytes[2] | 0x20 == UInt8(ascii: "u") && bytes[3] | 0x20 == UInt8(ascii: "e")
        default: return false
        }
    }

    /// Whether `bytes` are a valid date (`YYYY-MM-DD`) on or before `date`'s bytes.
    static func isDate(_ bytes: UnsafeRawBufferPointer, onOrBefore date: [UInt8]) -> Bool {
        guard bytes.count == 10, CalendarDate(bytes: bytes) != nil else { return false }
        return !date.lexicographicallyPrecedes(bytes)
    }

    private static func holds(_ test: Test, _ actual: UnsafeRawBufferPointer) -> Bool {
        switch test.op {
        case .equals: return actual.elementsEqual(test.expected)
        case .notEquals: return !actual.elementsEqual(test.expected)
        case .oneOf: return test.choices.contains { actual.elementsEqual($0) }
        case .notEmpty: return !actual.isEmpty
        case .atLeast, .atMost:
            // A value that is not a number is out of scope rather than guessed at.
            guard let number = Double(String(decoding: actual, as: UTF8.self)), let bound = test.bound else { return false }
            return test.op == .atLeast ? number >= bound : number <= bound
        }
    }
}
