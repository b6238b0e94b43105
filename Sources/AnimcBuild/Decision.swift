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

/// What happens to one animation's output.
enum OutputAction: Sendable {
    /// The file holds the cached GIF: nothing to do.
    case upToDate(CacheEntry)
    /// The GIF is cached; the file is missing or was edited, so it is rewritten from the cache.
    case restore(CacheEntry)
    /// The encode step runs.
    case encode
}

enum PaletteDecision: Sendable, Equatable {
    /// The palette step's result, read (and verified) while deciding.
    case cached(PaletteChoice)
    case run
}

struct AnimationDecision: Sendable {
    var output: OutputAction = .encode
    /// The palette step, when the animation's quantize steps need it.
    var palette: PaletteDecision?
    /// `scope: auto` with a palette step that runs: which key each frame's result is filed under is
    /// known only once the step has chosen, so its quantize steps are decided then (`Decider.resolve`).
    var quantizesPending = false
}

/// Everything a build will do, and why, decided once before anything runs (ninja's scan feeding its
/// plan). The executor runs exactly this; `--dry-run`, `--explain`, the progress total and the cache's
/// hit and miss counts all read it. The only later changes are explicit amendments: a `scope: auto`
/// palette step's choice resolving its animation's quantize steps, and a cache object found corrupt
/// when read, which turns a hit into a run (`RunReason.cacheEntryCorrupt`).
struct BuildDecision: Sendable {
    var animations: [AnimationDecision] = []
    /// By the plan's quantize key. A step shared by several animations is decided once, by the first.
    var quantizes: [Digest: StepDecision] = [:]
    /// What runs, and why, in the order decided.
    var work: [Explanation] = []
    /// Progress units: the work, plus frames decoded twice (for a palette, then to quantize).
    var units = 0
    /// Steps found in the cache, and steps that were not.
    var hits = 0
    var misses = 0

    mutating func add(_ step: String, _ reason: RunReason, units: Int = 1) {
        work.append(Explanation(step: step, reason: reason))
        self.units += units
    }
}
