import AnimcBasics
import AnimcCache

public enum OutputStatus: String, Sendable, Codable {
    /// Encoded in this run.
    case built
    /// Rewritten from the cache without re-encoding (deleted or edited by hand).
    case restored
    /// Already present with the right content.
    case upToDate = "up-to-date"
    /// Would be built or restored (dry run, check).
    case stale
    /// `check`: the file is not there.
    case missing
    case failed
    /// Not attempted: an earlier animation failed (without `--keep-going`).
    case skipped
}

public struct OutputResult: Sendable, Codable {
    public var animation: String
    /// Relative to the manifest's folder.
    public var path: String
    public var status: OutputStatus
    /// With `max-size:`, the limit and the output's size (absent without one, or when it is not on disk).
    public var budget: OutputBudget?
    /// Why it was (or would be) written: the reasons `--explain` gives its step.
    public var reason: String?
    /// The file as it is after the run (when present): size, frames in play order, canvas size.
    public var bytes: Int64?
    public var frames: Int?
    public var width: Int?
    public var height: Int?

    public init(animation: String, path: String, status: OutputStatus) {
        self.animation = animation
        self.path = path
        self.status = status
    }
}

/// An output's size against its animation's `max-size:`; `over` fails the build.
public struct OutputBudget: Sendable, Codable, Equatable {
    public var maxSize: Int64
    public var bytes: Int64
    public var over: Bool
    public init(maxSize: Int64, bytes: Int64) { self.maxSize = maxSize; self.bytes = bytes; over = bytes > maxSize }
}

/// Work executed in one run.
public struct StepCounts: Sendable, Codable, Equatable {
    /// Source images decoded.
    public var decoded = 0
    /// Frames quantized.
    public var quantized = 0
    /// Animations encoded.
    public var encoded = 0
    /// Sprite sheets decoded (once per build however many tiles use one; tiles count in `decoded`).
    public var sheets = 0
    /// GIF frame blocks copied from the output's previous encoding, and written by the encoder
    /// (`GIFSplicer`; the finish counts as one).
    public var gifBlocksSpliced = 0
    public var gifBlocksEncoded = 0
    public init(decoded: Int = 0, quantized: Int = 0, encoded: Int = 0, sheets: Int = 0) {
        self.decoded = decoded; self.quantized = quantized; self.encoded = encoded; self.sheets = sheets
    }
}

/// Why a step runs (llbuild's rule-result reasons, spelled for people).
public enum RunReason: Sendable, Hashable, CustomStringConvertible {
    case neverBuilt
    case inputChanged([String])
    case parametersChanged([String])
    case cacheEntryMissing
    /// Its cached result was found damaged when read (a hit turned into a run).
    case cacheEntryCorrupt
    case outputMissing
    case outputModified
    case forced
    /// Decoded again (frames are not cached) because this step needs its pixels.
    case neededBy(String)

    public var description: String {
        switch self {
        case .neverBuilt: return "never built"
        case .inputChanged(let names): return "input changed: " + names.joined(separator: ", ")
        case .parametersChanged(let names): return "parameters changed: " + names.joined(separator: ", ")
        case .cacheEntryMissing: return "not in the cache (evicted or corrupt)"
        case .cacheEntryCorrupt: return "its cached result was damaged; rebuilt"
        case .outputMissing: return "output missing"
        case .outputModified: return "output modified since it was written"
        case .forced: return "forced (--force)"
        case .neededBy(let step): return "unchanged, decoded for \(step)"
        }
    }
}

public struct Explanation: Sendable {
    public var step: String
    public var reason: RunReason
}

public struct BuildResult: Sendable {
    public var outputs: [OutputResult] = []
    public var steps = StepCounts()
    public var diagnostics: [Diagnostic] = []
    public var explanations: [Explanation] = []
    public var cacheHits = 0
    public var cacheMisses = 0
    /// What the build did with `--remote-cache`; nil without one.
    public var remote: RemoteFigures?
    /// False when the manifest itself was invalid (nothing was attempted).
    public var manifestValid = true
    /// What `animc watch` should poll to notice the next change.
    public var watchSet: WatchSet?

    public var succeeded: Bool { manifestValid && !outputs.contains { $0.status == .failed } && !diagnostics.contains { $0.severity == .error } }
}
