import Foundation
import Testing

/// Debian's `chromium` (installed by .ci/run), run headless: a fresh profile per run, a fixed viewport
/// width and device scale factor 1 (one CSS pixel is one PNG pixel), and a time limit, so a hung browser
/// fails the test instead of hanging CI.
struct HeadlessChromium {
    static let executable = URL(fileURLWithPath: "/usr/bin/chromium")

    /// The viewport width, in CSS pixels.
    var width = 1100
    /// Seconds before `timeout` kills the browser's process group.
    var timeLimit = 90
    /// Where each run gets its own profile directory.
    var scratch: URL

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The DOM after the page has loaded (and run its scripts, if any), as Chromium serialises it.
    func dumpDOM(of page: URL, height: Int = 2400) throws -> String {
        try run(["--dump-dom", page.absoluteString], height: height)
    }

    /// A PNG of the viewport (`width` × `height`) with the page scrolled to the top.
    func screenshot(of page: URL, height: Int, to png: URL) throws {
        _ = try run(["--screenshot=\(png.path)", page.absoluteString], height: height)
        guard FileManager.default.fileExists(atPath: png.path) else {
            throw Failure(description: "chromium wrote no screenshot to \(png.path)")
        }
    }

    private func run(_ arguments: [String], height: Int) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            throw Failure(description: "\(Self.executable.path) not found: install Debian's chromium package (.ci/run does)")
        }
        let directory = scratch.appending(path: "chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Output goes to files, not pipes: Chromium's chatter on stderr (D-Bus, GPU) can never block it.
        let stdoutURL = directory.appending(path: "stdout"), stderrURL = directory.appending(path: "stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL), stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        // coreutils' timeout runs the browser in its own process group and signals the whole group.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments =
            ["--kill-after=5", String(timeLimit), Self.executable.path]
            + [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=\(width),\(height)", "--user-data-dir=\(directory.appending(path: "profile").path)",
            ] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        let output = try String(contentsOf: stdoutURL, encoding: .utf8)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            let relevant = errors.split(separator: "\n").filter { !$0.contains("dbus") }.suffix(20).joined(separator: "\n")
            let why = process.terminationStatus == 124 ? "timed out after \(timeLimit) s" : "exited with \(process.terminationStatus)"
            throw Failure(description: "chromium \(arguments.first ?? "") \(why):\n\(relevant)")
        }
        return output
    }
}

/// A decoded screenshot: 8-bit RGB(A) pixels, row by row.
struct Screenshot {
    var width: Int
    var height: Int
    var channels: Int
    var bytes: [UInt8]

    struct Colour: Hashable, CustomStringConvertible {
        var red, green, blue: UInt8
        static let white = Colour(red: 255, green: 255, blue: 255)
        var description: String { String(format: "#%02x%02x%02x", red, green, blue) }
    }

    /// Decodes a PNG with Python's standard library only (zlib and the five PNG row filters); Chromium
    /// writes 8-bit RGB or RGBA, not interlaced, which the decoder checks in the IHDR chunk.
    static func decode(png: URL, scratch: URL) throws -> Screenshot {
        let raw = scratch.appending(path: "\(png.lastPathComponent).rgb")
        let script = """
            import json, struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
            pos, idat, header = 8, [], None
            while pos < len(data):
                length, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + length]
                if kind == b'IHDR': header = struct.unpack('>IIBBBBB', body)
                elif kind == b'IDAT': idat.append(body)
                elif kind == b'IEND': break
                pos += 12 + length
            width, height, depth, colour, _, _, interlace = header
            assert depth == 8 and colour in (2, 6) and interlace == 0, 'unsupported PNG %r' % (header,)
            bpp = 3 if colour == 2 else 4
            stride = width * bpp
            raw = zlib.decompress(b''.join(idat))
            assert len(raw) == height * (stride + 1), 'IDAT holds %d bytes' % len(raw)
            out = bytearray(stride * height)
            prev = bytearray(stride)
            for y in range(height):
                start = y * (stride + 1)
                kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
                if kind == 1:
                    for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
                elif kind == 2:
                    same = line.count(0) == stride
                    line = bytearray(prev) if same else bytearray((a + b) & 255 for a, b in zip(line, prev))
                elif kind == 3:
                    for i in range(stride): line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
                elif kind == 4:
                    for i in range(stride):
                        a, b = (line[i - bpp] if i >= bpp else 0), prev[i]
                        c = prev[i - bpp] if i >= bpp else 0
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                else:
                    assert kind == 0, 'unknown filter %d in row %d' % (kind, y)
                out[y * stride:(y + 1) * stride] = line
                prev = line
            open(sys.argv[2], 'wb').write(out)
            json.dump({'width': width, 'height': height, 'channels': bpp}, sys.stdout)
            """
        struct Header: Decodable { var width, height, channels: Int }
        let header = try JSONDecoder().decode(Header.self, from: try python(script, [png.path, raw.path]))
        let bytes = [UInt8](try Data(contentsOf: raw))
        try? FileManager.default.removeItem(at: raw)
        guard bytes.count == header.width * header.height * header.channels else {
            throw HeadlessChromium.Failure(description: "decoded \(bytes.count) bytes for \(header)")
        }
        return Screenshot(width: header.width, height: header.height, channels: header.channels, bytes: bytes)
    }

    /// How many pixels of each colour `rect` holds (clipped to the image).
    func colours(in rect: PixelRect) -> [Colour: Int] {
        var counts: [Colour: Int] = [:]
        let x0 = max(0, rect.x0), x1 = min(width, rect.x1), y0 = max(0, rect.y0), y1 = min(height, rect.y1)
        guard x0 < x1, y0 < y1 else { return counts }
        for y in y0..<y1 {
            var index = (y * width + x0) * channels
            for _ in x0..<x1 {
                counts[Colour(red: bytes[index], green: bytes[index + 1], blue: bytes[index + 2]), default: 0] += 1
                index += channels
            }
        }
        return counts
    }
}

/// A rectangle of whole pixels, `x0..<x1` × `y0..<y1`.
struct PixelRect: CustomStringConvertible {
    var x0, y0, x1, y1: Int

    var height: Int { max(0, y1 - y0) }
    var area: Int { max(0, x1 - x0) * height }
    var description: String { "x \(x0)..<\(x1), y \(y0)..<\(y1)" }
}

/// What the instrumented copy of the report tells about its layout: boxes in CSS pixels from the top
/// left of the page (the same as PNG pixels at device scale factor 1, scrolled to the top).
struct ReportGeometry: Decodable {
    struct Box: Decodable, CustomStringConvertible {
        var x, y, width, height: Double

        var maxX: Double { x + width }
        var maxY: Double { y + height }
        var description: String { "(\(x), \(y), \(width)×\(height))" }

        /// The whole pixels inside the box, `inset` pixels away from its edges (which may be anti-aliased).
        func pixels(inset: Int = 0) -> PixelRect {
            PixelRect(
                x0: Int(x.rounded(.up)) + inset, y0: Int(y.rounded(.up)) + inset,
                x1: Int(maxX.rounded(.down)) - inset, y1: Int(maxY.rounded(.down)) - inset)
        }
    }
    struct Size: Decodable { var width, height: Double }
    struct Chart: Decodable { var id: String; var box: Box }
    struct Bar: Decodable { var month: String; var box: Box }
    struct Version: Decodable { var state: String; var box: Box }
    struct Finding: Decodable, Equatable { var code, severity, message: String }

    var page: Size
    var charts: [Chart]
    var bars: [Bar]
    var versions: [Version]
    var expiries: [Box]
    var findings: [Finding]
    var heading: String
    var title: String
    var scripts: Int

    /// The script appended to a copy of the report: it changes no pixels, only writes the layout as JSON
    /// into an attribute of the body, which `--dump-dom` then shows.
    static let script = """
        <script>
        (function () {
          function box(e) {
            var r = e.getBoundingClientRect();
            return {x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height};
          }
          function all(selector, f) { return Array.prototype.map.call(document.querySelectorAll(selector), f); }
          // The page's height is where the body's bottom margin ends (the root's scrollHeight is at least the viewport's).
          var body = document.body;
          var bottom = box(body).y + box(body).height + parseFloat(window.getComputedStyle(body).marginBottom);
          var geometry = {
            page: {width: document.documentElement.scrollWidth, height: bottom},
            charts: all('svg.chart', function (e) { return {id: e.id, box: box(e)}; }),
            bars: all('#monthly-chart g.bar', function (e) { return {month: e.getAttribute('data-month'), box: box(e)}; }),
            versions: all('#timeline-chart rect.version', function (e) {
              return {state: e.getAttribute('class').replace('version', '').trim(), box: box(e)};
            }),
            expiries: all('#timeline-chart .expiry', box),
            findings: all('tr.finding', function (e) {
              return {code: e.getAttribute('data-code'), severity: e.getAttribute('class').replace('finding', '').trim(),
                      message: e.cells[2].textContent};
            }),
            heading: document.querySelector('h1').textContent,
            title: document.title,
            scripts: document.scripts.length
          };
          document.body.setAttribute('data-geometry', JSON.stringify(geometry));
        })();
        </script>
        """

    /// A copy of `report` with the script appended to its body.
    static func instrumentedCopy(of report: URL, to copy: URL) throws {
        let html = try readText(report)
        guard let end = html.range(of: "</body>", options: .backwards) else {
            throw HeadlessChromium.Failure(description: "\(report.lastPathComponent) has no </body>")
        }
        try Data(html.replacingCharacters(in: end, with: script + "\n</body>").utf8).write(to: copy)
    }

    /// The geometry the script left in a DOM dump.
    static func read(fromDOM dom: String) throws -> ReportGeometry {
        guard let match = dom.firstMatch(of: #/data-geometry="([^"]*)"/#) else {
            throw HeadlessChromium.Failure(description: "the DOM dump has no data-geometry attribute:\n\(dom.prefix(2000))")
        }
        let json = String(match.1).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&nbsp;", with: "\u{A0}")
            .replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(ReportGeometry.self, from: Data(json.utf8))
    }
}
