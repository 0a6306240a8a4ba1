import ConsignCore
import Foundation

/// Where an extract's records go. Each sink writes one file of the package.
public protocol ExtractSink: AnyObject {
    /// Writes one record's cells (in the layout's order); `line` is the source line, for errors.
    func write(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>, line: Int) throws(InputError)
    /// Completes the file: its name, size and SHA-256.
    func finish() throws(InputError) -> Transfer.File
}

/// The CSV file of an extract: RFC 4180, CRLF, UTF-8 without BOM, a header from the task's layout, a
/// field quoted when it holds a comma, a double quote, CR or LF, and the formula-injection guard.
public final class CSVSink: ExtractSink {
    private let out: HashingFileWriter

    public init(_ url: URL, displayName: String, header: [String]) throws(InputError) {
        out = try HashingFileWriter(url, displayName: displayName)
        for (index, name) in header.enumerated() {
            var name = name
            name.withUTF8 { cell(UnsafeRawBufferPointer($0), first: index == 0) }
        }
        out.append("\r\n")
    }

    public func write(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>, line: Int) {
        for index in cells.indices { cell(cells[index], first: index == 0) }
        out.append(13)
        out.append(10)
    }

    @inline(__always)
    private func cell(_ value: UnsafeRawBufferPointer, first: Bool) {
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

    public func finish() throws(InputError) -> Transfer.File { try out.finish() }
}

/// The XML file of an extract: `<extract task=… contractor=…>` holding one `<record>` per row, whose child
/// elements are the layout's column names in order; all text escaped, and a character XML 1.0 forbids is
/// an error naming the source line. `ExtractSchema` describes it.
public final class XMLSink: ExtractSink {
    private let out: HashingFileWriter
    private let source: String
    /// `<name>` and `</name>` of each column, ready to copy.
    private let openTags: [[UInt8]]
    private let closeTags: [[UInt8]]

    public init(_ url: URL, displayName: String, source: String, task: String, contractor: String, columns: [String])
        throws(InputError)
    {
        out = try HashingFileWriter(url, displayName: displayName)
        self.source = source
        openTags = columns.map { Array("<\($0)>".utf8) }
        closeTags = columns.map { Array("</\($0)>".utf8) }
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<extract task=\"")
        attribute(task)
        out.append("\" contractor=\"")
        attribute(contractor)
        out.append("\">\n")
    }

    private func attribute(_ text: String) {
        var text = text
        var sink = out
        _ = text.withUTF8 { XMLText.escape(UnsafeRawBufferPointer($0), into: &sink) }
    }

    public func write(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>, line: Int) throws(InputError) {
        var sink = out
        out.append("<record>")
        for index in cells.indices {
            openTags[index].withUnsafeBytes { out.append($0) }
            guard XMLText.escape(cells[index], into: &sink) else {
                throw InputError(
                    "a value sent as <\(String(decoding: openTags[index].dropFirst().dropLast(), as: UTF8.self))> "
                        + "holds a control character that XML 1.0 cannot carry; correct the source or extract CSV only",
                    file: source, line: line)
            }
            closeTags[index].withUnsafeBytes { out.append($0) }
        }
        out.append("</record>\n")
    }

    public func finish() throws(InputError) -> Transfer.File {
        out.append("</extract>\n")
        return try out.finish()
    }
}
