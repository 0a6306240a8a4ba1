import ConsignCore
import Foundation

/// The record a source stands on: the values of the catalog fields an extract needs, each served by its
/// position in that list (so the extract does not care where the column sits), and where the record is,
/// for messages.
public protocol SourceRecord: AnyObject {
    /// The file (or table), as messages name it.
    var file: String { get }
    /// The physical line where the current record starts (in a table, the row's number in the order read).
    var recordLine: Int { get }
    /// The current record's value of needed field `index` (its position in the list the source was
    /// opened with), as bytes valid until the source moves to another record.
    func value(_ index: Int) -> UnsafeRawBufferPointer
}

/// A streaming source of customer records in a file (CSV, XML), read one record at a time with constant
/// memory. (A database table hands its rows over instead: `TableSource`.)
public protocol RecordSource: SourceRecord {
    /// Reads the next record; false at the end.
    func next() throws(InputError) -> Bool
    /// Bytes read so far and the file's size, for progress.
    var bytesRead: Int { get }
    var totalBytes: Int { get }
    /// How the file changed since it was opened (another process wrote to it or cut it short); nil when
    /// it did not. What was read of a changed file is not the file: the extract stops.
    var change: Message.SourceChange? { get }
}

/// Opens a file of records by its extension: XML for `.xml`, else CSV (the extract's and the releases' files).
public func openRecordFile(_ url: URL, displayName: String, needed fields: [Field]) throws(InputError) -> any RecordSource {
    url.pathExtension.lowercased() == "xml"
        ? try XMLRecordSource(url: url, displayName: displayName, needed: fields)
        : try CSVRecordSource(url: url, displayName: displayName, needed: fields)
}

extension RecordSource {
    /// The input error for a source that changed while it was read.
    func changedWhileRead(_ change: Message.SourceChange) -> InputError {
        InputError(Message.sourceChanged(change).text(), file: file)
    }

    /// What `read` makes of the file, unless the file changed while it was read: then an input error saying so,
    /// whatever else went wrong in what was read of it.
    func whileUnchanged<Answer>(_ read: () throws(InputError) -> Answer) throws(InputError) -> Answer {
        let answer: Answer
        do throws(InputError) {
            answer = try read()
        } catch {
            if let change { throw changedWhileRead(change) }
            throw error
        }
        if let change { throw changedWhileRead(change) }
        return answer
    }

    /// Hands every record to `take`, in order, in one pass (`whileUnchanged`).
    func forEachRecord(_ take: (any SourceRecord) throws(InputError) -> Void) throws(InputError) {
        try whileUnchanged { () throws(InputError) in
            while try next() { try take(self) }
        }
    }
}

/// A CSV source: the first record is the header, whose names are the catalog's source columns; every
/// later record must have as many fields as the header. A regular file is memory-mapped, so that a pass
/// can scan blocks of it on several threads (`block(from:stop:)`, `ParallelScan`); anything else is read.
public final class CSVRecordSource: RecordSource {
    let scanner: CSVScanner
    private let positions: [Int]
    private let width: Int
    public let totalBytes: Int
    /// The mapped file, when the source is one.
    let mapping: MappedFile?
    /// Where the records after the header start, and the line they start on.
    let dataStart: Int
    let dataLine: Int

    /// The file as it was opened (when it is read rather than mapped).
    private let opened: FileIdentity?
    private let url: URL

    public init(url: URL, displayName: String, needed fields: [Field]) throws(InputError) {
        self.url = url
        opened = FileIdentity(url)
        mapping = MappedFile(url)
        if let mapping {
            scanner = try CSVScanner(mapping: mapping, displayName: displayName, from: 0, stop: .max)
            totalBytes = mapping.count
        } else {
            scanner = try CSVScanner(url: url, displayName: displayName)
            totalBytes = fileSize(url)
        }
        guard try scanner.next() else {
            throw InputError(InputText.emptyCSV.text(), file: displayName)
        }
        for index in 0..<scanner.fieldCount where !isValidUTF8(scanner.field(index)) {
            throw notUTF8(scanner.field(index), file: displayName, line: scanner.recordLine)
        }
        let columns = try SourceColumns(
            header: scanner.strings, needed: fields, file: displayName, line: scanner.recordLine)
        positions = fields.map { columns.position[$0.id]! }
        width = columns.width
        dataStart = scanner.position
        dataLine = scanner.linesConsumed + 1
    }

    /// The same source over the records of the mapped file that start in `from..<stop`; its lines count
    /// from 1 at `from`.
    private init(_ whole: CSVRecordSource, mapping: MappedFile, from: Int, stop: Int) throws(InputError) {
        scanner = try CSVScanner(mapping: mapping, displayName: whole.file, from: from, stop: stop)
        url = whole.url
        opened = nil
        positions = whole.positions
        width = whole.width
        totalBytes = whole.totalBytes
        self.mapping = mapping
        dataStart = from
        dataLine = 1
    }

    func block(from: Int, stop: Int) throws(InputError) -> CSVRecordSource {
        try CSVRecordSource(self, mapping: mapping!, from: from, stop: stop)
    }

    public var file: String { scanner.file }
    public var recordLine: Int { scanner.recordLine }
    public var bytesRead: Int { scanner.bytesRead }
    public var change: Message.SourceChange? { mapping?.change ?? FileIdentity.change(of: url, since: opened) }

    @inline(__always)
    public func next() throws(InputError) -> Bool {
        guard try scanner.next() else { return false }
        guard scanner.fieldCount == width else {
            throw InputError(
                InputText.fieldCount(scanner.fieldCount, header: width).text(), file: scanner.file,
                line: scanner.recordLine)
        }
        return true
    }

    @inline(__always)
    public func value(_ index: Int) -> UnsafeRawBufferPointer { scanner.field(positions[index]) }
}

/// The error for a cell that is not UTF-8, saying what the file looks like.
func notUTF8(_ bytes: UnsafeRawBufferPointer, file: String, line: Int) -> InputError {
    let encoding = likelyEncoding(of: bytes)
    let likely = encoding == "not UTF-8" ? nil : encoding
    return InputError(InputText.valueNotUTF8(likely: likely).text(), file: file, line: line)
}

/// The size of a file in bytes (0 when it cannot be read).
func fileSize(_ url: URL) -> Int {
    var info = stat()
    return stat(url.path, &info) == 0 ? Int(info.st_size) : 0
}
