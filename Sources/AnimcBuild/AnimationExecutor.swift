import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan

/// Runs the build's decision (`BuildDecision`), one animation at a time. Frames stream through in
/// windows: decode → transform → quantize on the worker pool, then encode in play order; at most two
/// windows of frames are alive at a time, so memory does not grow with the frame count.
final class AnimationExecutor: Sendable {
    let builder: Builder
    let project: Project
    let pool: WorkerPool
    let decider: Decider
    /// The decision, read by everything that reports; changed only through `amend`.
    let decision: Locked<BuildDecision>
    /// Quantize results this build is producing or has produced, so a frame shown twice (or shared
    /// by two animations) is quantized once, even with `--force`.
    let produced = Locked<[Digest: Production]>([:])
    /// Palette steps' results as this build has them.
    let palettes = Locked<[Digest: PaletteChoice]>([:])
    /// Quantized frames made or read lately (a frame listed again soon is not read back again).
    let recent = RecentFrames()
    /// Reads frames' pictures from their source files.
    let sources: SourceReaders
    /// Frames an atlas will pack, whose RGBA is kept in the cache when they are decoded for an
    /// animation, so the atlas reads them instead of decoding again; and those kept so far this build.
    let atlasFrames: Set<Digest>
    let keptRGBA = Locked<Set<Digest>>([])
    /// Frames decoded by one pass over the animation and held for the next (see `DecodedFrames`).
    let decoded: DecodedFrames
    var options: BuildOptions { builder.options }
    var cache: Cache { project.cache }

    enum Production: Sendable { case inFlight, stored, failed }

    init(builder: Builder, project: Project, pool: WorkerPool) {
        self.builder = builder
        self.project = project
        self.pool = pool
        sources = SourceReaders(directory: project.directory, sheets: SheetStore(
            capBytes: SheetStore.capBytes(budget: builder.options.memoryBudget), decoded: { [builder] in builder.count { $0.sheets += 1 } },
            held: project.decodedSheets), videos: project.videos)
        let outputs = OutputFiles(directory: project.directory, records: project.record.files, cache: project.cache)
        decider = Decider(plan: project.plan, cache: project.cache,
                          history: StepHistory(cache: project.cache, id: project.recordID),
                          outputs: outputs, force: builder.options.force, remote: project.remote)
        decision = Locked(decider.decide())
        atlasFrames = Self.framesOfPackingAtlases(project, force: builder.options.force)
        decoded = DecodedFrames(capBytes: DecodedFrames.capBytes(budget: builder.options.memoryBudget))
    }

    var outputs: OutputFiles { decider.outputs }
    var history: StepHistory { decider.history }

    /// Changes the decision (and so what progress, explain and the counters report).
    func amend(_ body: (inout BuildDecision) -> Void) {
        decision.withLock { body(&$0) }
    }

    /// What a dry run reports for animation `i`'s outputs.
    func dryRunStatuses(_ i: Int) -> [OutputStatus] {
        decision.current.animations[i].outputs.map { if case .upToDate = $0 { return .upToDate } else { return .stale } }
    }
}

/// The outputs' stat records, as found by the last build and as hashed during this one.
final class OutputFiles: Sendable {
    let directory: String
    let cache: Cache
    private let records: Locked<[String: BuildRecord.FileRecord]>

    init(directory: String, records: [String: BuildRecord.FileRecord], cache: Cache) {
        self.directory = directory
        self.records = Locked(records)
        self.cache = cache
    }

    func record(_ path: String) -> BuildRecord.FileRecord? { records.withLock { $0[path] } }

    enum State { case matches, missing, differs }

    /// Compares the output file with the encoding `expected` names, hashing it only when its stat
    /// differs from the record. A fresh hash is kept, so the next no-op build only stats the file.
    func state(_ path: String, expected: Digest) -> State {
        switch SourceHashing.fileDigest(path, in: directory, record: record(path)) {
        case .failure: return .missing
        case .success(let (rec, hashed)):
            if hashed { records.withLock { $0[path] = rec } }
            return rec.digest == expected ? .matches : .differs
        }
    }
}

/// The step signatures of the last build, loaded on first use.
final class StepHistory: Sendable {
    private let cache: Cache
    private let id: String
    private let loaded = Locked<[String: BuildRecord.StepRecord]?>(nil)

    init(cache: Cache, id: String) {
        self.cache = cache
        self.id = id
    }

    var steps: [String: BuildRecord.StepRecord] {
        loaded.withLock { value in
            if value == nil { value = cache.loadSteps(id: id) }
            return value!
        }
    }
}
