import ConsignCore
import ConsignDelivery
import Foundation

/// Encodes extract records as CSV: RFC 4180, CRLF, a header from the task's layout, a field quoted when it
/// holds a comma, a double quote, CR or LF, and the formula-injection guard. The cells it is given are in
/// its `encoding` already (UTF-8, or CP932 as `RecordPass` makes them: every structural byte is ASCII in
/// both, and no CP932 trail byte is a comma, a quote, CR or LF), and so is the header it writes.
public struct CSVEncoder: Sendable {
    public let encoding: CSVEncoding

    public init(encoding: CSVEncoding = .utf8) { self.encoding = encoding }

    /// The preamble (a byte-order mark for `utf-8-bom`) and the header; the names are known to be encodable
    /// (`Staff.layout` checks them).
    public func header(_ names: [String], into out: inout some ByteSink) {
        encoding.preamble.withUnsafeBytes { out.append($0) }
        for (index, name) in names.enumerated() {
            var bytes: [UInt8] = []
            var name = name
            let unencodable = name.withUTF8 { encoding.append(UnsafeRawBufferPointer($0), to: &bytes) }
            precondition(unencodable == nil, "a column name the encoding cannot hold")
            bytes.withUnsafeBytes { cell($0, first: index == 0, into: &out) }
        }
        out.append(13)
        out.append(10)
    }

    @inline(__always)
    public func encode(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>, into out: inout some ByteSink) {
        for index in cells.indices { cell(cells[index], first: index == 0, into: &out) }
        out.append(13)
        out.append(10)
    }

    @inline(__always)
    private func cell(_ value: UnsafeRawBufferPointer, first: Bool, into out: inout some ByteSink) {
        if !first { out.append(UInt8(ascii: ",")) }
        let guarded = FormulaGuard.needsGuard(value)
        var needsQuotes = false
        for byte in value where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 13 || byte == 10 {
            needsQuotes = true
            break
        }
        if !needsQuotes {
            if guarded { out.append(UInt8(ascii: "'")) }
            out.append(value)
            return
        }
        out.append(UInt8(ascii: "\""))
        if guarded { out.append(UInt8(ascii: "'")) }
        var runStart = 0
        for i in 0..<value.count where value[i] == UInt8(ascii: "\"") {
            out.append(UnsafeRawBufferPointer(rebasing: value[runStart...i]))
            out.append(UInt8(ascii: "\""))
            runStart = i + 1
        }
        out.append(UnsafeRawBufferPointer(rebasing: value[runStart...]))
        out.append(UInt8(ascii: "\""))
    }
}

/// Encodes extract records as XML: `<extract task=… contractor=…>` holding one `<record>` per row, whose
/// child elements are the layout's column names in order; all text escaped, and a character XML 1.0
/// forbids is an error naming the source line. `ExtractSchema` describes the document.
public struct XMLEncoder: Sendable {
    private let source: String
    private let names: [String]
    /// `<record>`, then `<name>` and `</name>` of each column, then `</record>\n`, in one array, and where
    /// each piece starts (piece 2i+1 opens column i, 2i+2 closes it): one buffer to copy from per record.
    private let tags: [UInt8]
    private let tagStarts: [Int]

    /// `source` names the source file in errors.
    public init(columns: [String], source: String) {
        self.source = source
        names = columns
        let pieces = ["<record>"] + columns.flatMap { ["<\($0)>", "</\($0)>"] } + ["</record>\n"]
        tags = Array(pieces.joined().utf8)
        tagStarts = pieces.reduce(into: [0]) { starts, piece in starts.append(starts.last! + piece.utf8.count) }
    }

    /// The root's start, then each of `notices` (language, text) as `<notice lang="…">`.
    public func prologue(task: String, contractor: String, notices: [(String, String)], into out: inout some ByteSink) {
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<extract task=\"", to: &out)
        escaped(task, into: &out)
        append("\" contractor=\"", to: &out)
        escaped(contractor, into: &out)
        append("\">\n", to: &out)
        for (language, text) in notices {
            append("<notice lang=\"", to: &out)
            escaped(language, into: &out)
            append("\">", to: &out)
            escaped(text, into: &out)
            append("</notice>\n", to: &out)
        }
    }

    public func epilogue(into out: inout some ByteSink) { append("</extract>\n", to: &out) }

    @inline(__always)
    public func encode(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>, line: Int, into out: inout some ByteSink)
        throws(InputError)
    {
        let escaped: Int? = tags.withUnsafeBytes { tags in
            tagStarts.withUnsafeBufferPointer { starts in
                func piece(_ i: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: tags[starts[i]..<starts[i + 1]]) }
                out.append(piece(0))
                for index in cells.indices {
                    out.append(piece(2 * index + 1))
                    guard XMLText.escape(cells[index], into: &out) else { return index }
                    out.append(piece(2 * index + 2))
                }
                out.append(piece(2 * cells.count + 1))
                return nil
            }
        }
        if let index = escaped {
            throw InputError(
                InputText.controlCharacterForXML(element: names[index]).text(), file: source, line: line)
        }
    }

    private func escaped(_ text: String, into out: inout some ByteSink) {
        var text = text
        _ = text.withUTF8 { XMLText.escape(UnsafeRawBufferPointer($0), into: &out) }
    }

    @inline(__always)
    private func append(_ text: StaticString, to out: inout some ByteSink) {
        out.append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

/// The extract files of a package being written: `extract.csv` and/or `extract.xml`, each with its encoder.
public final class ExtractFiles {
    let csv: (encoder: CSVEncoder, file: HashingFileWriter)?
    let xml: (encoder: XMLEncoder, file: HashingFileWriter)?

    /// Creates the files in `directory` (named in messages as `displayPrefix/extract.csv`, …) and writes the
    /// CSV header and the XML prologue, with `notices` (language, text) the XML states before its records.
    /// Sealed to `recipient`, the files are `extract.csv.age` and `extract.xml.age`.
    package init(
        directory: URL, displayPrefix: String, csv wantsCSV: Bool, xml wantsXML: Bool, columns: [String], source: String,
        task: String, contractor: String, notices: [(String, String)] = [], sealedTo recipient: AgeRecipient? = nil,
        encoding: CSVEncoding = .utf8
    ) throws(InputError) {
        func writer(_ format: String) throws(InputError) -> HashingFileWriter {
            let name = PackageFileName.of("extract.\(format)", sealed: recipient != nil)
            return try HashingFileWriter(
                directory.appending(path: name), displayName: "\(displayPrefix)/\(name)", sealedTo: recipient)
        }
        if wantsCSV {
            var file = try writer("csv")
            let encoder = CSVEncoder(encoding: encoding)
            encoder.header(columns, into: &file)
            csv = (encoder, file)
        } else {
            csv = nil
        }
        if wantsXML {
            var file = try writer("xml")
            let encoder = XMLEncoder(columns: columns, source: source)
            encoder.prologue(task: task, contractor: contractor, notices: notices, into: &file)
            xml = (encoder, file)
        } else {
            xml = nil
        }
    }

    /// Completes the files: their names, sizes and SHA-256, CSV first.
    public func finish() throws(InputError) -> [Transfer.File] {
        var files: [Transfer.File] = []
        if let csv { files.append(try csv.file.finish()) }
        if var file = xml?.file {
            xml!.encoder.epilogue(into: &file)
            files.append(try file.finish())
        }
        return files
    }
}
