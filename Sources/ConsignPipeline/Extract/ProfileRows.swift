import ConsignCore

/// The rows of a file in a courier's import layout (`ImportProfile`): each record's values (the plan's field
/// forms, as the extract's columns hold them) put into the profile's columns, written in its formats (postcode,
/// phone, date, half-width kana) and checked against its limits and the characters it accepts. A row the
/// courier would not take is a problem naming why, never a value cut short; the extract lists every such row
/// (up to `listed`) and writes nothing. What is the same in every row (the sender, the company's account, the
/// date, the task's values) is worked out and checked once.
public struct ProfileRows: Sendable {
    private enum Fill: Sendable {
        /// The extract's column at this index (empty when the plan does not send the input).
        case cell(Int?)
        /// Line n of the delivery address split over the profile's address lines.
        case addressLine(Int)
        /// Part of the delivery address's customer barcode.
        case barcode(ImportProfile.BarcodePart)
        case constant(String)
    }

    private let profile: ImportProfile
    private let encoding: CSVEncoding
    private let fills: [Fill]
    /// The row as `writeDirectly` writes it; nil when this job's rows always go through `row`.
    private let directSteps: [DirectStep]?

    /// A piece of a row written directly.
    private enum DirectStep: Sendable {
        /// Commas and constant fields, as the file holds them.
        case literal([UInt8])
        /// The value in the extract's column `cell`, written as `value` says (nil: through `row` unless empty).
        case cell(Int, DirectValue?, required: Bool)
        /// The whole address on the first address line, of at most `bytes`.
        case address(bytes: Int, required: Bool)
        case barcode(ImportProfile.BarcodePart)
    }

    /// The values a row written directly takes as they are.
    private enum DirectValue: Sendable {
        case jis(bytes: Int)
        case postalCode
        case phone(characters: Int)
        case reference(characters: Int)
    }
    /// The extract's columns holding the address's parts, in order; nil when the plan does not send it all.
    private let addressCells: [Int]?
    /// The extract's column holding the postcode; nil when the plan does not send it.
    private let postalCodeCell: Int?
    private let addressLimits: [ImportProfile.Limit]

    /// The rows listed when a file has problems (the rest are counted).
    public static let listed = 20

    /// Fills the profile's columns from the extract's `columns` (the field forms sent, in order) through the task's
    /// `use` (named `taskFile` in errors), the catalog's `sender` (named `catalogFile`) and the extract's date.
    public init(
        _ use: ImportProfileUse, columns: [FieldForm], sender: Sender?, taskFile: String, catalogFile: String,
        on date: CalendarDate, encoding: CSVEncoding
    ) throws(InputError) {
        let profile = use.profile
        self.profile = profile
        self.encoding = encoding
        func cells(_ input: ImportProfile.Input) -> [Int]? {
            let indexes = use.forms(input).map { columns.firstIndex(of: $0) }
            return indexes.contains(nil) ? nil : indexes.map { $0! }
        }
        addressCells = cells(.address)
        postalCodeCell = cells(.postalCode)?.first
        addressLimits = profile.addressLimits
        let senderLimits = profile.columns.compactMap { column -> ImportProfile.Limit? in
            if case .sender(.addressLine) = column.content { column.limit ?? .bytes(.max) } else { nil }
        }
        let senderAddress = sender.flatMap { LabelText.splitAddress([$0.address], limits: senderLimits) }
        var problems: [String] = []
        var fills: [Fill] = []
        for column in profile.columns {
            switch column.content {
            case .input(let input):
                fills.append(.cell(cells(input)?.first))
            case .addressLine(let line):
                fills.append(.addressLine(line))
            case .barcode(let part):
                fills.append(.barcode(part))
            case .sender(let part):
                guard let sender else {
                    problems.append(CourierText.noSender(profile: profile.title).text())
                    fills.append(.constant(""))
                    continue
                }
                let value: String =
                    switch part {
                    case .name: sender.name
                    case .postalCode: sender.postalCode
                    case .phone: sender.phone
                    case .addressLine(let line): senderAddress.map { $0.indices.contains(line) ? $0[line] : "" } ?? sender.address
                    }
                fills.append(.constant(value))
            case .account(let part):
                guard let account = sender?.accounts[profile.name] else {
                    // A courier that bills the account logged in needs none.
                    if column.required { problems.append(CourierText.noAccount(profile: profile.title, name: profile.name).text()) }
                    fills.append(.constant(""))
                    continue
                }
                fills.append(.constant((part == .customerCode ? account.customerCode : account.fareNumber) ?? ""))
            case .shippingDate:
                fills.append(.constant(date.description))
            case .fixed(let value):
                fills.append(.constant(use.values[column.header]?.value ?? value))
            case .free:
                fills.append(.constant(use.values[column.header]?.value ?? ""))
            }
        }
        // The constants are written in their columns' formats and checked once: the task's where it gives them,
        // the others against the catalog.
        var diagnostics = problems.map { Diagnostic.error($0, file: catalogFile) }
        for (index, column) in profile.columns.enumerated() {
            guard case .constant(let value) = fills[index] else { continue }
            let problem: ImportProfile.Unfit
            switch ImportProfile.written(value, column, profile: profile) {
            case .success(let written):
                fills[index] = .constant(written)
                continue
            case .failure(let unfit):
                problem = unfit
            }
            switch (use.values[column.header], column.content) {
            case (let given?, _): diagnostics.append(.error(problem.text, file: taskFile, line: given.line))
            case (nil, .sender), (nil, .account): diagnostics.append(.error(problem.text, file: catalogFile))
            default: diagnostics.append(.error(problem.text, file: taskFile, line: use.line))
            }
        }
        self.fills = fills
        directSteps = Self.directSteps(profile, fills: fills, addressCells: addressCells, encoding: encoding)
        if senderAddress == nil, !senderLimits.isEmpty, let sender {
            diagnostics.append(
                .error(
                    CourierText.addressDoesNotFit(
                        bytes: LabelText.width(sender.address), lines: senderLimits.map(\.described), profile: profile.title
                    ).text(), file: catalogFile))
        }
        if !diagnostics.isEmpty { throw InputError(diagnostics) }
    }

    /// The headers, in the profile's order.
    public var headers: [String] { profile.columns.map(\.header) }

    /// Appends the record's row, encoded, to `out`, or says why the courier would not take it. A row whose every
    /// value is already as the courier prints it (most are) is written byte by byte; any other goes through `row`,
    /// which formats, checks and explains, and writes the same bytes for what both accept.
    func write(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>, into out: inout [UInt8]) -> ImportProfile.Unfit? {
        let start = out.count
        if writeDirectly(cells, into: &out) { return nil }
        out.removeSubrange(start...)
        switch row(cells) {
        case .failure(let unfit):
            return unfit
        case .success(let row):
            do {
                try CSVWriter.appendRecord(row.map(FormulaGuard.guarded), encoding: encoding, to: &out)
                return nil
            } catch {
                out.removeSubrange(start...)
                return ImportProfile.Unfit(text: EncodingText.cannotEncode(column: headers[error.field], character: error.character, encoding).text())
            }
        }
    }

    /// The row written directly, when every value needs no formatting, quoting or guard and passes its checks;
    /// false (with `out` to be cut back) for any other.
    func writeDirectly(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>, into out: inout [UInt8]) -> Bool {
        guard let directSteps else { return false }
        for step in directSteps {
            switch step {
            case .literal(let bytes):
                out.append(contentsOf: bytes)
            case .cell(let cell, let value, let required):
                let text = cells[cell]
                guard !text.isEmpty else {
                    if required { return false }
                    continue
                }
                guard let value, Self.writeDirectly(text, value, into: &out) else { return false }
            case .address(let bytes, let required):
                guard let addressCells else { return false }
                // A formula's first character sends the row through `row`, which guards it.
                guard let first = addressCells.lazy.map({ cells[$0] }).first(where: { !$0.isEmpty }) else {
                    if required { return false }
                    continue
                }
                guard !FormulaGuard.isTrigger(first[0]) else { return false }
                let start = out.count
                var width = 0
                var comma = false
                for part in addressCells {
                    guard let written = CP932.appendJIS(cells[part], limit: bytes - width, to: &out) else { return false }
                    width += written.bytes
                    comma = comma || written.comma
                }
                if comma { Self.quote(from: start, in: &out) }
            case .barcode(let part):
                out.append(contentsOf: barcode(part, cells).utf8)
            }
        }
        return true
    }

    /// Part of the customer barcode of the record's address (empty when the plan sends no address or postcode).
    private func barcode(_ part: ImportProfile.BarcodePart, _ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>) -> String {
        guard let addressCells, let postalCodeCell,
            let postalCode = LabelText.postalCode(String(decoding: cells[postalCodeCell], as: UTF8.self))
        else { return "" }
        let number = CustomerBarcode.addressNumber(addressCells.map { String(decoding: cells[$0], as: UTF8.self) }.joined())
        switch part {
        case .addressNumber:
            return number
        case .characters:
            return CustomerBarcode.characters(postalCode: postalCode.filter(\.isNumber), addressNumber: number)
        }
    }

    /// The steps of a row written directly: runs of commas and constants between the plan's values, and the
    /// CRLF; nil when no row can be (the encoding is not CP932, a constant cannot be written so, or a column the
    /// courier requires has no input).
    private static func directSteps(
        _ profile: ImportProfile, fills: [Fill], addressCells: [Int]?, encoding: CSVEncoding
    ) -> [DirectStep]? {
        guard encoding == .cp932 else { return nil }
        var steps: [DirectStep] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { steps.append(.literal(literal)) }
            literal = []
        }
        for (index, (column, fill)) in zip(profile.columns, fills).enumerated() {
            if index > 0 { literal.append(UInt8(ascii: ",")) }
            switch fill {
            case .constant(let value):
                var field: [UInt8] = []
                guard (try? CSVWriter.appendRecord([FormulaGuard.guarded(value)], encoding: encoding, to: &field)) != nil else {
                    return nil
                }
                literal.append(contentsOf: field.dropLast(2))
            case .cell(nil):
                if column.required { return nil }
            case .cell(let cell?):
                flush()
                let value: DirectValue? =
                    switch (column.format, column.characters, column.limit) {
                    case (.asIs, .jisLevels, .bytes(let bytes)?): .jis(bytes: bytes)
                    case (.postalCode, _, _): .postalCode
                    case (.phone, _, .characters(let n)?): .phone(characters: n)
                    case (.reference, .alphanumeric, .characters(let n)?): .reference(characters: n)
                    default: nil
                    }
                steps.append(.cell(cell, value, required: column.required))
            case .barcode(let part):
                flush()
                steps.append(.barcode(part))
            case .addressLine(let line):
                guard addressCells != nil else {
                    if column.required { return nil }
                    continue
                }
                guard line == 0 else { continue }
                guard case .bytes(let bytes)? = column.limit, column.characters == .jisLevels else { return nil }
                flush()
                steps.append(.address(bytes: bytes, required: column.required))
            }
        }
        literal += [13, 10]
        flush()
        return steps
    }

    /// One value written directly, when it needs nothing done to it.
    private static func writeDirectly(_ text: UnsafeRawBufferPointer, _ value: DirectValue, into out: inout [UInt8]) -> Bool {
        guard !FormulaGuard.needsGuard(text) else { return false }
        switch value {
        case .jis(let bytes):
            let start = out.count
            guard let written = CP932.appendJIS(text, limit: bytes, to: &out) else { return false }
            if written.comma { quote(from: start, in: &out) }
            return true
        case .postalCode:
            // Already `123-4567`.
            guard text.count == 8, text[3] == UInt8(ascii: "-"),
                text.indices.allSatisfy({ $0 == 3 || (text[$0] >= 0x30 && text[$0] <= 0x39) })
            else { return false }
            out.append(contentsOf: text)
            return true
        case .phone(let characters):
            let start = out.count
            return LabelText.phoneNumber(ascii: text, into: &out) && out.count - start <= characters
        case .reference(let characters):
            // A pseudonym: its first `characters` hex digits.
            guard ImportProfile.isPseudonym(text) else { return false }
            out.append(contentsOf: text.prefix(characters))
            return true
        }
    }

    /// Quotes the field written from `start` (it holds no quote to double).
    private static func quote(from start: Int, in out: inout [UInt8]) {
        out.insert(UInt8(ascii: "\""), at: start)
        out.append(UInt8(ascii: "\""))
    }

    /// The record's row as the courier takes it, or why it would not take it.
    func row(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>) -> Result<[String], ImportProfile.Unfit> {
        func text(_ index: Int) -> String { String(decoding: cells[index], as: UTF8.self) }
        var address: [String]?
        var problems: [String] = []
        if let addressCells {
            let parts = addressCells.map(text)
            address = LabelText.splitAddress(parts, limits: addressLimits)
            if address == nil {
                problems.append(
                    CourierText.addressDoesNotFit(
                        bytes: LabelText.width(parts.joined()), lines: addressLimits.map(\.described), profile: profile.title
                    ).text())
            }
        }
        var row: [String] = []
        row.reserveCapacity(fills.count)
        for (column, fill) in zip(profile.columns, fills) {
            let value: String
            switch fill {
            case .cell(let index):
                value = index.map(text) ?? ""
            case .addressLine(let line):
                value = address.map { $0.indices.contains(line) ? $0[line] : "" } ?? ""
            case .barcode(let part):
                value = barcode(part, cells)
            case .constant(let constant):
                row.append(constant)
                continue
            }
            switch ImportProfile.written(value, column, profile: profile) {
            case .success(let written): row.append(written)
            case .failure(let problem): problems.append(problem.text)
            }
        }
        return problems.isEmpty ? .success(row) : .failure(ImportProfile.Unfit(text: problems.joined(separator: "; ")))
    }
}
