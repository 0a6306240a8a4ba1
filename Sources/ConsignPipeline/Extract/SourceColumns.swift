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
                        InputText.columnTwice(name, first: earlier + 1, second: index + 1).text(), file: file,
                        line: line))
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
                        InputText.columnMissing(field.column, field: field.id).text(),
                        file: file, line: line))
            }
        }
        if !problems.isEmpty { throw InputError(problems) }
        self.position = position
        width = header.count
    }
}
