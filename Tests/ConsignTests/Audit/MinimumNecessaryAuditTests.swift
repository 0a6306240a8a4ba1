import Foundation
import Testing

/// The audit recomputes each transfer's minimum from the catalog and task it recorded and the agreement in
/// force on its date, and reports what was sent beyond it (`not-minimal`), for transfers recorded by hand as
/// for extracts. Through the command only; today is 2026-11-18.
@Suite struct MinimumNecessaryAuditTests {
    @Test func aTransferSendingMoreThanItsTaskNeedsIsFoundWithTheFormsAndTheCostDifference() throws {
        let ws = try AuditWorkspace.create("consign-not-minimal")
        defer { ws.remove() }
        try ws.addContractor("generous-courier", agreement: AgreementDocument(id: "AG-GENEROUS", contractor: "generous-courier"))
        try ws.evaluate("generous-courier", on: "2026-01-15")
        let address = "address.postal_code,address.prefecture,address.city,address.street"
        // Both ways of reaching the winner, where one will do.
        let both = try ws.record(
            "generous-courier", on: "2026-11-01", fields: "person.name,\(address),contact.phone,contact.email,customer.id:hmac").id
        // Exactly what the plan sends, and another choice of the same cost (the phone instead of the e-mail).
        let planned = try ws.record("generous-courier", on: "2026-11-02", fields: "person.name,\(address),contact.email,customer.id:hmac").id
        let sameCost = try ws.record("generous-courier", on: "2026-11-03", fields: "person.name,\(address),contact.phone,customer.id:hmac").id
        // The customer id itself where its pseudonym would do.
        let clear = try ws.record("generous-courier", on: "2026-11-04", fields: "person.name,\(address),contact.email,customer.id").id

        let audit = try ws.audit(asOf: "2026-11-18")
        let found = audit.findings("not-minimal")
        #expect(found.map(\.records.first) == ["transfer \(both)", "transfer \(clear)"], "\(audit.listing)")
        #expect(found.allSatisfy { $0.severity == "error" })
        let sends = "address.city, address.postal_code, address.prefecture, address.street, contact.email, customer.id:hmac, person.name"
        #expect(
            found.first?.message.hasSuffix(
                "sent contact.phone beyond the minimum necessary: what it sent costs 37, the minimum for its task 30 (+7), sending \(sends)")
                == true, "\(found.first?.message ?? "")")
        #expect(found.last?.message.contains("sent customer.id beyond the minimum necessary") == true, "\(found.last?.message ?? "")")
        #expect(found.first?.records == ["transfer \(both)", "contractor generous-courier", "agreement AG-GENEROUS v1"])
        for t in [planned, sameCost] { #expect(audit.findings(naming: "transfer \(t)").isEmpty, "\(audit.listing)") }
        let japanese = try consign(["--lang", "ja", "audit", "--as-of", "2026-11-18"], in: ws.root)
        #expect(japanese.stdout.contains("必要最小限を超えて contact.phone を送りました"), "\(japanese.stdout)")
    }
}
