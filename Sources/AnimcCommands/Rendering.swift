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

    // `write(contentsOf:)` throws where `write(_:)` traps: a full disk or a closed stdout must not crash
    // a command half-way through (found by scripts/torture's ENOSPC faults).
    static func out(_ s: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((s + "\n").utf8))
    }

    static func err(_ s: String) {
        try? FileHandle.standardError.write(contentsOf: Data((s + "\n").utf8))
    }

    static func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics { err(d.description) }
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

    init(_ r: BuildResult, explain: Bool) {
        success = r.succeeded
        outputs = r.outputs
        steps = r.steps
        cache = CacheUse(hits: r.cacheHits, misses: r.cacheMisses)
        remote = r.remote
        self.explain = explain ? r.explanations.map { Step(step: $0.step, reason: $0.reason.description) } : nil
        diagnostics = r.diagnostics.map {
            Message(severity: $0.severity.rawValue, message: $0.message, file: $0.location?.file,
                    line: ($0.location?.line ?? 0) > 0 ? $0.location?.line : nil,
                    column: ($0.location?.line ?? 0) > 0 ? $0.location?.column : nil)
        }
    }
}
