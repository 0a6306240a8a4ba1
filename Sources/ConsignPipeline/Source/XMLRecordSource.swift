import CLibXML2
import ConsignCore
import ConsignXML
import Foundation

/// An XML source, read with libxml2's streaming reader (constant memory): one element per record under
/// the root, whose child elements are named by the catalog's source columns (`<customer><customer_id>…`).
/// Children the extract does not need are skipped, whatever they hold; a needed child that is missing or
/// given twice, an element nested inside a needed value, a DOCTYPE, an entity reference or an encoding
/// other than UTF-8 is an error naming the line. The
/// reader is as safe as consign's document loader: no network, no DTD loading, no entity substitution,
/// and the process-wide entity loader refuses every load.
public final class XMLRecordSource: RecordSource {
    public let file: String
    public let totalBytes: Int
    private let reader: xmlTextReaderPtr
    private let columns: [String]
    private let index: [[UInt8]: Int]
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity = 1 << 16
    private var used = 0
    private var starts: [Int]
    private var ends: [Int]
    public private(set) var recordLine = 0

    private let url: URL
    private let opened: FileIdentity?

    public init(url: URL, displayName: String, needed fields: [Field]) throws(InputError) {
        file = displayName
        self.url = url
        opened = FileIdentity(url)
        totalBytes = fileSize(url)
        try SafeXMLReading.checkProlog(
            [UInt8]((try? FileHandle(forReadingFrom: url).read(upToCount: 1 << 16)) ?? Data()), file: displayName)
        guard let reader = xmlReaderForFile(url.path, "UTF-8", SafeXMLReading.parseOptions) else {
            throw InputError(InputText.cannotReadXML.text(), file: displayName)
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, { _, _ in }, nil)
        columns = fields.map(\.column)
        index = Dictionary(uniqueKeysWithValues: fields.enumerated().map { (Array($0.element.column.utf8), $0.offset) })
        storage = .allocate(capacity: capacity)
        starts = Array(repeating: -1, count: fields.count)
        ends = Array(repeating: -1, count: fields.count)
    }

    deinit {
        xmlFreeTextReader(reader)
        storage.deallocate()
    }

    public var bytesRead: Int { Int(xmlTextReaderByteConsumed(reader)) }
    public var change: Message.SourceChange? { FileIdentity.change(of: url, since: opened) }

    public func value(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage + starts[index], count: ends[index] - starts[index])
    }

    private enum NodeType {
        static let element: Int32 = 1, text: Int32 = 3, cdata: Int32 = 4, entityReference: Int32 = 5
        static let documentType: Int32 = 10, whitespace: Int32 = 13, significantWhitespace: Int32 = 14
        static let endElement: Int32 = 15
    }

    public func next() throws(InputError) -> Bool {
        var current = -1
        var inRecord = false
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 {
                if inRecord { throw InputError(InputText.endsInsideRecord.text(), file: file, line: recordLine) }
                return false
            }
            if status < 0 { throw readerError() }
            let depth = xmlTextReaderDepth(reader)
            switch xmlTextReaderNodeType(reader) {
            case NodeType.documentType:
                throw InputError(InputText.xmlSourceDoctype.text(), file: file, line: nodeLine())
            case NodeType.entityReference:
                throw InputError(InputText.xmlSourceEntityReference.text(), file: file, line: nodeLine())
            case NodeType.element where depth == 1:
                inRecord = true
                recordLine = nodeLine()
                used = 0
                for i in starts.indices { starts[i] = -1 }
                if xmlTextReaderIsEmptyElement(reader) == 1 { return try finishRecord() }
            case NodeType.element where depth == 2:
                let name = xmlTextReaderConstLocalName(reader)!
                current = index[Array(UnsafeBufferPointer(start: name, count: strlen(name)))] ?? -1
                if current >= 0 {
                    if starts[current] >= 0 {
                        throw InputError(
                            InputText.valueTwice(element: columns[current]).text(), file: file, line: nodeLine())
                    }
                    starts[current] = used
                    ends[current] = used
                }
                if xmlTextReaderIsEmptyElement(reader) == 1 { current = -1 }
            case NodeType.element where depth > 2 && current >= 0:
                // Inside a value the extract needs; what is inside children it skips does not matter.
                let name = String(cString: xmlTextReaderConstName(reader)!)
                throw InputError(
                    InputText.elementInsideValue(name, value: columns[current]).text(), file: file, line: nodeLine())
            case NodeType.text, NodeType.cdata, NodeType.whitespace, NodeType.significantWhitespace:
                if current >= 0, depth == 3, let text = xmlTextReaderConstValue(reader) {
                    append(text, count: strlen(text), to: current)
                }
            case NodeType.endElement where depth == 2:
                current = -1
            case NodeType.endElement where depth == 1:
                return try finishRecord()
            default:
                break
            }
        }
    }

    /// The line of the node the reader is on (where its start tag is), not how far libxml2 has read.
    private func nodeLine() -> Int {
        if let node = xmlTextReaderCurrentNode(reader) {
            let line = xmlGetLineNo(node)
            if line > 0 { return Int(line) }
        }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    private func finishRecord() throws(InputError) -> Bool {
        if let missing = starts.firstIndex(of: -1) {
            throw InputError(InputText.valueMissing(element: columns[missing]).text(), file: file, line: recordLine)
        }
        return true
    }

    private func append(_ text: UnsafePointer<xmlChar>, count: Int, to field: Int) {
        if used + count > capacity {
            while used + count > capacity { capacity *= 2 }
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            larger.update(from: storage, count: used)
            storage.deallocate()
            storage = larger
        }
        (storage + used).update(from: text, count: count)
        used += count
        ends[field] = used
    }

    private func readerError() -> InputError {
        guard let error = xmlGetLastError() else {
            return InputError(
                InputText.notWellFormedXML.text(), file: file, line: Int(xmlTextReaderGetParserLineNumber(reader)))
        }
        var message = error.pointee.message.map { String(cString: $0) } ?? InputText.notWellFormedXML.text()
        while message.last?.isWhitespace == true { message.removeLast() }
        return InputError(WellFormednessError.restate(message) ?? message, file: file, line: Int(error.pointee.line))
    }
}
