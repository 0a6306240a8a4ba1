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
    /// Records read, those left out by the task's row scope and by the stop-use list, and the rows sent.
    public var scope = ScopeCounts()
    /// Values changed by the job's substitution table, and by each of its substitutions (in its order).
    public var substitutedValues = 0
    public var substitutions: [Int] = []
    /// Rows a courier's layout would not take (`ProfileRows`), and the first of them, each naming its line.
    public var refusedRows = 0
    var refusals: [Diagnostic] = []

    /// Adds another block's counts (its subjects appended).
    mutating func add(_ other: ExtractCounts) {
        scope.add(other.scope)
        substitutedValues += other.substitutedValues
        if substitutions.isEmpty { substitutions = [Int](repeating: 0, count: other.substitutions.count) }
        for (index, count) in other.substitutions.enumerated() { substitutions[index] += count }
        refusedRows += other.refusedRows
        refusals += other.refusals.prefix(ProfileRows.listed - refusals.count)
        subjects += other.subjects
    }
    /// The keyed hashes of the subjects sent, sorted and distinct.
    public var subjects: [UInt64] = []
}

/// The extract's pass over a source, a file it reads or a table that hands its rows over: each record goes
/// through `RecordPass`, once, into every file asked for (so CSV and XML come from one pass).
public struct Extractor: Sendable {
    public var columns: [ExtractColumn]
    public var rowFilter: RowFilter
    /// The position of the subject key (the catalog's `subject-key` field).
    public var subjectPosition: Int
    /// How many fields the source serves; each is checked for UTF-8 where it is read.
    public var fieldCount: Int
    public var hasher: SubjectHasher
    /// Keyed hashes of the subjects on the stop-use list.
    public var stopUse: Set<UInt64>
    /// The job's substitutions, made in every value sent (`--substitute`).
    public var substitutions: SubstitutionTable?
    /// The courier's layout the CSV is written in, when the task names one.
    public var profileRows: ProfileRows?

    public init(
        columns: [ExtractColumn], rowFilter: RowFilter, subjectPosition: Int, fieldCount: Int, hasher: SubjectHasher,
        stopUse: Set<UInt64>, substitutions: SubstitutionTable? = nil, profileRows: ProfileRows? = nil
    ) {
        self.columns = columns
        self.rowFilter = rowFilter
        self.subjectPosition = subjectPosition
        self.fieldCount = fieldCount
        self.hasher = hasher
        self.stopUse = stopUse
        self.substitutions = substitutions
        self.profileRows = profileRows
    }

    /// Runs the extract over `source` into `files`. A mapped CSV file large enough is scanned in blocks on
    /// every core (`parallelPass`); anything else in one pass. `progress` is called now and then.
    public func run(
        _ source: any RecordSource, into files: ExtractFiles, progress: ((ExtractProgress) -> Void)? = nil
    ) throws(InputError) -> ExtractCounts {
        var counts = try source.whileUnchanged { () throws(InputError) -> ExtractCounts in
            // Each source type gets its own specialised copy of the loop (no dynamic dispatch per cell).
            switch source {
            case let csv as CSVRecordSource:
                if let counts = try parallelPass(csv, into: files, progress: progress) { return counts }
                return try pass(csv, into: files, progress: progress)
            case let xml as XMLRecordSource:
                return try pass(xml, into: files, progress: progress)
            default:
                return try pass(source, into: files, progress: progress)
            }
        }
        try counts.throwRefusals()
        counts.subjects.sortDistinct()
        return counts
    }

    /// One block of a parallel extract: its counts, and its records encoded into memory.
    struct EncodedBlock {
        var counts: ExtractCounts
        var csv: ByteBuffer?
        var xml: ByteBuffer?
    }

    /// The extract of a mapped CSV file on every core (`ParallelScan`): workers encode each block's records into
    /// memory, and the calling thread writes the blocks in file order. Nil when one pass is as good.
    func parallelPass(
        _ source: CSVRecordSource, into files: ExtractFiles, blockSize: Int = ParallelScan<EncodedBlock>.defaultBlockSize,
        workers: Int = ParallelScan<EncodedBlock>.defaultWorkers, progress: ((ExtractProgress) -> Void)?
    ) throws(InputError) -> ExtractCounts? {
        let scan = ParallelScan(source, blockSize: blockSize, workers: workers) { (records) throws(InputError) in
            var csv = files.csv.map { _ in ByteBuffer(capacity: blockSize / 2) }
            var xml = files.xml.map { _ in ByteBuffer(capacity: blockSize) }
            let counts = try pass(
                records, csv: files.csv?.encoder, xml: files.xml?.encoder, csvOut: &csv, xmlOut: &xml, progress: nil)
            return EncodedBlock(counts: counts, csv: csv, xml: xml)
        }
        guard let scan else { return nil }
        var counts = ExtractCounts()
        try scan.run { (taken) throws(InputError) in
            var block = taken.part
            block.counts.refusals = InputError(block.counts.refusals).shiftingLines(by: taken.linesBefore).diagnostics
            if let csv = files.csv, let bytes = block.csv?.bytes { csv.file.append(bytes) }
            if let xml = files.xml, let bytes = block.xml?.bytes { xml.file.append(bytes) }
            counts.add(block.counts)
            progress?(ExtractProgress(records: counts.scope.records, bytesRead: taken.end, totalBytes: source.totalBytes))
        }
        return counts
    }

    /// One pass straight into the files.
    private func pass<Source: RecordSource>(
        _ source: Source, into files: ExtractFiles, progress: ((ExtractProgress) -> Void)?
    ) throws(InputError) -> ExtractCounts {
        var csv = files.csv?.file
        var xml = files.xml?.file
        return try pass(
            source, csv: files.csv?.encoder, xml: files.xml?.encoder, csvOut: &csv, xmlOut: &xml, progress: progress)
    }

    /// The loop: records of `source` encoded into `csvOut` and `xmlOut`; the subjects come back unsorted.
    func pass<Source: RecordSource, Out: ByteSink>(
        _ source: Source, csv: CSVEncoder?, xml: XMLEncoder?, csvOut: inout Out?, xmlOut: inout Out?,
        progress: ((ExtractProgress) -> Void)?
    ) throws(InputError) -> ExtractCounts {
        let record = RecordPass<Out>(self, csv: csv, xml: xml)
        while try source.next() {
            try record.take(source, csvOut: &csvOut, xmlOut: &xmlOut)
            if record.counts.scope.records & 0xFFFF == 0, let progress {
                progress(
                    ExtractProgress(records: record.counts.scope.records, bytesRead: source.bytesRead, totalBytes: source.totalBytes))
            }
        }
        return record.counts
    }

    /// Runs the extract over a database table into `files`: the table reads `query` (the columns of the
    /// fields the extract needs, and the row scope it can say in SQL) and hands each row to the same work a
    /// file's records get, row scope included, so what SQL could not say is still applied here. Returns the
    /// counts and the table as the transfer records it.
    package func run(_ table: any TableSource, _ query: TableQuery, into files: ExtractFiles) async throws
        -> (counts: ExtractCounts, table: String)
    {
        let record = RecordPass<HashingFileWriter>(self, csv: files.csv?.encoder, xml: files.xml?.encoder)
        var csv = files.csv?.file
        var xml = files.xml?.file
        let name = try await table.read(query) { (row: TableRow) throws(InputError) in
            try record.take(row, csvOut: &csv, xmlOut: &xml)
        }
        var counts = record.counts
        try counts.throwRefusals()
        counts.subjects.sortDistinct()
        return (counts, name)
    }
}

/// What an extract does with each record, whether its source reads the records (a file) or hands them over
/// (a table): check the UTF-8 of each cell it reads, apply the row scope, leave out subjects on the stop-use
/// list, put each column into its form, make the job's substitutions, and encode the record for every file
/// asked for (the CSV in its encoding). Its buffers are made once per pass (a class, so that a table's row
/// loop can hold it); nothing here allocates per record except the derived forms other than `keep` and
/// `hmac`, and values a substitution changes.
final class RecordPass<Out: ByteSink> {
    private let extractor: Extractor
    private let csv: CSVEncoder?
    private let xml: XMLEncoder?
    /// What was read and sent so far; the subjects unsorted.
    var counts: ExtractCounts { tally.pointee }
    /// The counts behind a pointer rather than in a stored `var`, which a class checks for exclusive access at
    /// run time on every use, several times a record (`TableRow` says the same of its buffers).
    private let tally: UnsafeMutablePointer<ExtractCounts>
    private let cells: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>
    // Per column, what the loop needs, unpacked once: where the value is, and how it is sent.
    private let positions: [Int]
    private let keeps: [Bool]
    private let pseudonymizers: [Pseudonymizer?]
    private let pseudonyms: UnsafeMutablePointer<UInt8>
    private var derived: [[UInt8]]
    private var substituted: [[UInt8]]
    /// The record in the CSV's encoding when that is not UTF-8: its bytes, and each cell's within them.
    private var encoded: [UInt8] = []
    /// A row of a courier's layout, encoded.
    private let profileRow = RowScratch()
    private let encodedCells: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>
    private let encodedEnds: UnsafeMutableBufferPointer<Int>
    /// The cells the row scope tests (the subject key's first), checked on every record; the others only
    /// on records sent.
    private let tested: [Int]
    private let sentOnly: [Int]

    init(_ extractor: Extractor, csv: CSVEncoder?, xml: XMLEncoder?) {
        self.extractor = extractor
        self.csv = csv
        self.xml = xml
        let width = extractor.columns.count
        cells = .allocate(capacity: width)
        positions = extractor.columns.map(\.position)
        keeps = extractor.columns.map { $0.transform.form == .keep }
        pseudonymizers = extractor.columns.map { $0.transform.pseudonymizer }
        pseudonyms = .allocate(capacity: 64 * width)
        derived = [[UInt8]](repeating: [], count: width)
        substituted = [[UInt8]](repeating: [], count: width)
        encodedCells = .allocate(capacity: width)
        encodedEnds = .allocate(capacity: width)
        tally = .allocate(capacity: 1)
        tally.initialize(to: ExtractCounts())
        tally.pointee.substitutions = [Int](repeating: 0, count: extractor.substitutions?.substitutions.count ?? 0)
        let subjectPosition = extractor.subjectPosition
        tested = [subjectPosition] + extractor.rowFilter.positions.filter { $0 != subjectPosition }
        sentOnly = (0..<extractor.fieldCount).filter { [tested] in !tested.contains($0) }
    }

    deinit {
        tally.deinitialize(count: 1)
        tally.deallocate()
        cells.deallocate()
        pseudonyms.deallocate()
        encodedCells.deallocate()
        encodedEnds.deallocate()
    }

    /// The record `source` stands on, counted, and encoded into `csvOut` and `xmlOut` when it is sent.
    @inline(__always)
    func take<Record: SourceRecord>(_ source: Record, csvOut: inout Out?, xmlOut: inout Out?) throws(InputError) {
        tally.pointee.scope.records += 1
        for position in tested where !isValidUTF8(source.value(position)) {
            throw notUTF8(source.value(position), file: source.file, line: source.recordLine)
        }
        guard extractor.rowFilter.admits({ source.value($0) }) else {
            tally.pointee.scope.outOfScope += 1
            return
        }
        // The key in its standard form (SubjectKey): the hash, the stop-use check and every column of the
        // key's field see that form.
        let subjectPosition = extractor.subjectPosition
        let key = try subjectKey(source.value(subjectPosition), of: source)
        let subject = extractor.hasher.hash(bytes: key)
        if extractor.stopUse.contains(subject) {
            tally.pointee.scope.stopped += 1
            return
        }
        tally.pointee.subjects.append(subject)
        for position in sentOnly where !isValidUTF8(source.value(position)) {
            throw notUTF8(source.value(position), file: source.file, line: source.recordLine)
        }
        for index in 0..<cells.count {
            let value = positions[index] == subjectPosition ? key : source.value(positions[index])
            if keeps[index] || value.isEmpty {
                // An empty value stays empty in every form (FieldTransform says why).
                cells[index] = value
            } else if let pseudonymizer = pseudonymizers[index] {
                pseudonymizer.hex(value, into: pseudonyms + 64 * index)
                cells[index] = UnsafeRawBufferPointer(start: pseudonyms + 64 * index, count: 64)
            } else {
                let column = extractor.columns[index]
                do {
                    derived[index] = Array(try column.transform.apply(String(decoding: value, as: UTF8.self)).utf8)
                } catch {
                    throw InputError(
                        "column \(column.name) (\(column.transform.form)): \(error)", file: source.file,
                        line: source.recordLine)
                }
                // The array is not touched again until the record is encoded.
                cells[index] = derived[index].withUnsafeBytes { $0 }
            }
        }
        if let table = extractor.substitutions {
            var changed = false
            for index in 0..<cells.count
            where table.apply(cells[index], into: &substituted[index], counts: &tally.pointee.substitutions) {
                // Like `derived`, the array is not touched again until the record is encoded.
                cells[index] = substituted[index].withUnsafeBytes { $0 }
                changed = true
            }
            if changed { tally.pointee.substitutedValues += 1 }
        }
        let record = UnsafeBufferPointer(cells)
        if let profileRows = extractor.profileRows, csv != nil {
            switch profileRows.write(record, in: profileRow) {
            case .failure(let unfit):
                tally.pointee.refusedRows += 1
                if tally.pointee.refusals.count < ProfileRows.listed {
                    tally.pointee.refusals.append(.error(unfit.text, file: source.file, line: source.recordLine))
                }
            case .success(let row):
                csvOut!.append(row)
            }
            tally.pointee.scope.rows += 1
            return
        }
        if let csv {
            if csv.encoding == .cp932 {
                try encode(record, in: csv, line: source.recordLine, file: source.file, into: &csvOut!)
            } else {
                csv.encode(record, into: &csvOut!)
            }
        }
        if let xml { try xml.encode(record, line: source.recordLine, into: &xmlOut!) }
        tally.pointee.scope.rows += 1
    }

    /// The record's cells in the CSV's encoding, then encoded as CSV; a character the encoding cannot hold is
    /// an input error naming the record's line, the column and the character.
    @inline(__always)
    private func encode(
        _ record: UnsafeBufferPointer<UnsafeRawBufferPointer>, in csv: CSVEncoder, line: Int, file: String,
        into out: inout Out
    ) throws(InputError) {
        encoded.removeAll(keepingCapacity: true)
        for index in record.indices {
            if let character = csv.encoding.append(record[index], to: &encoded) {
                throw InputError(
                    EncodingText.cannotEncode(column: extractor.columns[index].name, character: character, csv.encoding)
                        .text(), file: file, line: line)
            }
            encodedEnds[index] = encoded.count
        }
        encoded.withUnsafeBytes { bytes in
            var start = 0
            for index in record.indices {
                encodedCells[index] = UnsafeRawBufferPointer(rebasing: bytes[start..<encodedEnds[index]])
                start = encodedEnds[index]
            }
            csv.encode(UnsafeBufferPointer(encodedCells), into: &out)
        }
    }
}

/// The subject key of the record `source` stands on, in its standard form (`SubjectKey`), or the input error
/// naming the record: what the hash, the stop-use check and every column of the key's field see.
@inline(__always)
func subjectKey(_ key: UnsafeRawBufferPointer, of source: some SourceRecord) throws(InputError) -> UnsafeRawBufferPointer {
    switch SubjectKey.standard(key) {
    case .success(let range):
        return range.count == key.count ? key : UnsafeRawBufferPointer(rebasing: key[range])
    case .failure(.empty):
        throw InputError(InputText.noSubjectKey.text(), file: source.file, line: source.recordLine)
    case .failure(let problem):
        throw InputError("\(problem)", file: source.file, line: source.recordLine)
    }
}

extension ExtractCounts {
    /// The rows a courier's layout would not take, as one input error listing the first of them.
    fileprivate func throwRefusals() throws(InputError) {
        guard refusedRows > 0 else { return }
        var diagnostics = refusals
        if refusedRows > refusals.count {
            diagnostics.append(.error(CourierText.moreRows(refusedRows - refusals.count).text()))
        }
        throw InputError(diagnostics)
    }
}

extension Array where Element == UInt64 {
    /// Sorts the subjects and removes repeats, in place.
    package mutating func sortDistinct() {
        radixSort()
        removeRepeats()
    }

    /// Sorts in place by the values' 11-bit digits, least significant first: six passes that each move every
    /// value once, where a comparison sort of a large transfer's subject hashes (random 64-bit values, in no
    /// order) took about a third of an extract's time after its last row.
    private mutating func radixSort() {
        guard count > 256 else {
            sort()
            return
        }
        // Six passes, an even number: the values end where they started.
        let bits = 11, buckets = 1 << bits, passes = (UInt64.bitWidth + bits - 1) / bits
        let mask = UInt64(buckets - 1)
        // Every pass's bucket sizes, counted in one read.
        var counts = [Int](repeating: 0, count: buckets * passes)
        var scratch = [UInt64](repeating: 0, count: count)
        withUnsafeMutableBufferPointer { values in
            counts.withUnsafeMutableBufferPointer { counts in
                for value in values {
                    for pass in 0..<passes { counts[pass * buckets + Int((value >> UInt64(pass * bits)) & mask)] += 1 }
                }
                scratch.withUnsafeMutableBufferPointer { scratch in
                    var from = values, to = scratch
                    for pass in 0..<passes {
                        // Where each bucket starts.
                        var start = 0
                        for bucket in pass * buckets..<(pass + 1) * buckets {
                            let size = counts[bucket]
                            counts[bucket] = start
                            start += size
                        }
                        let shift = UInt64(pass * bits)
                        for value in from {
                            let bucket = pass * buckets + Int((value >> shift) & mask)
                            to[counts[bucket]] = value
                            counts[bucket] += 1
                        }
                        swap(&from, &to)
                    }
                }
            }
        }
    }

    /// Removes repeats from a sorted array, in place.
    fileprivate mutating func removeRepeats() {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}
