import ConsignPipeline
import Foundation
import Testing

@Suite struct OutputEscapingTests {
    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-", "'-"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
        ("\rx", "'\rx"), ("\nx", "'\nx"), ("=HYPERLINK(\"http://example.com/\")", "'=HYPERLINK(\"http://example.com/\")"),
        ("-12", "-12"), ("+3.5", "+3.5"), ("-0.25", "-0.25"), ("+81 90 1234 5678", "+81 90 1234 5678"),
        ("+81-(3)-1234-5678", "+81-(3)-1234-5678"), ("plain", "plain"), ("a=b", "a=b"), ("", ""),
        ("-12.", "'-12."), ("+", "'+"), ("- 1", "'- 1"), ("-1-2", "'-1-2"), ("+(03) 1234", "+(03) 1234"), ("+81 90 abc", "'+81 90 abc"),
    ])
    func cellsThatWouldRunAsFormulasAreGuarded(cell: String, expected: String) {
        #expect(FormulaGuard.guarded(cell) == expected)
    }

    @Test func xmlTextEscapesMarkupAndCarriageReturns() throws {
        #expect(XMLText.escaped("A&B <東棟> \"q\" 'a'") == "A&amp;B &lt;東棟&gt; &quot;q&quot; &apos;a&apos;")
        #expect(XMLText.escaped("line\r\nnext\ttab") == "line&#13;\nnext\ttab")
        for forbidden in ["\u{0}", "\u{1B}[31m", "x\u{FFFE}", "\u{FFFF}"] {
            #expect(XMLText.escaped(forbidden) == nil, "\(forbidden.unicodeScalars.map(\.value))")
        }
        #expect(XMLText.forbiddenCharacter(in: "ok\u{7}") == "\u{7}")
    }

    /// libxml2 reads the escaped text back to the original, CR included.
    @Test func escapedTextRoundTripsThroughAnXMLParser() throws {
        let original = "A&B <東棟>\r\n\"q\" 'a' =1+1"
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><r>\(try #require(XMLText.escaped(original)))</r>"
        let python = try run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", "import sys, xml.etree.ElementTree as E; sys.stdout.buffer.write(E.fromstring(sys.argv[1].encode()).text.encode())", document])
        #expect(python.stdout == original, "\(python.stderr)")
    }
}
