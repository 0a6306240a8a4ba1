/// An element of a loaded document, copied out of libxml2's tree once the document is known to be safe
/// and valid: plain values, so decoding needs no libxml2 and documents can cross threads.
public struct XMLElement: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLElement]
    /// The text directly inside the element (not inside its children), as written.
    public var text: String
    /// 1-based line of the start tag.
    public var line: Int

    public init(name: String, attributes: [String: String] = [:], children: [XMLElement] = [], text: String = "", line: Int = 0) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    public func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The text with whitespace collapsed, as `xs:token` reads it.
    public var token: String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    /// The items of an `xs:list` value.
    public var list: [String] { text.split(whereSeparator: \.isWhitespace).map(String.init) }
}
