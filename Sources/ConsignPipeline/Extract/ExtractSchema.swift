import ConsignCore

/// The XSD that describes one extract's XML file, written into its package: the root `<extract>` with
/// its task and contractor, the notices it states (a pseudonymised task's, each `<notice lang="…">`), and
/// `<record>` elements whose children are the layout's columns in order.
/// Pseudonyms are 64 lowercase hex digits (or empty when the source had no value).
public enum ExtractSchema {
    public static func xsd(columns: [(name: String, form: Form)]) -> String {
        var elements = ""
        for column in columns {
            let type = column.form == .hmac ? "pseudonym" : "xs:string"
            elements += "              <xs:element name=\"\(column.name)\" type=\"\(type)\"/>\n"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- \(DocumentText.extractSchemaComment.text()) -->
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
              <xs:element name="extract">
                <xs:complexType>
                  <xs:sequence>
                    <xs:element name="notice" minOccurs="0" maxOccurs="unbounded">
                      <xs:complexType>
                        <xs:simpleContent>
                          <xs:extension base="xs:string">
                            <xs:attribute name="lang" type="xs:language" use="required"/>
                          </xs:extension>
                        </xs:simpleContent>
                      </xs:complexType>
                    </xs:element>
                    <xs:element name="record" minOccurs="0" maxOccurs="unbounded">
                      <xs:complexType>
                        <xs:sequence>
            \(elements)            </xs:sequence>
                      </xs:complexType>
                    </xs:element>
                  </xs:sequence>
                  <xs:attribute name="task" type="xs:string" use="required"/>
                  <xs:attribute name="contractor" type="xs:string" use="required"/>
                </xs:complexType>
              </xs:element>
              <xs:simpleType name="pseudonym">
                <xs:restriction base="xs:string">
                  <xs:pattern value="([0-9a-f]{64})?"/>
                </xs:restriction>
              </xs:simpleType>
            </xs:schema>

            """
    }

    /// Whether a layout column name can be an XML element name (an NCName that does not start with `xml`).
    public static func isElementName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
            !name.lowercased().hasPrefix("xml")
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == "-" || $0 == "." || $0.properties.isAlphabetic || ("0"..."9").contains($0)
        }
    }
}
