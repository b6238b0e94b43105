import AnimcBasics
import AnimcCache
import AnimcImaging
import AnimcManifest
import AnimcPlan
import Foundation

/// What one animation needs this run, decided from the cache before anything runs.
struct Decision: Sendable {
    var work: [Explanation]
    /// The encoded GIF's cache entry when it is there: the output then only needs restoring, or nothing.
    var encodedEntry: CacheEntry? = nil
    /// How the output compared with that entry.
    var output: AnimationExecutor.OutputState? = nil
    /// Progress units: the steps above, plus second decodes of frames read once for the palette and
    /// again for quantizing.
    var progressUnits = 0
}

/// Runs the stale steps of one animation. Frames stream through in windows of a few per worker:
/// decode → transform → quantize in parallel, then encode in play order; at most one window of
/// frames is alive at a time, so memory does not grow with the frame count.
final class AnimationExecutor: @unchecked Sendable {
    let builder: Builder
    let project: Project
    /// Stat records of outputs, as hashed during this run.
    let outputRecords: LockedRecords
    /// The last build's step signatures, read only when a reason is asked for or a step ran.
    let history: StepHistory
    var options: BuildOptions { builder.options }
    var cache: Cache { project.cache }

    init(builder: Builder, project: Project) {
        self.builder = builder
        self.project = project
        self.outputRecords = LockedRecords(project.record.files)
        self.history = StepHistory(cache: project.cache, id: project.recordID)
    }

    // MARK: deciding

    func decide(_ a: AnimationPlan) -> Decision {
        if !options.force, let entry = cache.entry(for: a.encode.key, kind: .gif) {
            switch outputState(a, expected: entry.object) {
            case .matches: return Decision(work: [], encodedEntry: entry, output: .matches)
            case .missing: return Decision(work: [Explanation(step: "write \(a.output)", reason: .outputMissing)], encodedEntry: entry, output: .missing, progressUnits: 1)
            case .differs: return Decision(work: [Explanation(step: "write \(a.output)", reason: .outputModified)], encodedEntry: entry, output: .differs, progressUnits: 1)
            }
        }
        var work: [Explanation] = []
        var missingFrames = Set<Digest>()
        var seenQ = Set<Digest>()
        var quantizeWork: [Explanation] = []
        // scope auto: when the palette step's choice is cached and it gave frames their own palettes,
        // their results are filed under the per-frame keys.
        var ownPalettes = false
        // (Read without counting a cache hit: the palette step counts its own use of it.)
        if !options.force, let pk = a.paletteKey, project.plan.palettes[pk]!.decidesScope,
           let entry = cache.entry(for: pk, kind: .palette), let bytes = cache.getObject(entry.object),
           let choice = ObjectCodec.decodePalette(bytes) {
            ownPalettes = choice.perFrame
        }
        for f in a.frames where seenQ.insert(f.quantizeKey).inserted {
            let key = ownPalettes ? (project.plan.quantizes[f.quantizeKey]!.ownPaletteKey ?? f.quantizeKey) : f.quantizeKey
            if options.force || cache.entry(for: key, kind: .quantized) == nil {
                missingFrames.insert(f.frameKey)
                let q = project.plan.quantizes[f.quantizeKey]!
                quantizeWork.append(Explanation(step: q.signature.id, reason: reason(q.signature, frames: a)))
            }
        }
        let quantizing = missingFrames
        var decodedTwice = 0
        if !missingFrames.isEmpty, let pk = a.paletteKey, options.force || cache.entry(for: pk, kind: .palette) == nil {
            let p = project.plan.palettes[pk]!
            work.append(Explanation(step: p.signature.id, reason: reason(p.signature, frames: a)))
            decodedTwice = missingFrames.count
            missingFrames.formUnion(p.frameKeys)
        }
        var framesWork: [Explanation] = []
        var seenF = Set<Digest>()
        for f in a.frames where missingFrames.contains(f.frameKey) && seenF.insert(f.frameKey).inserted {
            let s = project.plan.frames[f.frameKey]!.signature
            var why = reason(s, frames: a)
            if case .cacheEntryMissing = why {
                // Frames are never cached: an unchanged one is decoded because a later step needs it.
                why = .neededBy(quantizing.contains(f.frameKey) ? "quantize" : "palette \(a.name)")
            }
            framesWork.append(Explanation(step: s.id, reason: why))
        }
        work = framesWork + work + quantizeWork
        work.append(Explanation(step: a.encode.signature.id, reason: reason(a.encode.signature, frames: a)))
        return Decision(work: work, progressUnits: work.count + decodedTwice)
    }

    /// Why a step runs, from the last build's record of the step with the same identity.
    func reason(_ s: StepSignature, frames a: AnimationPlan) -> RunReason {
        if options.force { return .forced }
        guard let prev = history.steps[s.id] else { return .neverBuilt }
        if prev.key == s.key { return .cacheEntryMissing }
        let params = Set(prev.params.keys).union(s.params.keys).filter { prev.params[$0] != s.params[$0] }.sorted()
        if !params.isEmpty { return .parametersChanged(params) }
        var inputs = Set(prev.inputs.keys).union(s.inputs.keys).filter { prev.inputs[$0] != s.inputs[$0] }.sorted {
            $0.localizedStandardCompare($1) == .orderedAscending
        }
        // Name the file behind a changed frame.
        inputs = inputs.map { name in
            if name == "frame", s.kind == .quantize, let f = a.frames.first(where: { $0.quantizeKey == s.key }) {
                return "frame \(f.path)"
            }
            if name.hasPrefix("frame "), let i = Int(name.dropFirst(6)), s.kind == .encode, i < a.frames.count {
                return "frame \(i) (\(a.frames[i].path))"
            }
            return name
        }
        if inputs.count > 5 { inputs = Array(inputs.prefix(5)) + ["and \(inputs.count - 5) more"] }
        return .inputChanged(inputs)
    }

    enum OutputState { case matches, missing, differs }

    /// Compares the output file with the encoded GIF the cache holds (or `expected`), hashing it only
    /// when its stat differs from the record. A fresh hash is kept for the record, so the next no-op
    /// build only stats the file.
    func outputState(_ a: AnimationPlan, expected: Digest?) -> OutputState {
        guard let want = expected ?? cache.entry(for: a.encode.key, kind: .gif)?.object else { return .differs }
        switch SourceHashing.fileDigest(a.output, in: project.directory, record: outputRecords.get(a.output)) {
        case .failure: return .missing
        case .success(let (rec, hashed)):
            if hashed { outputRecords.set(a.output, rec) }
            return rec.digest == want ? .matches : .differs
        }
    }
}

/// File records shared by the workers of one build.
final class LockedRecords: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [String: BuildRecord.FileRecord]
    init(_ records: [String: BuildRecord.FileRecord]) { self.records = records }
    func get(_ path: String) -> BuildRecord.FileRecord? { lock.lock(); defer { lock.unlock() }; return records[path] }
    func set(_ path: String, _ r: BuildRecord.FileRecord?) { lock.lock(); defer { lock.unlock() }; records[path] = r }
}

/// The step signatures of the last build, loaded on first use.
final class StepHistory: @unchecked Sendable {
    private let lock = NSLock()
    private let cache: Cache
    private let id: String
    private var loaded: [String: BuildRecord.StepRecord]?

    init(cache: Cache, id: String) {
        self.cache = cache
        self.id = id
    }

    var steps: [String: BuildRecord.StepRecord] {
        lock.lock(); defer { lock.unlock() }
        if loaded == nil { loaded = cache.loadSteps(id: id) }
        return loaded!
    }
}
