import ConsignCore

extension ContractorProfile {
    /// Decodes a schema-valid `<contractor>` element.
    public init(_ root: XMLElement, file: String) throws(InputError) {
        let r = ElementReader(file: file)
        let address = try r.child(root, "address")
        let contact = try r.child(root, "privacy-contact")
        var certifications: [Certification] = []
        for c in try r.child(root, "certifications").children("certification") {
            certifications.append(
                Certification(
                    scheme: try r.attribute(c, "scheme"), number: try r.attribute(c, "number"),
                    expires: try r.date(r.attribute(c, "expires"), at: c)))
        }
        var subContractors: [SubContractor] = []
        for s in try r.child(root, "sub-contractors").children("sub-contractor") {
            subContractors.append(
                SubContractor(
                    id: try r.attribute(s, "id"), name: try r.text(s, "name"), role: try r.text(s, "role"),
                    country: try r.attribute(s, "country"), purposes: s.attributes["purposes"].map(XMLElement.split) ?? [],
                    line: s.line))
        }
        self.init(
            id: try r.attribute(root, "id"), version: try r.integer(r.attribute(root, "version"), at: root),
            legalName: try r.text(root, "legal-name"), address: address.token,
            addressCountry: try r.attribute(address, "country"), representative: try r.text(root, "representative"),
            privacyContact: PrivacyContact(
                name: try r.text(contact, "name"), email: try r.text(contact, "email"),
                phone: contact.child("phone")?.token),
            processingCountries: try r.child(root, "processing-countries").list,
            storageCountries: try r.child(root, "storage-countries").list, certifications: certifications,
            subContractors: subContractors)
    }
}

extension XMLElement {
    /// The items of an `xs:list` attribute value.
    static func split(_ value: String) -> [String] { value.split(whereSeparator: \.isWhitespace).map(String.init) }
}
