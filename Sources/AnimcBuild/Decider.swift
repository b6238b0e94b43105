import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan
import AnimcRemote

/// Decides what a build does (see `BuildDecision`), asking the cache only read-only questions.
struct Decider: Sendable {
    let plan: BuildPlan
    let cache: Cache
    let history: StepHistory
    let outputs: OutputFiles
    let force: Bool
    /// Asked on a local miss (`Decider+Remote.swift`).
    var remote: RemoteCache? = nil

    /// Every animation of the plan, in order.
    func decide() -> BuildDecision {
        var d = BuildDecision()
        prefetch(plan.animations.flatMap { a in a.outputs.map { ($0.encode.key, ObjectKind($0.format)) } })
        for a in plan.animations {
            var ad = AnimationDecision()
            for o in a.outputs {
                if !force, let entry = entry(o.encode.key, kind: ObjectKind(o.format)) {
                    switch outputs.state(o.path, expected: entry.object) {
                    case .matches:
                        ad.outputs.append(.upToDate(entry))
                    case .missing:
                        ad.outputs.append(.restore(entry))
                        d.add("write \(o.path)", .outputMissing)
                    case .differs:
                        ad.outputs.append(.restore(entry))
                        d.add("write \(o.path)", .outputModified)
                    }
                    d.hits += 1
                } else {
                    ad.outputs.append(.encode)
                }
            }
            if !ad.encoding.isEmpty { decideEncodes(a, &ad, &d) }
            d.animations.append(ad)
        }
        return d
    }

    /// The steps behind the outputs whose encode runs: palettes, quantizes, the frames they decode, the encodes.
    func decideEncodes(_ a: AnimationPlan, _ ad: inout AnimationDecision, _ d: inout BuildDecision) {
        let encoding = ad.encoding.map { a.outputs[$0] }
        var runPalettes: [PaletteStep] = []
        var running = Set<Digest>()  // quantize steps this animation runs (not ones an earlier one ran)
        for track in tracks(encoding) {
            let distinct = unique(track.quantizeKeys).filter { d.quantizes[$0] == nil }
            guard let pk = track.paletteKey else {
                running.formUnion(decideQuantizes(distinct, choice: nil, a, &d))
                continue
            }
            let palette = plan.palettes[pk]!
            var cachedChoice: PaletteChoice?
            if !force, let entry = entry(pk, kind: .palette),
               let bytes = object(entry.object), let choice = ObjectCodec.decodePalette(bytes) {
                cachedChoice = choice
            }
            // Per-frame palettes chosen from the same sample frames stand whatever the other frames are.
            if !force, cachedChoice == nil, palette.decidesScope, let entry = entry(AutoScope.sampleKey(palette), kind: .palette),
               let bytes = object(entry.object), let choice = ObjectCodec.decodePalette(bytes), choice.perFrame {
                cachedChoice = choice
            }
            if AutoScope.quantizesWait(for: palette, cachedChoice: cachedChoice) {
                ad.palettes[pk] = .run
                ad.quantizesPending = true
                d.misses += 1
                if palette.decidesScope {
                    for i in PaletteScopeChoice.samples(among: palette.frameKeys.count) {
                        addDecode(palette.frameKeys[i], a, .neededBy("palette \(a.name)"), units: 2, &d)
                    }
                }
                runPalettes.append(palette)
                continue
            }
            // The palette is cached: its quantize steps are decided now, and it is read if any runs.
            let missing = decideQuantizes(distinct, choice: cachedChoice, a, &d)
            running.formUnion(missing)
            if !missing.isEmpty, ad.palettes[pk] == nil, let cachedChoice {
                ad.palettes[pk] = .cached(cachedChoice)
                d.hits += 1
            }
        }
        addDecodes(paletteFrames: [], a, encoding, running: running, &d)
        for p in runPalettes { d.add(p.signature.id, reason(p.signature, a)) }
        addQuantizeItems(a, encoding, &d)
        for o in encoding {
            d.misses += 1
            d.add(o.encode.signature.id, reason(o.encode.signature, a))
        }
    }

    /// A palette step that ran has chosen: decide the quantize steps of its tracks.
    func resolve(_ a: AnimationPlan, _ ad: AnimationDecision, palette pk: Digest, choice: PaletteChoice, _ d: inout BuildDecision) {
        let encoding = ad.encoding.map { a.outputs[$0] }
        let keys = tracks(encoding).filter { $0.paletteKey == pk }.flatMap(\.quantizeKeys)
        let running = decideQuantizes(unique(keys).filter { d.quantizes[$0] == nil }, choice: choice, a, &d)
        // One palette for all: the step's histogram pass decoded every frame.
        addDecodes(paletteFrames: choice.perFrame ? [] : plan.palettes[pk]!.frameKeys, a, encoding,
                   running: Set(running), &d, pendingOnly: pk)
        addQuantizeItems(a, encoding, &d, only: Set(keys))
    }

    /// A quantize step decided as cached whose result was damaged: it runs after all.
    func amendCorrupt(_ qk: Digest, _ a: AnimationPlan, _ d: inout BuildDecision) {
        guard case .cached(let filed) = d.quantizes[qk] else { return }
        d.quantizes[qk] = .run(filed, .cacheEntryCorrupt)
        d.hits -= 1
        d.misses += 1
        addDecode(plan.quantizes[qk]!.frameKey, a, .neededBy("quantize"), units: 1, &d)
        d.add(plan.quantizes[qk]!.signature.id, .cacheEntryCorrupt)
    }

    // MARK: pieces

    /// The quantized inputs the encoding outputs need, one track per palette (or per-frame palettes).
    struct Track { var paletteKey: Digest?; var quantizeKeys: [Digest] }

    func tracks(_ encoding: [OutputPlan]) -> [Track] {
        var out: [Track] = []
        for o in encoding where o.encode.input == .quantized {
            let keys = o.encode.frames.map(\.input)
            if !out.contains(where: { $0.paletteKey == o.paletteKey && $0.quantizeKeys == keys }) {
                out.append(Track(paletteKey: o.paletteKey, quantizeKeys: keys))
            }
        }
        return out
    }

    private func unique(_ keys: [Digest]) -> [Digest] {
        var seen = Set<Digest>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// Cached or run, for each quantize step (filed as the palette's choice says); returns those that run.
    private func decideQuantizes(_ keys: [Digest], choice: PaletteChoice?, _ a: AnimationPlan,
                                 _ d: inout BuildDecision) -> [Digest] {
        var missing: [Digest] = []
        prefetch(keys.map { (AutoScope.filedKey(plan.quantizes[$0]!, choice: choice), .quantized) })
        for qk in keys {
            let filed = AutoScope.filedKey(plan.quantizes[qk]!, choice: choice)
            if !force, has(filed, kind: .quantized) {
                d.quantizes[qk] = .cached(filed)
                d.hits += 1
            } else {
                d.quantizes[qk] = .run(filed, reason(plan.quantizes[qk]!.signature, a))
                d.misses += 1
                missing.append(qk)
            }
        }
        return missing
    }

    /// Frames decoded: by palette passes, and in the encode pass, where a play-order frame is decoded
    /// once for everything it feeds (RGBA outputs, and quantize steps that run there first). One line
    /// per frame; its units count every decode. With `pendingOnly`, only what that auto palette's
    /// choice has just added (its full pass, and the quantize steps it decided).
    private func addDecodes(paletteFrames: [Digest], _ a: AnimationPlan, _ encoding: [OutputPlan],
                            running: Set<Digest>, _ d: inout BuildDecision, pendingOnly: Digest? = nil) {
        var units: [Digest: Int] = [:], order: [Digest] = []
        var why: [Digest: RunReason] = [:]
        func count(_ k: Digest, _ reason: RunReason) {
            if units[k] == nil { order.append(k); why[k] = reason }
            units[k, default: 0] += 1
        }
        for k in paletteFrames { count(k, .neededBy("palette \(a.name)")) }
        let rgba = pendingOnly == nil && encoding.contains { $0.encode.input == .rgba }
        let trackKeys = tracks(encoding).filter { pendingOnly == nil || $0.paletteKey == pendingOnly }
        var ran = Set<Digest>()
        for (i, f) in a.frames.enumerated() {
            var decodes = rgba
            for t in trackKeys {
                let qk = t.quantizeKeys[i]
                if running.contains(qk), ran.insert(qk).inserted { decodes = true }
            }
            if decodes { count(f.frameKey, rgba ? .neededBy(formatsNeedingRGBA(encoding)) : .neededBy("quantize")) }
        }
        for k in order { addDecode(k, a, why[k]!, units: units[k]!, &d) }
    }

    private func formatsNeedingRGBA(_ encoding: [OutputPlan]) -> String {
        "encode " + Set(encoding.filter { $0.encode.input == .rgba }.map(\.format.rawValue)).sorted().joined(separator: ", ")
    }

    private func addQuantizeItems(_ a: AnimationPlan, _ encoding: [OutputPlan], _ d: inout BuildDecision, only: Set<Digest>? = nil) {
        var seen = Set<Digest>()
        for t in tracks(encoding) {
            for qk in t.quantizeKeys where (only?.contains(qk) ?? true) && seen.insert(qk).inserted {
                if case .run(_, let why) = d.quantizes[qk], !d.listedQuantizes.contains(qk) {
                    d.listedQuantizes.insert(qk)
                    d.add(plan.quantizes[qk]!.signature.id, why)
                }
            }
        }
    }

    private func addDecode(_ frameKey: Digest, _ a: AnimationPlan, _ fallback: RunReason, units: Int, _ d: inout BuildDecision) {
        let s = plan.frames[frameKey]!.signature
        var why = reason(s, a)
        // Frames are never cached: an unchanged one is decoded because a later step needs its pixels.
        if case .cacheEntryMissing = why { why = fallback }
        d.add(s.id, why, units: units)
    }

    /// Frame steps are shared by key, so two animations with different crops both have a
    /// "frame x.png": their history is kept per animation.
    static func historyID(_ s: StepSignature, _ a: AnimationPlan) -> String {
        s.kind == .frame ? "\(s.id) in \(a.name)" : s.id
    }

    /// Why a step runs, from the last build's record of the step with the same identity.
    func reason(_ s: StepSignature, _ a: AnimationPlan) -> RunReason {
        if force { return .forced }
        guard let prev = history.steps[Decider.historyID(s, a)] else { return .neverBuilt }
        if prev.key == s.key { return .cacheEntryMissing }
        let params = Set(prev.params.keys).union(s.params.keys).filter { prev.params[$0] != s.params[$0] }.sorted()
        if !params.isEmpty { return .parametersChanged(params) }
        var inputs = Set(prev.inputs.keys).union(s.inputs.keys).filter { prev.inputs[$0] != s.inputs[$0] }.sorted {
            $0.localizedStandardCompare($1) == .orderedAscending
        }
        // Name the file behind a changed frame.
        inputs = inputs.map { name in
            if name == "frame", s.kind == .quantize, let f = a.frames.first(where: { plan.quantizes[s.key]?.frameKey == $0.frameKey }) {
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
}

extension ObjectKind {
    /// The cache object kind an output format's encodings are filed as.
    init(_ format: OutputFormat) {
        switch format {
        case .gif: self = .gif
        case .webp: self = .webp
        case .apng: self = .apng
        }
    }
}
