import ConsignCore

/// What a pass over a source read: records, those out of the task's scope, those of people on the stop-use list, and
/// the rows it used (sent by an extract, tabulated, anonymised).
public struct ScopeCounts: Sendable, Equatable {
    public var records = 0
    public var outOfScope = 0
    public var stopped = 0
    public var rows = 0

    /// Adds the counts of another part of the source.
    mutating func add(_ other: ScopeCounts) {
        records += other.records
        outOfScope += other.outOfScope
        stopped += other.stopped
        rows += other.rows
    }
}

/// Which records of a source such a pass uses: those whose subject key and row-scope fields are valid UTF-8, in the
/// task's row scope, and not of a person on the stop-use list.
public struct RowScopeGate: Sendable {
    public var rowFilter: RowFilter
    public var hasher: SubjectHasher
    public var stopUse: Set<UInt64>
    /// The position the subject key is served under.
    public var subjectPosition: Int

    public init(rowFilter: RowFilter, hasher: SubjectHasher, stopUse: Set<UInt64>, subjectPosition: Int = 0) {
        self.rowFilter = rowFilter
        self.hasher = hasher
        self.stopUse = stopUse
        self.subjectPosition = subjectPosition
    }

    /// Whether the source's current record is used, counted in `counts` either way; a value that is not valid
    /// UTF-8 is an input error naming the line.
    func admits(_ source: any SourceRecord, counting counts: inout ScopeCounts) throws(InputError) -> Bool {
        counts.records += 1
        for position in [subjectPosition] + rowFilter.positions where !isValidUTF8(source.value(position)) {
            throw notUTF8(source.value(position), file: source.file, line: source.recordLine)
        }
        guard rowFilter.admits({ source.value($0) }) else {
            counts.outOfScope += 1
            return false
        }
        if stopUse.contains(hasher.hash(bytes: try subjectKey(source.value(subjectPosition), of: source))) {
            counts.stopped += 1
            return false
        }
        counts.rows += 1
        return true
    }
}
