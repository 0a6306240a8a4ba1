import ConsignCore
import ConsignKeys
import Foundation

/// What `consign init` writes besides the schemas: a neutral catalog, and one commented example of each
/// document a company registers or keeps (a contractor profile, its agreement, a task template), valid as
/// they stand, so that the printed next steps lead to a first plan and extract before anything is edited.
enum StarterWorkspace {
    static let contractorID = "example-courier"
    static let agreementFile = "agreements/AG-EXAMPLE-001-v1.xml"
    static let contractorFile = "agreements/contractors/example-courier.xml"
    static let taskID = "example-delivery"

    /// The documents, by path relative to the workspace.
    static let files: [(path: String, text: String)] = [
        ("templates/catalog.xml", catalog), ("templates/\(taskID).xml", task), (contractorFile, contractor),
        (agreementFile, agreement),
    ]

    /// The commands that take a new workspace to its first extract, in order, each with what it is for.
    static func nextSteps(_ workspace: String) -> [NextStep] {
        let cd = workspace == "." ? [] : [NextStep.goInto(workspace: workspace, starter: true)]
        return cd + [
            .editCatalog, .editContractor, .registerProfile(file: contractorFile), .registerAgreement(file: agreementFile),
            .recordSelection(contractor: contractorID), .plan(task: taskID, contractor: contractorID), .sample,
            .extract(task: taskID, contractor: contractorID), .audit,
        ]
    }

    /// A list of ids as a document writes it (separated by spaces): read by programs, the same in every language.
    private static func ids(_ ids: String...) -> String { ids.joined(separator: " ") }

    static let catalog = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- \(StarterText.catalogComment.text()) -->
        <catalog id="customers" version="1">
          <company>
            <name>Your Company K.K.</name>
            <home-country>JP</home-country>
            <time-zone>Asia/Tokyo</time-zone>
          </company>
          <purposes>
            <purpose id="deliveries">\(StarterText.deliveries.text())</purpose>
            <purpose id="service-info">\(StarterText.serviceInfo.text())</purpose>
            <purpose id="inquiries">\(StarterText.inquiries.text())</purpose>
          </purposes>
          <fields subject-key="customer.id">
            <field id="customer.id" column="customer_id" category="identifier" weight="4" identifiability="direct">
              <description>\(StarterText.customerID.text())</description>
              <collected-for>\(ids("deliveries", "service-info", "inquiries"))</collected-for>
              <form id="hmac" weight="1" identifiability="quasi"/>
            </field>
            <field id="person.name" column="full_name" category="name" weight="8" identifiability="direct">
              <description>\(StarterText.name.text())</description>
              <collected-for>\(ids("deliveries", "service-info", "inquiries"))</collected-for>
            </field>
            <field id="contact.email" column="email" category="contact" weight="7" identifiability="direct">
              <description>\(StarterText.email.text())</description>
              <collected-for>\(ids("service-info", "inquiries"))</collected-for>
              <form id="hmac" weight="2" identifiability="quasi"/>
            </field>
            <field id="contact.phone" column="phone" category="contact" weight="7" identifiability="direct">
              <description>\(StarterText.phone.text())</description>
              <collected-for>\(ids("deliveries", "inquiries"))</collected-for>
              <form id="mask(keep_last=4)" weight="2" identifiability="quasi"/>
            </field>
            <field id="address.postal_code" column="postal_code" category="address" weight="3" identifiability="quasi">
              <description>\(StarterText.postalCode.text())</description>
              <collected-for>\(ids("deliveries", "service-info"))</collected-for>
            </field>
            <field id="address.prefecture" column="prefecture" category="address" weight="1" identifiability="quasi">
              <description>\(StarterText.prefecture.text())</description>
              <collected-for>\(ids("deliveries", "service-info"))</collected-for>
            </field>
            <field id="address.city" column="city" category="address" weight="2" identifiability="quasi">
              <description>\(StarterText.city.text())</description>
              <collected-for>\(ids("deliveries", "service-info"))</collected-for>
            </field>
            <field id="address.street" column="street_address" category="address" weight="8" identifiability="direct">
              <description>\(StarterText.street.text())</description>
              <collected-for>\(ids("deliveries", "service-info"))</collected-for>
            </field>
            <field id="consent.newsletter" column="consent_newsletter" category="consent" weight="1" identifiability="none">
              <description>\(StarterText.newsletter.text())</description>
              <collected-for>service-info</collected-for>
            </field>
          </fields>
        </catalog>

        """

    static let task = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- \(StarterText.taskComment.text()) -->
        <task id="example-delivery" version="1">
          <title>\(StarterText.taskTitle.text())</title>
          <purpose>deliveries</purpose>
          <needs>
            <need id="recipient">
              <reason>\(StarterText.recipientReason.text())</reason>
              <option id="name">
                <use field="person.name"/>
              </option>
            </need>
            <need id="delivery-address">
              <reason>\(StarterText.addressReason.text())</reason>
              <option id="full-address">
                <use field="address.postal_code"/>
                <use field="address.prefecture"/>
                <use field="address.city"/>
                <use field="address.street"/>
              </option>
            </need>
            <need id="contact-on-failure">
              <reason>\(StarterText.contactReason.text())</reason>
              <option id="phone">
                <use field="contact.phone"/>
              </option>
            </need>
            <need id="reference">
              <reason>\(StarterText.referenceReason.text())</reason>
              <option id="hmac">
                <use field="customer.id" form="hmac"/>
              </option>
            </need>
          </needs>
          <!-- \(StarterText.rowScopeComment.text()) -->
          <row-scope/>
          <mix-or-enrich>false</mix-or-enrich>
          <contacts-person>true</contacts-person>
          <pseudonymised>false</pseudonymised>
          <layout>
            <column name="order_ref" field="customer.id" form="hmac"/>
            <column name="recipient_name" field="person.name"/>
            <column name="postal_code" field="address.postal_code"/>
            <column name="prefecture" field="address.prefecture"/>
            <column name="city" field="address.city"/>
            <column name="street_address" field="address.street"/>
            <column name="phone" field="contact.phone"/>
          </layout>
          <retention-days>30</retention-days>
        </task>

        """

    static let contractor = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- \(StarterText.contractorComment.text()) -->
        <contractor id="example-courier" version="1">
          <legal-name>Example Courier Co., Ltd.</legal-name>
          <address country="JP">1-1-1 Example-cho, Chiyoda-ku, Tokyo 100-0000</address>
          <representative>Taro Example, President</representative>
          <privacy-contact>
            <name>Privacy Office</name>
            <email>privacy@courier.example</email>
            <phone>+81-3-0000-0000</phone>
          </privacy-contact>
          <processing-countries>JP</processing-countries>
          <storage-countries>JP</storage-countries>
          <certifications/>
          <sub-contractors/>
        </contractor>

        """

    static let agreement = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- \(StarterText.agreementComment.text()) -->
        <agreement id="AG-EXAMPLE-001" version="1" contractor="example-courier">
          <title>\(StarterText.agreementTitle.text())</title>
          <relationship>entrustment</relationship>
          <signatories>
            <signatory party="company" name="Hanako Sample" title="Representative Director"/>
            <signatory party="contractor" name="Taro Example" title="President"/>
          </signatories>
          <signed>2025-01-10</signed>
          <effective from="2025-02-01" to="2035-01-31"/>
          <purposes>deliveries</purposes>
          <permitted>
            <field ref="customer.id" form="hmac"/>
            <field ref="person.name"/>
            <field ref="address.postal_code"/>
            <field ref="address.prefecture"/>
            <field ref="address.city"/>
            <field ref="address.street"/>
            <field ref="contact.phone"/>
          </permitted>
          <data-subjects>
            <category>customers</category>
          </data-subjects>
          <countries>JP</countries>
          <sub-contracting allowed="false"/>
          <retention max-days="60"/>
          <clauses>
            <responsibilities section="Art. 3"/>
            <security section="Art. 5"/>
            <sub-contracting section="Art. 7"/>
            <reporting section="Art. 8" frequency-days="180"/>
            <compliance-check section="Art. 9" on-site="true"/>
            <breach-measures section="Art. 11"/>
            <incident-reporting section="Art. 12" notice-hours="48"/>
            <after-termination section="Art. 14" return-or-delete-days="30" deletion-certificate="true"/>
          </clauses>
          <signed-document reference="contracts/AG-EXAMPLE-001-v1.pdf" sha256="0000000000000000000000000000000000000000000000000000000000000000"/>
        </agreement>

        """
}

extension Workspace {
    /// `consign init`: the folders, the schemas, the starter documents (`StarterWorkspace`), or with
    /// `example` the whole example workspace (nothing registered), then `.consign/` with a new master key (or
    /// a copy of the key file `key`) and an empty register. Existing files are kept. Returns the paths written.
    public func create(example: Bool = false, key: URL? = nil) async throws -> [String] {
        if isInitialized {
            throw InputError(WorkspaceText.alreadyAWorkspace(state: stateDirectory.path).text(), file: root.path)
        }
        // A key file that cannot be installed stops init before it writes anything.
        let given = try key.map { url throws(InputError) in try WorkspaceKeys.read(from: url) }
        // The starter documents go only into folders that hold no document yet: next to a catalog of one's
        // own, they would be another company's.
        let fresh = WorkspaceDocuments.folders(self).allSatisfy { folder, _ in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).allSatisfy { !$0.hasSuffix(".xml") }
        }
        for folder in [templatesDirectory, contractorsDirectory] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        var written = try ExampleWorkspace.write(to: root) { example || $0.hasSuffix(".xsd") }
        if !example && fresh {
            for (path, text) in StarterWorkspace.files {
                let url = root.appending(path: path)
                if FileManager.default.fileExists(atPath: url.path) { continue }
                try Data(text.utf8).write(to: url)
                written.append(path)
            }
        }
        let gitignore = root.appending(path: ".gitignore")
        if !FileManager.default.fileExists(atPath: gitignore.path) {
            try Data((WorkspaceText.gitignore.text() + ".consign/\n").utf8).write(to: gitignore)
            written.append(".gitignore")
        }
        let keyFile = try await initialize(installing: given).keyFile
        let register = try registerDatabase() == .embedded ? ".consign/register.sqlite" : ".consign/database"
        return written.sorted() + [".consign/\(keyFile)", register]
    }

    /// What to do after `consign init` (the starter documents' steps), for a workspace named `workspace` on
    /// the command line.
    public static func nextSteps(after workspace: String, example: Bool) -> [NextStep] {
        guard example else { return StarterWorkspace.nextSteps(workspace) }
        let cd = workspace == "." ? [] : [NextStep.goInto(workspace: workspace, starter: false)]
        return cd + [.seeWhatToRegister, .followReadme]
    }
}
