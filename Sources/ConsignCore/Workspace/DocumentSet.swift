/// A document together with the file it was read from and the line of its root element.
public struct Sourced<Document: Sendable>: Sendable {
    public var document: Document
    public var file: String
    public var line: Int

    public init(_ document: Document, file: String, line: Int = 0) {
        self.document = document
        self.file = file
        self.line = line
    }
}

/// The documents of a workspace (or of a register) that refer to each other, as decoded; the subject of
/// the cross-reference rules.
public struct DocumentSet: Sendable {
    public var catalog: Sourced<Catalog>?
    public var tasks: [Sourced<TaskTemplate>]
    public var contractors: [Sourced<ContractorProfile>]
    public var agreements: [Sourced<Agreement>]

    public init(
        catalog: Sourced<Catalog>? = nil, tasks: [Sourced<TaskTemplate>] = [],
        contractors: [Sourced<ContractorProfile>] = [], agreements: [Sourced<Agreement>] = []
    ) {
        self.catalog = catalog
        self.tasks = tasks
        self.contractors = contractors
        self.agreements = agreements
    }

    /// The newest profile version present of each contractor, by contractor id.
    public var latestProfiles: [String: Sourced<ContractorProfile>] {
        Dictionary(contractors.map { ($0.document.id, $0) }) { a, b in a.document.version >= b.document.version ? a : b }
    }

    /// The agreement histories, one per agreement id, built from every version present.
    public var agreementHistories: [AgreementHistory] {
        Dictionary(grouping: agreements.map(\.document), by: \.id)
            .sorted { $0.key < $1.key }
            .map { AgreementHistory(versions: $0.value) }
    }
}
