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
    /// The steps' literals, one after another (the steps hold no reference, so the row loop counts none).
    private let literals: Literals

    /// A piece of a row written directly.
    private enum DirectStep: Sendable {
        /// Commas and constant fields, as the file holds them: `count` bytes of `literals` from `start`.
        case literal(start: Int, count: Int)
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

    /// The literals of the direct steps, allocated once for the job and never written after (so shared by the
    /// threads that write rows).
    private final class Literals: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt8>
        let count: Int

        init(_ bytes: [UInt8]) {
            count = bytes.count
            base = .allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: $0.count) }
        }

        deinit { base.deallocate() }
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
            switch (ImportProfile.written(value, column, profile: profile), use.values[column.header], column.content) {
            case (.success(let written), _, _): fills[index] = .constant(written)
            case (.failure(let problem), let given?, _): diagnostics.append(.error(problem.text, file: taskFile, line: given.line))
            case (.failure(let problem), nil, .sender), (.failure(let problem), nil, .account):
                diagnostics.append(.error(problem.text, file: catalogFile))
            case (.failure(let problem), nil, _): diagnostics.append(.error(problem.text, file: taskFile, line: use.line))
            }
        }
        self.fills = fills
        var literalBytes: [UInt8] = []
        directSteps = Self.directSteps(
            profile, fills: fills, addressCells: addressCells, encoding: encoding, literals: &literalBytes)
        literals = Literals(literalBytes)
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

    /// The record's row, encoded, in `scratch`, or why the courier would not take it. A row whose every value is
    /// already as the courier prints it (most are) is written byte by byte; any other goes through `row`, which
    /// formats, checks and explains, and writes the same bytes for what both accept.
    func write(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>, in scratch: RowScratch) -> Result<UnsafeRawBufferPointer, ImportProfile.Unfit> {
        if let bound = directBound(cells) {
            let base = scratch.room(bound)
            if let count = writeDirectly(cells, to: base) {
                assert(count <= bound, "directBound is a bound")
                return .success(UnsafeRawBufferPointer(start: base, count: count))
            }
        }
        switch row(cells) {
        case .failure(let unfit):
            return .failure(unfit)
        case .success(let row):
            var bytes: [UInt8] = []
            do {
                try CSVWriter.appendRecord(row.map(FormulaGuard.guarded), encoding: encoding, to: &bytes)
            } catch {
                return .failure(
                    ImportProfile.Unfit(
                        text: EncodingText.cannotEncode(column: headers[error.field], character: error.character, encoding).text()))
            }
            let base = scratch.room(bytes.count)
            bytes.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: $0.count) }
            return .success(UnsafeRawBufferPointer(start: base, count: bytes.count))
        }
    }

    /// The most bytes the record's row takes written directly, step by step (a value at most as long as its UTF-8,
    /// with two quotes or the two hyphens a phone number may gain; a part of the barcode at most the address and
    /// postcode and its 13 bar characters and check digit); nil when this job's rows all go through `row`.
    func directBound(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>) -> Int? {
        guard let directSteps else { return nil }
        var bound = 0
        for step in directSteps {
            switch step {
            case .literal(_, let count): bound += count
            case .cell(let cell, _, _): bound += cells[cell].count + 2
            case .address: bound += (addressCells ?? []).reduce(2) { $0 + cells[$1].count }
            case .barcode:
                bound += (addressCells ?? []).reduce(64) { $0 + cells[$1].count } + (postalCodeCell.map { cells[$0].count } ?? 0)
            }
        }
        return bound
    }

    /// The row written directly at `base` (room for `directBound(cells)` bytes), when every value needs no
    /// formatting, quoting or guard and passes its checks: its length; nil for any other.
    func writeDirectly(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>, to base: UnsafeMutablePointer<UInt8>) -> Int? {
        guard let directSteps else { return nil }
        var count = 0
        let literals = literals.base
        var barcode: Barcode?
        for step in directSteps {
            switch step {
            case .literal(let start, let length):
                (base + count).update(from: literals + start, count: length)
                count += length
            case .cell(let cell, let value, let required):
                let text = cells[cell]
                guard !text.isEmpty else {
                    if required { return nil }
                    continue
                }
                guard let value, let written = Self.writeDirectly(text, value, to: base + count) else { return nil }
                count += written
            case .address(let bytes, let required):
                guard let addressCells else { return nil }
                // A formula's first character sends the row through `row`, which guards it.
                guard let first = addressCells.lazy.map({ cells[$0] }).first(where: { !$0.isEmpty }) else {
                    if required { return nil }
                    continue
                }
                guard !FormulaGuard.isTrigger(first[0]) else { return nil }
                let start = count
                var comma = false
                for part in addressCells {
                    guard let written = CP932.writeJIS(cells[part], limit: bytes - (count - start), to: base + count) else { return nil }
                    count += written.bytes
                    comma = comma || written.comma
                }
                if comma { count += Self.quote(base + start, count - start) }
            case .barcode(let part):
                if barcode == nil { barcode = self.barcode(cells) }
                var text = barcode![part]
                text.withUTF8 { (base + count).update(from: $0.baseAddress!, count: $0.count) }
                count += text.utf8.count
            }
        }
        return count
    }

    /// The customer barcode of the record's address, worked out once a row for the columns that show its parts
    /// (both empty when the plan sends no address or postcode).
    private struct Barcode {
        var addressNumber = ""
        var characters = ""

        subscript(part: ImportProfile.BarcodePart) -> String {
            switch part {
            case .addressNumber: addressNumber
            case .characters: characters
            }
        }
    }

    private func barcode(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>) -> Barcode {
        guard let addressCells, let postalCodeCell,
            let postalCode = LabelText.postalCode(String(decoding: cells[postalCodeCell], as: UTF8.self))
        else { return Barcode() }
        let number = CustomerBarcode.addressNumber(addressCells.map { String(decoding: cells[$0], as: UTF8.self) }.joined())
        return Barcode(
            addressNumber: number,
            characters: CustomerBarcode.characters(postalCode: postalCode.filter(\.isNumber), addressNumber: number))
    }

    /// The steps of a row written directly: runs of commas and constants between the plan's values, and the
    /// CRLF; nil when no row can be (the encoding is not CP932, a constant cannot be written so, or a column the
    /// courier requires has no input).
    private static func directSteps(
        _ profile: ImportProfile, fills: [Fill], addressCells: [Int]?, encoding: CSVEncoding,
        literals: inout [UInt8]
    ) -> [DirectStep]? {
        guard encoding == .cp932 else { return nil }
        var steps: [DirectStep] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { steps.append(.literal(start: literals.count, count: literal.count)) }
            literals += literal
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

    /// One value written directly at `base`, when it needs nothing done to it: its length.
    private static func writeDirectly(_ text: UnsafeRawBufferPointer, _ value: DirectValue, to base: UnsafeMutablePointer<UInt8>) -> Int? {
        guard !FormulaGuard.needsGuard(text) else { return nil }
        switch value {
        case .jis(let bytes):
            guard let written = CP932.writeJIS(text, limit: bytes, to: base) else { return nil }
            return written.comma ? written.bytes + quote(base, written.bytes) : written.bytes
        case .postalCode:
            // Already `123-4567`.
            guard text.count == 8, text[3] == UInt8(ascii: "-"),
                text.indices.allSatisfy({ $0 == 3 || (text[$0] >= 0x30 && text[$0] <= 0x39) })
            else { return nil }
            UnsafeMutableRawPointer(base).copyMemory(from: text.baseAddress!, byteCount: 8)
            return 8
        case .phone(let characters):
            guard let written = LabelText.phoneNumber(ascii: text, to: base), written <= characters else { return nil }
            return written
        case .reference(let characters):
            // A pseudonym: its first `characters` hex digits.
            guard ImportProfile.isPseudonym(text) else { return nil }
            UnsafeMutableRawPointer(base).copyMemory(from: text.baseAddress!, byteCount: characters)
            return characters
        }
    }

    /// Quotes the `count` bytes of a field at `base` (they hold no quote to double; there is room for two more):
    /// the bytes added.
    private static func quote(_ base: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        (base + 1).update(from: base, count: count)
        base[0] = UInt8(ascii: "\"")
        base[count + 1] = UInt8(ascii: "\"")
        return 2
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
        var barcode: Barcode?
        for (column, fill) in zip(profile.columns, fills) {
            let value: String
            switch fill {
            case .cell(let index):
                value = index.map(text) ?? ""
            case .addressLine(let line):
                value = address.map { $0.indices.contains(line) ? $0[line] : "" } ?? ""
            case .barcode(let part):
                if barcode == nil { barcode = self.barcode(cells) }
                value = barcode![part]
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

/// The memory one thread writes a courier's rows in, grown as a row needs.
final class RowScratch {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Room for `count` bytes (what was written before may be lost).
    func room(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if count > capacity {
            base.deallocate()
            capacity = max(count, capacity * 2)
            base = .allocate(capacity: capacity)
        }
        return base
    }
}
