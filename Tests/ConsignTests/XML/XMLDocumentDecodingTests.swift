import ConsignCore
import ConsignXML
import Foundation
import Testing

/// Spot checks of what the repository's example documents decode to.
@Suite("XML document decoding")
struct XMLDocumentDecodingTests {
    func load(_ relativePath: String, as schema: BuiltInSchema) throws -> (document: Document, line: Int) {
        try Document.load(XMLTestSupport.bytes(relativePath), file: relativePath, accepting: [schema])
    }

    func catalog(_ relativePath: String = "templates/catalog.xml") throws -> Catalog {
        guard case .catalog(let c) = try load(relativePath, as: .catalog).document else { throw Unexpected() }
        return c
    }

    func task(_ relativePath: String) throws -> TaskTemplate {
        guard case .task(let t) = try load(relativePath, as: .task).document else { throw Unexpected() }
        return t
    }

    func task(text: String) throws -> TaskTemplate {
        guard case .task(let t) = try Document.load(Array(text.utf8), file: "t.xml", accepting: [.task]).document
        else { throw Unexpected() }
        return t
    }

    func agreement(_ relativePath: String) throws -> Agreement {
        guard case .agreement(let a) = try load(relativePath, as: .agreement).document else { throw Unexpected() }
        return a
    }

    func contractor(_ relativePath: String) throws -> ContractorProfile {
        guard case .contractor(let c) = try load(relativePath, as: .contractor).document else { throw Unexpected() }
        return c
    }

    struct Unexpected: Error {}

    static func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    // MARK: Catalog

    @Test func catalogDecodesCompanyPurposesAndSubjectKey() throws {
        let c = try catalog()
        #expect(c.id == "customers")
        #expect(c.version == 1)
        var company = Company(name: "Kumo Learning K.K.", homeCountry: "JP", timeZone: "Asia/Tokyo")
        company.requestAnswerDays = 14
        company.sender = Sender(
            name: "株式会社クモラーニング", postalCode: "150-0002", address: "東京都渋谷区渋谷2-21-1 ヒカリエ 8F",
            phone: "03-5468-1234",
            accounts: [
                "yamato-b2": CourierAccount(customerCode: "0312345678", fareNumber: "01"),
                "sagawa-ehiden": CourierAccount(customerCode: "123456780012", fareNumber: nil),
            ])
        #expect(c.company == company)
        #expect(c.subjectKey == "customer.id")
        #expect(c.subjectKeyLine == 36)
        #expect(c.purposes.count == 11)
        #expect(c.purposes.first == Purpose(id: "service-info", description: "To provide information on our services by e-mail and mail."))
        #expect(c.purposes.map(\.id).last == "legal-obligations")
        #expect(c.purpose("campaigns")?.description == "To run campaigns.")
    }

    @Test func catalogDecodesEveryFieldInFileOrder() throws {
        let c = try catalog()
        #expect(c.fields.count == 22)
        #expect(c.fields.first?.id == "customer.id")
        #expect(c.fields.last?.id == "notes")
        #expect(Set(c.fields.map(\.id)).count == 22)
        // Two fields record a consent to a provision: to one recipient, and to a category of recipients.
        #expect(c.fields.compactMap(\.provisionConsent) == [.recipient("linkad-network"), .category("prize-sponsors")])
        #expect(c.provisionConsentFields == ["consent.provision_linkad", "consent.provision_prize_sponsors"])
        // special-care defaults to false; only the notes say otherwise.
        #expect(c.fields.filter(\.specialCare).map(\.id) == ["notes"])
    }

    @Test func birthDateHasItsDerivedFormsWithTheirWeights() throws {
        let c = try catalog()
        let field = try #require(c.field("person.birth_date"))
        #expect(field.column == "birth_date")
        #expect(field.category == "demographics")
        #expect(field.description == "Date of birth of the customer.")
        #expect(field.weight == 5)
        #expect(field.identifiability == .quasi)
        #expect(field.line == 77)
        #expect(field.collectedForLine == 79)
        #expect(
            field.collectedFor
                == ["surveys-prizes", "advertising", "inquiries", "identity-confirmation", "service-improvement", "statistics"])
        #expect(
            field.derived == [
                Field.Variant(form: .year, weight: 2, identifiability: .quasi),
                Field.Variant(form: .ageBand(10), weight: 1, identifiability: .none),
            ])
        #expect(c.variant(FieldForm("person.birth_date", .ageBand(10)))?.weight == 1)
        #expect(c.variant(FieldForm("person.birth_date", .keep))?.weight == 5)
        #expect(c.variant(FieldForm("person.birth_date", .hmac)) == nil)
    }

    @Test func catalogDecodesParameterisedForms() throws {
        let c = try catalog()
        #expect(c.field("contact.phone")?.derived.map(\.form) == [.mask(keepLast: 4)])
        #expect(c.field("address.postal_code")?.derived.map(\.form) == [.prefix(3)])
        #expect(c.field("account.lifetime_value")?.derived.map(\.form) == [.bucket(10000)])
        #expect(c.field("customer.id")?.derived == [Field.Variant(form: .hmac, weight: 1, identifiability: .quasi)])
        #expect(c.field("person.name")?.derived == [])
    }

    // MARK: Agreements

    @Test func amendedPrizeShippingAgreementDecodesItsTerms() throws {
        let a = try agreement("agreements/AG-2024-011-v2.xml")
        #expect(a.id == "AG-2024-011")
        #expect(a.version == 2)
        #expect(a.contractor == "hayate-transport")
        #expect(a.relationship == .entrustment)
        #expect(a.title == "Agreement on the Entrustment of Personal Information Handling (Prize Shipping), Amendment 1")
        #expect(
            a.signatories == [
                Signatory(party: "company", name: "Haruka Sato", title: "Representative Director"),
                Signatory(party: "contractor", name: "Kenji Morimoto", title: "President"),
            ])
        #expect(a.signed == Self.date("2026-03-10"))
        #expect(a.effectiveFrom == Self.date("2026-04-01"))
        #expect(a.effectiveTo == Self.date("2032-03-31"))
        #expect(a.effectiveLine == 11)
        #expect(a.purposes == ["surveys-prizes"])
        #expect(a.purposesLine == 12)
        #expect(a.dataSubjects == ["prize winners"])
        #expect(a.countries == ["JP"])
        #expect(a.foreignBasis == nil)
        #expect(a.retentionMaxDays == 90)
        #expect(
            a.signedDocument
                == SignedDocument(
                    reference: "contracts/AG-2024-011-v2.pdf",
                    sha256: "a6751f9830c0d20a1ad1ac244c146afd45959cc2dce7e04960a444f00ff4d174"))
    }

    @Test func amendedAgreementPermitsThePhoneAndTheCustomerIdOnlyAsHMAC() throws {
        let a = try agreement("agreements/AG-2024-011-v2.xml")
        #expect(a.permitted.count == 8)
        #expect(a.permits(FieldForm("contact.phone")))
        // A field permitted without a form is permitted in every form.
        #expect(a.permits(FieldForm("contact.phone", .mask(keepLast: 4))))
        #expect(a.permits(FieldForm("customer.id", .hmac)))
        #expect(!a.permits(FieldForm("customer.id", .keep)))
        #expect(!a.permits(FieldForm("person.birth_date", .year)))
        let phone = try #require(a.permitted.first { $0.value.field == "contact.phone" })
        #expect(phone.value.form == nil)
        #expect(phone.line == 20)
        #expect(a.permitted.first { $0.value.field == "customer.id" }?.value.form == .hmac)
        // The first version did not permit the phone.
        let v1 = try agreement("agreements/AG-2024-011-v1.xml")
        #expect(!v1.permits(FieldForm("contact.phone")))
    }

    @Test func amendedAgreementApprovesKitaDelivery() throws {
        let a = try agreement("agreements/AG-2024-011-v2.xml")
        #expect(a.subContractingAllowed)
        let approved = try #require(a.approvedSubContractors.first)
        #expect(a.approvedSubContractors.count == 1)
        #expect(approved.subContractor == "kita-delivery")
        #expect(approved.purposes == ["surveys-prizes"])
        #expect(approved.country == "JP")
        #expect(approved.approvedOn == Self.date("2024-03-20"))
        #expect(approved.scope.hasPrefix("Last-mile delivery in Hokkaido"))
        #expect(approved.line == 28)
    }

    @Test func amendedAgreementHasAllEightClausesWithTheirValues() throws {
        let clauses = try agreement("agreements/AG-2024-011-v2.xml").clauses
        #expect(clauses.missing.isEmpty)
        #expect(clauses.present.count == 8)
        #expect(clauses.responsibilities?.section == "Art. 3")
        #expect(clauses.afterTermination?.section == "Art. 14")
        #expect(clauses.reportingFrequencyDays == 90)
        #expect(clauses.complianceCheckOnSite == true)
        #expect(clauses.incidentNoticeHours == 48)
        #expect(clauses.returnOrDeleteDays == 30)
        #expect(clauses.deletionCertificateRequired == true)
    }

    @Test func agreementWithoutComplianceCheckMissesExactlyClauseE() throws {
        let a = try agreement("agreements/AG-2025-002-v1.xml")
        #expect(a.clauses.missing == ["e"])
        #expect(a.clauses.complianceCheck == nil)
        #expect(a.clauses.complianceCheckOnSite == nil)
        #expect(a.clauses.reportingFrequencyDays == 180)
    }

    @Test func germanAgreementHasAnAdequacyBasis() throws {
        let a = try agreement("agreements/AG-2026-001-v1.xml")
        #expect(a.contractor == "nordstat")
        #expect(a.countries == ["DE"])
        #expect(a.foreignBasis?.kind == .euUKAdequacy)
        #expect(a.foreignBasis?.explanation.hasPrefix("Germany is a member state of the EU") == true)
        #expect(a.foreignCountries(home: "JP") == ["DE"])
    }

    // MARK: Tasks

    @Test func prizeShippingTaskDecodesNeedsOptionsScopeAndLayout() throws {
        let t = try task("templates/prize-shipping.xml")
        #expect(t.id == "prize-shipping")
        #expect(t.version == 1)
        #expect(t.title == "Shipping of prizes to competition winners by courier")
        #expect(t.purpose == "surveys-prizes")
        #expect(t.purposeLine == 4)
        #expect(t.needs.map(\.id) == ["recipient", "delivery-address", "contact-on-failure", "reference"])
        #expect(t.needs.map(\.line) == [6, 12, 21, 30])
        let contact = try #require(t.needs.first { $0.id == "contact-on-failure" })
        #expect(contact.options.count == 2)
        #expect(contact.options.map(\.id) == ["phone", "email"])
        #expect(contact.options.map(\.forms) == [[FieldForm("contact.phone")], [FieldForm("contact.email")]])
        #expect(contact.reason.hasPrefix("The courier calls or e-mails the winner"))
        #expect(t.needs[1].options.first?.forms.count == 4)
        #expect(t.needs[3].options.first?.uses == [Located(FieldForm("customer.id", .hmac), line: 33)])
        #expect(t.rowScope.consents == [Located("consent.prize", line: 38)])
        #expect(t.rowScope.conditions.isEmpty)
        #expect(!t.mixOrEnrich)
        #expect(t.contactsPerson)
        #expect(!t.pseudonymised)
        #expect(t.retentionDays == 60)
        #expect(
            t.layout.map(\.name)
                == ["customer_ref", "recipient_name", "postal_code", "prefecture", "city", "street_address", "phone", "email"])
        #expect(t.layout.first?.fieldForm == FieldForm("customer.id", .hmac))
        #expect(t.layout[1].fieldForm == FieldForm("person.name", .keep))
        #expect(t.layout.map(\.line) == Array(44...51))
    }

    @Test func rowScopeConditionsDecodeOperatorAndValue() throws {
        let t = try task("templates/ad-audience-matching.xml")
        #expect(t.mixOrEnrich)
        #expect(t.rowScope.consents.map(\.value) == ["consent.newsletter", "consent.provision_linkad"])
        #expect(
            t.rowScope.conditions
                == [Located(Condition(field: "account.lifetime_value", op: .atLeast, value: "1"), line: 32)])
        #expect(t.layout.map(\.fieldForm)[2] == FieldForm("person.birth_date", .ageBand(10)))
    }

    @Test func wrappedTitleIsCollapsedToSingleSpaces() throws {
        let text = try XMLTestSupport.text("templates/prize-shipping.xml")
        let wrapped = try #require(
            XMLTestSupport.variant(
                of: text, replacing: "<title>Shipping of prizes to competition winners by courier</title>",
                with: "<title>\n    Shipping of prizes   to competition\n    winners\tby courier\r\n  </title>"))
        let t = try task(text: wrapped)
        #expect(t.title == "Shipping of prizes to competition winners by courier")
    }

    @Test func wrappedTextAndListsAcrossLinesDecodeAsTokens() throws {
        let text = try XMLTestSupport.text("agreements/AG-2024-011-v2.xml")
        var wrapped = try #require(
            XMLTestSupport.variant(
                of: text, replacing: "<category>prize winners</category>",
                with: "<category>\n      prize\n      winners\n    </category>"))
        wrapped = try #require(
            XMLTestSupport.variant(
                of: wrapped, replacing: "<purposes>surveys-prizes</purposes>",
                with: "<purposes>\n    surveys-prizes\n    campaigns\n  </purposes>"))
        guard case .agreement(let a) = try Document.load(Array(wrapped.utf8), file: "a.xml", accepting: [.agreement]).document
        else { throw Unexpected() }
        #expect(a.dataSubjects == ["prize winners"])
        #expect(a.purposes == ["surveys-prizes", "campaigns"])
    }

    @Test func fixtureWithWrappedTitleDecodes() throws {
        let url = XMLTestSupport.fixtures.appending(path: "task-entities-and-wrapping.xml")
        let t = try task(text: String(decoding: try Data(contentsOf: url), as: UTF8.self))
        #expect(t.title == "Entities and wrapping")
        #expect(t.rowScope == RowScope())
    }

    // MARK: Contractors

    @Test func hayateTransportDeclaresKitaDeliveryForPrizes() throws {
        let c = try contractor("agreements/contractors/hayate-transport.xml")
        #expect(c.id == "hayate-transport")
        #expect(c.version == 1)
        #expect(c.legalName == "Hayate Transport Co., Ltd. (疾風運輸株式会社)")
        #expect(c.addressCountry == "JP")
        #expect(c.privacyContact.phone == "+81-3-5500-2140")
        #expect(c.privacyContact.email == "privacy@hayate-transport.example")
        #expect(c.processingCountries == ["JP"])
        #expect(c.storageCountries == ["JP"])
        #expect(c.certifications == [Certification(scheme: "privacy-mark", number: "10820417(05)", expires: Self.date("2028-06-30"))])
        let sub = try #require(c.subContractors.first)
        #expect(c.subContractors.count == 1)
        #expect(sub.id == "kita-delivery")
        #expect(sub.purposes == ["surveys-prizes"])
        #expect(sub.country == "JP")
        #expect(sub.name == "Kita Delivery Co., Ltd. (北デリバリー株式会社)")
        #expect(sub.line == 17)
    }

    @Test func documentLoadReportsTheRootElementLine() throws {
        #expect(try load("agreements/AG-2024-011-v2.xml", as: .agreement).line == 3)
        #expect(try load("templates/catalog.xml", as: .catalog).line == 2)
    }
}
