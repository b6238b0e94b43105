import AnimcBasics
import AnimcCache
import AnimcPlan

/// What one step does this build: found in the cache under a key, or run and filed under a key.
enum StepDecision: Sendable, Equatable {
    case cached(Digest)
    case run(Digest, RunReason)

    /// The key the result is (or will be) filed under.
    var key: Digest {
        switch self {
        case .cached(let k), .run(let k, _): return k
        }
    }
}

/// What happens to one output file.
enum OutputAction: Sendable {
    /// The file holds the cached encoding: nothing to do.
    case upToDate(CacheEntry)
    /// The encoding is cached; the file is missing or was edited, so it is rewritten from the cache.
    case restore(CacheEntry)
    /// Its encode step runs.
    case encode
}

enum PaletteDecision: Sendable, Equatable {
    /// The palette step's result, read (and verified) while deciding.
    case cached(PaletteChoice)
    case run
}

struct AnimationDecision: Sendable {
    /// One per output of the animation, in order.
    var outputs: [OutputAction] = []
    /// The palette steps the encoding outputs' quantize steps need, by key.
    var palettes: [Digest: PaletteDecision] = [:]
    /// `scope: auto` with a palette step that runs: which key each frame's result is filed under is
    /// known only once the step has chosen, so the GIF track's quantize steps are decided then
    /// (`Decider.resolve`).
    var quantizesPending = false

    /// Outputs whose encode step runs.
    var encoding: [Int] {
        outputs.indices.filter { if case .encode = outputs[$0] { return true } else { return false } }
    }
}

/// Everything a build will do, and why, decided once before anything runs (ninja's scan feeding its
/// plan). The executor runs exactly this; `--dry-run`, `--explain`, the progress total and the cache's
/// hit and miss counts all read it. The only later changes are explicit amendments: a `scope: auto`
/// palette step's choice resolving its animation's quantize steps, and a cached result found damaged
/// when read, which turns a hit into a run (`RunReason.cacheEntryCorrupt`).
struct BuildDecision: Sendable {
    var animations: [AnimationDecision] = []
    /// By the plan's quantize key. A step shared by several animations or outputs is decided once.
    var quantizes: [Digest: StepDecision] = [:]
    /// Quantize steps already listed in `work` (each is listed once, by the first output that runs it).
    var listedQuantizes = Set<Digest>()
    /// What runs, and why, in the order decided.
    var work: [Explanation] = []
    /// Progress units: the work, plus frames decoded more than once (for a palette, then to encode).
    var units = 0
    /// Steps found in the cache, and steps that were not.
    var hits = 0
    var misses = 0

    mutating func add(_ step: String, _ reason: RunReason, units: Int = 1) {
        work.append(Explanation(step: step, reason: reason))
        self.units += units
    }
}
