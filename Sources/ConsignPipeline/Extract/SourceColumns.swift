import ConsignCore

/// Where each catalog field the extract reads sits in a source's header. Columns map to fields by the
/// catalog's source column names; a duplicated header name, or a missing column that the plan, the row
/// scope or the subject key needs, is an error naming the file and the header's line.
public struct SourceColumns: Sendable, Equatable {
    /// The position of each needed field's column, by field id.
    public let position: [String: Int]
    /// How many fields every record must have.
    public let width: Int

    public init(header: [String], needed fields: [Field], file: String, line: Int = 1) throws(InputError) {
        var first: [String: Int] = [:]
        var problems: [Diagnostic] = []
        for (index, name) in header.enumerated() {
            if let earlier = first[name] {
                problems.append(
                    .error(
                        "column '\(name)' appears twice in the header (columns \(earlier + 1) and \(index + 1)); "
                            + "the extract cannot tell which one holds the data", file: file, line: line))
            } else {
                first[name] = index
            }
        }
        var position: [String: Int] = [:]
        for field in fields {
            if let index = first[field.column] {
                position[field.id] = index
            } else {
                problems.append(
                    .error(
                        "column '\(field.column)' (field \(field.id)) is missing from the header; the plan needs it",
                        file: file, line: line))
            }
        }
        if !problems.isEmpty { throw InputError(problems) }
        self.position = position
        width = header.count
    }
}

/// A task's row scope, ready to test records: every consent flag true and every condition holding. A
/// consent flag counts as given only when it reads `true`, `1` or `yes` (any case); anything else,
/// empty included, leaves the row out, so unclear consent never sends data.
public struct RowFilter: Sendable {
    private let consents: [String]
    private let conditions: [Condition]

    public init(_ scope: RowScope) {
        consents = scope.consents.map(\.value)
        conditions = scope.conditions.map(\.value)
    }

    /// The field ids the filter reads.
    public var fields: [String] { consents + conditions.map(\.field) }

    /// Whether a record is in scope; `value` gives a field's value by field id.
    public func admits(_ value: (String) -> String) -> Bool {
        for consent in consents where !RowFilter.isYes(value(consent)) { return false }
        return conditions.allSatisfy { holds($0, value($0.field)) }
    }

    static func isYes(_ text: String) -> Bool {
        ["true", "1", "yes"].contains(text.lowercased())
    }

    private func holds(_ condition: Condition, _ actual: String) -> Bool {
        let expected = condition.value ?? ""
        switch condition.op {
        case .equals: return actual == expected
        case .notEquals: return actual != expected
        case .oneOf: return expected.split(separator: " ").contains { $0 == actual }
        case .notEmpty: return !actual.isEmpty
        case .atLeast, .atMost:
            // A value that is not a number is out of scope rather than guessed at.
            guard let number = Double(actual), let bound = Double(expected) else { return false }
            return condition.op == .atLeast ? number >= bound : number <= bound
        }
    }
}
