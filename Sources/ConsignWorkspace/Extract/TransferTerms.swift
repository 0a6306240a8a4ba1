import ConsignCore

extension Transfer {
    /// A transfer of a task to a contractor on a date, with what it records of the agreement it goes under
    /// (nil: a transfer recorded by hand when none was in force), the exact task template and catalog it
    /// used, and its retention due date: the date plus the task's retention days, or the agreement's maximum
    /// retention if that is shorter (DESIGN: Dates and clock). One place for these rules, whether the
    /// transfer was made by `extract` or recorded by hand.
    init(
        id: String, origin: Origin, on: CalendarDate, contractor: String, under agreement: Agreement?,
        agreementSHA256: String?, task: LoadedDocument, catalog: LoadedDocument, forms: [FieldForm], rows: Int,
        files: [File], package: String, receivingSubContractors: [String], encryption: String, subjects: SubjectSet,
        note: String, source: Source? = nil, delivery: Delivery = Delivery(), csvEncoding: CSVEncoding = .utf8,
        substitutions: [Substitution] = [], importProfile: String? = nil
    ) {
        guard case .task(let template) = task.document, case .catalog(let catalogDocument) = catalog.document else {
            preconditionFailure("a task template and a catalog")
        }
        let home = catalogDocument.company.homeCountry
        self.init(
            id: id, origin: origin, on: on, contractor: contractor,
            agreement: agreement.map { DocumentReference(id: $0.id, version: $0.version, sha256: agreementSHA256 ?? "") },
            relationship: agreement?.relationship,
            legalBasis: agreement?.legalBasis(homeCountry: home) ?? RecordedWords.noAgreementInForce.english,
            countries: agreement?.countries ?? [home],
            approvedSubContractors: agreement?.approvedSubContractors(for: template.purpose, on: on) ?? [],
            receivingSubContractors: receivingSubContractors,
            task: DocumentReference(id: template.id, version: template.version, sha256: task.sha256),
            catalog: DocumentReference(id: catalogDocument.id, version: catalogDocument.version, sha256: catalog.sha256),
            purpose: template.purpose, forms: forms, rows: rows, files: files, package: package,
            retentionDue: on.adding(days: min(template.retentionDays, agreement?.retentionMaxDays ?? .max)),
            encryption: encryption, subjects: subjects, note: note, source: source,
            specialCare: Array(Set(forms.map(\.field).filter { catalogDocument.field($0)?.specialCare == true })).sorted(),
            delivery: delivery, csvEncoding: csvEncoding, substitutions: substitutions, importProfile: importProfile)
    }
}

extension Agreement {
    /// The legal basis of a transfer under this agreement, in the words the register records (`RecordedWords`):
    /// the relationship, and abroad the basis of the transfer to a foreign country.
    func legalBasis(homeCountry: String) -> String {
        let abroad = foreignCountries(home: homeCountry).isEmpty ? nil : foreignBasis?.kind
        return RecordedWords.legalBasis(relationship, abroad: abroad).english
    }

    /// The sub-contractors this agreement approves for a purpose on a date.
    func approvedSubContractors(for purpose: String, on date: CalendarDate) -> [String] {
        approvedSubContractors.filter { $0.purposes.contains(purpose) && $0.approvedOn <= date }.map(\.subContractor)
    }
}
