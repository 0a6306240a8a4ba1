import ConsignCore

/// One column of an extract: its name in the task's layout, the position under which the source serves
/// its field, and the form it is sent in.
public struct ExtractColumn: Sendable {
    public var name: String
    public var position: Int
    public var transform: FieldTransform

    public init(name: String, position: Int, transform: FieldTransform) {
        self.name = name
        self.position = position
        self.transform = transform
    }
}

/// Progress of a running extract, for a terminal.
public struct ExtractProgress: Sendable {
    public var records: Int
    public var bytesRead: Int
    public var totalBytes: Int
}

/// What an extract read and sent.
public struct ExtractCounts: Sendable, Equatable {
    /// Records read from the source.
    public var records = 0
    /// Records left out by the task's row scope (consent flags, conditions).
    public var outOfScope = 0
    /// Records left out because their subject is on the stop-use list.
    public var stopped = 0
    /// Records sent.
    public var rows = 0
    /// The keyed hashes of the subjects sent, sorted and distinct.
    public var subjects: [UInt64] = []
}

/// The extract's single pass over a source: for every record, check the UTF-8 of each cell it reads,
/// apply the row scope, leave out subjects on the stop-use list, put each column into its form, and hand
/// the cells to every sink (so CSV and XML come from one pass). Nothing here allocates per record except
/// the derived forms other than `keep` and `hmac`.
public struct Extractor {
    public var columns: [ExtractColumn]
    public var rowFilter: RowFilter
    /// The position of the subject key (the catalog's `subject-key` field).
    public var subjectPosition: Int
    /// How many fields the source serves; each is checked for UTF-8 where it is read.
    public var fieldCount: Int
    public var hasher: SubjectHasher
    /// Keyed hashes of the subjects on the stop-use list.
    public var stopUse: Set<UInt64>

    public init(
        columns: [ExtractColumn], rowFilter: RowFilter, subjectPosition: Int, fieldCount: Int, hasher: SubjectHasher,
        stopUse: Set<UInt64>
    ) {
        self.columns = columns
        self.rowFilter = rowFilter
        self.subjectPosition = subjectPosition
        self.fieldCount = fieldCount
        self.hasher = hasher
        self.stopUse = stopUse
    }

    /// Runs the pass; `progress` is called every 65,536 records.
    public func run(
        _ source: any RecordSource, into sinks: [any ExtractSink], progress: ((ExtractProgress) -> Void)? = nil
    ) throws(InputError) -> ExtractCounts {
        // Each source type gets its own specialised copy of the loop (no dynamic dispatch per cell).
        switch source {
        case let csv as CSVRecordSource: try pass(csv, into: sinks, progress: progress)
        case let xml as XMLRecordSource: try pass(xml, into: sinks, progress: progress)
        default: try pass(source, into: sinks, progress: progress)
        }
    }

    private func pass<Source: RecordSource>(
        _ source: Source, into sinks: [any ExtractSink], progress: ((ExtractProgress) -> Void)?
    ) throws(InputError) -> ExtractCounts {
        var counts = ExtractCounts()
        var subjects: [UInt64] = []
        let width = columns.count
        let cells = UnsafeMutableBufferPointer<UnsafeRawBufferPointer>.allocate(capacity: width)
        defer { cells.deallocate() }
        // Per column, what the loop needs, unpacked once: where the value is, and how it is sent.
        let positions = columns.map(\.position)
        let keeps = columns.map { $0.transform.form == .keep }
        let pseudonymizers = columns.map { $0.transform.pseudonymizer }
        let pseudonyms = UnsafeMutablePointer<UInt8>.allocate(capacity: 64 * width)
        defer { pseudonyms.deallocate() }
        var derived = [[UInt8]](repeating: [], count: width)
        let subjectPosition = subjectPosition
        let tested = [subjectPosition] + rowFilter.positions.filter { $0 != subjectPosition }
        let sentOnly = (0..<fieldCount).filter { !tested.contains($0) }
        while try source.next() {
            counts.records += 1
            if counts.records & 0xFFFF == 0, let progress {
                progress(ExtractProgress(records: counts.records, bytesRead: source.bytesRead, totalBytes: source.totalBytes))
            }
            // Cells the row scope tests are checked on every record; cells sent, only on records sent.
            for position in tested where !isValidUTF8(source.value(position)) {
                throw notUTF8(source.value(position), file: source.file, line: source.recordLine)
            }
            guard rowFilter.admits({ source.value($0) }) else {
                counts.outOfScope += 1
                continue
            }
            let key = source.value(subjectPosition)
            guard !key.isEmpty else {
                throw InputError(
                    "this record has no subject key (the catalog's subject-key field); every record needs one, so "
                        + "that stop-use requests and subject queries can find it", file: source.file, line: source.recordLine)
            }
            let subject = hasher.hash(bytes: key)
            if stopUse.contains(subject) {
                counts.stopped += 1
                continue
            }
            subjects.append(subject)
            for position in sentOnly where !isValidUTF8(source.value(position)) {
                throw notUTF8(source.value(position), file: source.file, line: source.recordLine)
            }
            for index in 0..<width {
                let value = source.value(positions[index])
                if keeps[index] || value.isEmpty {
                    // An empty value stays empty in every form (FieldTransform says why).
                    cells[index] = value
                } else if let pseudonymizer = pseudonymizers[index] {
                    pseudonymizer.hex(value, into: pseudonyms + 64 * index)
                    cells[index] = UnsafeRawBufferPointer(start: pseudonyms + 64 * index, count: 64)
                } else {
                    do {
                        try columns[index].transform.write(value, to: &derived[index])
                    } catch {
                        throw InputError(
                            "column \(columns[index].name) (\(columns[index].transform.form)): \(error)", file: source.file,
                            line: source.recordLine)
                    }
                    // The array is not touched again until the sinks have written this record.
                    cells[index] = derived[index].withUnsafeBytes { $0 }
                }
            }
            for sink in sinks { try sink.write(UnsafeBufferPointer(cells), line: source.recordLine) }
            counts.rows += 1
        }
        subjects.sort()
        counts.subjects = subjects.uniqued()
        return counts
    }
}

extension Array where Element == UInt64 {
    /// The distinct values of a sorted array.
    fileprivate func uniqued() -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(count)
        for value in self where out.last != value { out.append(value) }
        return out
    }
}
