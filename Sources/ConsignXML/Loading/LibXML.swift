import CLibXML2
import ConsignCore
import Synchronization

/// The process-wide libxml2 set-up, done once before any document is read.
enum LibXML {
    /// `XML_PARSE_NONET`: no network; `XML_PARSE_BIG_LINES`: true line numbers past 65535. Never `NOENT`
    /// (entity substitution), `DTDLOAD`, `DTDATTR`, `DTDVALID`, `XINCLUDE` or `HUGE`.
    static let parseOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

    /// How many times libxml2 asked to load an external resource (a DTD, an entity, a schema import);
    /// every such request is refused. Tests read it to prove that hostile documents loaded nothing.
    static let refusedLoads = Atomic<Int>(0)

    private static let initialized: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in
            LibXML.refusedLoads.add(1, ordering: .relaxed)
            return nil
        }
        return true
    }()

    static func initialize() { _ = initialized }
}

/// The number of external loads libxml2 attempted (and consign refused) in this process.
public var refusedExternalLoads: Int { LibXML.refusedLoads.load(ordering: .relaxed) }

/// Collects libxml2's structured errors as diagnostics while a parse or validation runs on this thread
/// (libxml2 keeps its error handler per thread).
final class ErrorCollector {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func capturing<T>(_ body: () -> T) -> T {
        xmlSetStructuredErrorFunc(context, ErrorCollector.handler)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return withExtendedLifetime(self) { body() }
    }

    /// The collector as libxml2's opaque handler context; valid while `capturing` runs.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }

    private func record(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? DocumentText.xmlError(code: Int(error.code)).text()
        while message.last?.isWhitespace == true { message.removeLast() }
        if error.domain == Int32(XML_FROM_PARSER.rawValue), let restated = WellFormednessError.restate(message) { message = restated }
        diagnostics.append(.error(message, file: file, line: Int(error.line), column: Int(error.int2)))
    }
}

/// Readies libxml2 for a streaming reader outside this module (an XML record source): the process-wide
/// set-up above, and the safe parse options.
public enum SafeXMLReading {
    public static var parseOptions: Int32 {
        LibXML.initialize()
        return LibXML.parseOptions
    }

    /// Refuses, from the first bytes of a file (its prolog), what consign's document loader refuses before
    /// libxml2 sees it: an encoding other than UTF-8, and a DOCTYPE, naming its line.
    public static func checkProlog(_ head: [UInt8], file: String) throws(InputError) {
        if let encoding = SafeXMLLoader.nonUTF8Encoding(head) {
            throw InputError(InputText.xmlSourceNotUTF8(encoding).text(), file: file, line: 1)
        }
        if let line = SafeXMLLoader.doctypeLine(head) {
            throw InputError(InputText.xmlSourceDoctype.text(), file: file, line: line)
        }
    }
}
