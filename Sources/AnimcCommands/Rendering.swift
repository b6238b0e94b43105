import AnimcBasics
import AnimcBuild
import AnimcCache
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Everything the commands print goes through here: diagnostics to stderr, results to stdout.
enum Console {
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Colour on stderr: set once at start-up from `--color` (auto: a terminal, and no `NO_COLOR`).
    nonisolated(unsafe) static var colour = false

    enum Style: String {
        case error = "1;31", warning = "1;33", note = "1;36", caret = "1;32", bold = "1", ok = "32", dim = "2"
    }

    /// `text` in `style` when colour is on.
    static func paint(_ text: String, _ style: Style) -> String {
        colour ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// A diagnostic as compilers print it: the location in bold, the severity in its colour, then the
    /// quoted source line and a caret in green. Without colour, exactly `Diagnostic.description`.
    static func render(_ d: Diagnostic) -> String {
        guard colour else { return d.description }
        var out = ""
        if let location = d.location { out += paint("\(location):", .bold) + " " }
        let style: Style = d.severity == .error ? .error : d.severity == .warning ? .warning : .note
        out += paint(d.severity.rawValue + ":", style) + " " + paint(d.message, .bold)
        if let line = d.sourceLine, let location = d.location {
            let prefix = line.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
            out += "\n" + line + "\n" + prefix + paint("^", .caret)
        }
        return out
    }

    // `write(contentsOf:)` throws where `write(_:)` traps: a full disk or a closed stdout must not crash
    // a command half-way through (found by scripts/torture's ENOSPC faults).
    static func out(_ s: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((s + "\n").utf8))
    }

    static func err(_ s: String) {
        try? FileHandle.standardError.write(contentsOf: Data((s + "\n").utf8))
    }

    /// Diagnostics to stderr; with `location`, project paths are printed as they open from the current folder.
    static func report(_ diagnostics: [Diagnostic], _ location: ManifestLocation? = nil) {
        for d in location?.displayed(diagnostics) ?? diagnostics { err(render(d)) }
    }

    /// A ninja-style status line on a terminal (`[12/120] quantize walk#7`), nothing otherwise.
    static func progressHandler(quiet: Bool) -> ProgressHandler? {
        guard !quiet, stderrIsTerminal else { return nil }
        let width = terminalWidth()
        return { e in
            var line = "[\(e.done)/\(e.total)] \(e.message)"
            if line.count > width - 1 { line = String(line.prefix(width - 1)) }
            try? FileHandle.standardError.write(contentsOf: Data(("\r\u{1B}[K" + line).utf8))
        }
    }

    static func endProgress(quiet: Bool) {
        if !quiet, stderrIsTerminal { try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8)) }
    }

    static func terminalWidth() -> Int {
        var w = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 { return Int(w.ws_col) }
        return 80
    }

    /// `built: out/walk.gif (24 frames, 64×64, 118.2 KiB)`; a stale output says why.
    static func outputLine(_ o: OutputResult, _ location: ManifestLocation) -> String {
        var line = "\(o.status.rawValue): \(location.display(o.path))"
        var facts: [String] = []
        if let frames = o.frames { facts.append("\(frames) frame\(frames == 1 ? "" : "s")") }
        if let w = o.width, let h = o.height { facts.append("\(w)×\(h)") }
        if let bytes = o.bytes { facts.append(ByteSize.format(bytes)) }
        if o.status == .stale || o.status == .missing, let reason = o.reason { facts.append(reason) }
        if !facts.isEmpty { line += " (" + facts.joined(separator: ", ") + ")" }
        return line
    }

    static func json(_ value: some Encodable) -> String {
        String(decoding: canonicalJSON(value, pretty: true), as: UTF8.self)
    }
}

/// The `--json` form of a build, for CI tools (documented in the README).
struct BuildReport: Encodable {
    struct Step: Encodable { var step: String; var reason: String }
    struct Message: Encodable {
        var severity: String, message: String
        var file: String?, line: Int?, column: Int?
    }
    struct CacheUse: Encodable { var hits: Int; var misses: Int }

    var success: Bool
    var outputs: [OutputResult]
    var steps: StepCounts
    var cache: CacheUse
    var explain: [Step]?
    var diagnostics: [Message]
    /// Present with `--remote-cache`.
    var remote: RemoteFigures?

    init(_ r: BuildResult, explain: Bool, location: ManifestLocation) {
        success = r.succeeded
        outputs = r.outputs.map { var o = $0; o.path = location.display(o.path); return o }
        steps = r.steps
        cache = CacheUse(hits: r.cacheHits, misses: r.cacheMisses)
        remote = r.remote
        self.explain = explain ? r.explanations.map { Step(step: $0.step, reason: $0.reason.description) } : nil
        diagnostics = BuildReport.messages(location.displayed(r.diagnostics))
    }

    static func messages(_ diagnostics: [Diagnostic]) -> [Message] {
        diagnostics.map {
            Message(severity: $0.severity.rawValue, message: $0.message, file: $0.location?.file,
                    line: ($0.location?.line ?? 0) > 0 ? $0.location?.line : nil,
                    column: ($0.location?.line ?? 0) > 0 ? $0.location?.column : nil)
        }
    }
}
