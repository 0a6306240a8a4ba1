import ConsignCore

extension Catalog {
    /// Decodes a schema-valid `<catalog>` element.
    public init(_ root: XMLElement, file: String) throws(InputError) {
        let r = ElementReader(file: file)
        let company = try r.child(root, "company")
        let fields = try r.child(root, "fields")
        var decodedFields: [Field] = []
        for field in fields.children("field") {
            var derived: [Field.Variant] = []
            for form in field.children("form") {
                derived.append(
                    Field.Variant(
                        form: try r.form(r.attribute(form, "id"), at: form),
                        weight: try r.integer(r.attribute(form, "weight"), at: form),
                        identifiability: try r.identifiability(r.attribute(form, "identifiability"), at: form)))
            }
            let collectedFor = try r.child(field, "collected-for")
            var decoded = 
                Field(
                    id: try r.attribute(field, "id"), column: try r.attribute(field, "column"),
                    category: try r.attribute(field, "category"), description: try r.text(field, "description"),
                    weight: try r.integer(r.attribute(field, "weight"), at: field),
                    identifiability: try r.identifiability(r.attribute(field, "identifiability"), at: field),
                    specialCare: try r.boolean(r.optionalAttribute(field, "special-care") ?? "false", at: field),
                    paymentCredential: try r.boolean(r.optionalAttribute(field, "payment-credential") ?? "false", at: field),
                    collectedFor: collectedFor.list, derived: derived, line: field.line,
                    collectedForLine: collectedFor.line)
            decoded.personalRelated = try r.boolean(r.optionalAttribute(field, "personal-related") ?? "false", at: field)
            decoded.numeric = try r.boolean(r.optionalAttribute(field, "numeric") ?? "false", at: field)
            if let consent = field.child("consent-to-provision") {
                switch (r.optionalAttribute(consent, "recipient"), r.optionalAttribute(consent, "category")) {
                case (let recipient?, nil): decoded.provisionConsent = .recipient(recipient)
                case (nil, let category?): decoded.provisionConsent = .category(category)
                default: throw r.fail(consent, DocumentText.consentRecipientOrCategory.text())
                }
            }
            decodedFields.append(decoded)
        }
        var purposes: [Purpose] = []
        for purpose in try r.child(root, "purposes").children("purpose") {
            purposes.append(Purpose(id: try r.attribute(purpose, "id"), description: purpose.token))
        }
        self.init(
            id: try r.attribute(root, "id"), version: try r.integer(r.attribute(root, "version"), at: root),
            company: Company(
                name: try r.text(company, "name"), homeCountry: try r.text(company, "home-country"),
                timeZone: try r.text(company, "time-zone"),
                requiredCertification: try company.child("requires-certification").map { element throws(InputError) in
                    XMLElement.split(try r.attribute(element, "any-of"))
                } ?? []),
            purposes: purposes, fields: decodedFields, subjectKey: try r.attribute(fields, "subject-key"),
            subjectKeyLine: fields.line)
        if let requests = company.child("requests") {
            self.company.requestAnswerDays = try r.integer(r.attribute(requests, "answer-days"), at: requests)
            self.company.recipientNoticeDays = try r.integer(r.attribute(requests, "notice-days"), at: requests)
        }
        if let statistics = company.child("statistics") {
            self.company.statistics.minimumFrequency = try r.integer(r.attribute(statistics, "minimum-frequency"), at: statistics)
        }
        if let sender = company.child("sender") {
            var accounts: [String: CourierAccount] = [:]
            for account in sender.children("courier-account") {
                accounts[try r.attribute(account, "profile")] = CourierAccount(
                    customerCode: try r.attribute(account, "customer-code"),
                    fareNumber: r.optionalAttribute(account, "fare-number"))
            }
            self.company.sender = Sender(
                name: try r.text(sender, "name"), postalCode: try r.text(sender, "postal-code"),
                address: try r.text(sender, "address"), phone: try r.text(sender, "phone"), accounts: accounts)
        }
    }
}
