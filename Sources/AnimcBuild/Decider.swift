import AnimcBasics
import AnimcCache
import AnimcImaging
import AnimcPlan

/// Decides what a build does (see `BuildDecision`), asking the cache only read-only questions.
struct Decider: Sendable {
    let plan: BuildPlan
    let cache: Cache
    let history: StepHistory
    let outputs: OutputFiles
    let force: Bool

    /// Every animation of the plan, in order.
    func decide() -> BuildDecision {
        var d = BuildDecision()
        for a in plan.animations {
            var ad = AnimationDecision()
            if !force, let entry = cache.peekEntry(a.encode.key, kind: .gif) {
                switch outputs.state(a, expected: entry.object) {
                case .matches:
                    ad.output = .upToDate(entry)
                case .missing:
                    ad.output = .restore(entry)
                    d.add("write \(a.output)", .outputMissing)
                case .differs:
                    ad.output = .restore(entry)
                    d.add("write \(a.output)", .outputModified)
                }
                d.hits += 1
            } else {
                decideEncode(a, &ad, &d)
            }
            d.animations.append(ad)
        }
        return d
    }

    /// The steps behind an encode that runs: palette, quantizes, the frames they decode, the encode.
    func decideEncode(_ a: AnimationPlan, _ ad: inout AnimationDecision, _ d: inout BuildDecision) {
        ad.output = .encode
        let palette = a.paletteKey.map { plan.palettes[$0]! }
        var cachedChoice: PaletteChoice?
        if let palette, !force, let entry = cache.peekEntry(palette.key, kind: .palette),
           let bytes = cache.peekObject(entry.object), let choice = ObjectCodec.decodePalette(bytes) {
            cachedChoice = choice
        }
        let distinct = distinctQuantizes(a).filter { d.quantizes[$0] == nil }
        if let palette, AutoScope.quantizesWait(for: palette, cachedChoice: cachedChoice, force: force,
                                                plainKeysCached: { distinct.allSatisfy { cache.hasEntry($0) } }) {
            ad.palette = .run
            ad.quantizesPending = true
            d.misses += 1
            let samples = PaletteScopeChoice.samples(among: palette.frameKeys.count)
            for i in samples { addDecode(palette.frameKeys[i], a, .neededBy("palette \(a.name)"), units: 2, &d) }
            d.add(palette.signature.id, reason(palette.signature, a))
        } else {
            let missing = decideQuantizes(distinct, choice: cachedChoice, a, &d)
            var paletteFrames: [Digest] = []
            if let palette, !missing.isEmpty {
                if let cachedChoice {
                    ad.palette = .cached(cachedChoice)
                    d.hits += 1
                } else {
                    ad.palette = .run
                    d.misses += 1
                    paletteFrames = palette.frameKeys
                }
            }
            addDecodes(paletteFrames: paletteFrames, quantizes: missing, a, &d)
            if let palette, ad.palette == .run { d.add(palette.signature.id, reason(palette.signature, a)) }
            addQuantizeItems(missing, a, &d)
        }
        d.misses += 1
        d.add(a.encode.signature.id, reason(a.encode.signature, a))
    }

    /// A `scope: auto` palette step has chosen: decide the animation's quantize steps.
    func resolve(_ a: AnimationPlan, choice: PaletteChoice, _ d: inout BuildDecision) {
        let missing = decideQuantizes(distinctQuantizes(a).filter { d.quantizes[$0] == nil }, choice: choice, a, &d)
        // One palette for all: the step's histogram pass decoded every frame.
        addDecodes(paletteFrames: choice.perFrame ? [] : plan.palettes[a.paletteKey!]!.frameKeys, quantizes: missing, a, &d)
        addQuantizeItems(missing, a, &d)
    }

    /// A quantize step decided as cached whose result was damaged: it runs after all.
    func amendCorrupt(_ qk: Digest, _ a: AnimationPlan, _ d: inout BuildDecision) {
        guard case .cached(let filed) = d.quantizes[qk] else { return }
        d.quantizes[qk] = .run(filed, .cacheEntryCorrupt)
        d.hits -= 1
        d.misses += 1
        addDecodes(paletteFrames: [], quantizes: [qk], a, &d)
        addQuantizeItems([qk], a, &d)
    }

    // MARK: pieces

    /// Cached or run, for each quantize step (filed as the palette's choice says); returns those that run.
    private func decideQuantizes(_ keys: [Digest], choice: PaletteChoice?, _ a: AnimationPlan,
                                 _ d: inout BuildDecision) -> [Digest] {
        var missing: [Digest] = []
        for qk in keys {
            let filed = AutoScope.filedKey(plan.quantizes[qk]!, choice: choice)
            if !force, cache.hasEntry(filed) {
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

    private func distinctQuantizes(_ a: AnimationPlan) -> [Digest] {
        var seen = Set<Digest>()
        return a.frames.compactMap { seen.insert($0.quantizeKey).inserted ? $0.quantizeKey : nil }
    }

    /// One line per frame decoded: for the palette's histogram pass, to quantize, or both (two units).
    private func addDecodes(paletteFrames: [Digest], quantizes: [Digest], _ a: AnimationPlan, _ d: inout BuildDecision) {
        let forQuantize = Set(quantizes.map { plan.quantizes[$0]!.frameKey })
        var listed = Set<Digest>()
        for k in paletteFrames where listed.insert(k).inserted {
            let both = forQuantize.contains(k)
            addDecode(k, a, .neededBy(both ? "quantize" : "palette \(a.name)"), units: both ? 2 : 1, &d)
        }
        for qk in quantizes {
            let k = plan.quantizes[qk]!.frameKey
            if listed.insert(k).inserted { addDecode(k, a, .neededBy("quantize"), units: 1, &d) }
        }
    }

    private func addQuantizeItems(_ keys: [Digest], _ a: AnimationPlan, _ d: inout BuildDecision) {
        for qk in keys {
            if case .run(_, let why) = d.quantizes[qk] { d.add(plan.quantizes[qk]!.signature.id, why) }
        }
    }

    private func addDecode(_ frameKey: Digest, _ a: AnimationPlan, _ fallback: RunReason, units: Int, _ d: inout BuildDecision) {
        let s = plan.frames[frameKey]!.signature
        var why = reason(s, a)
        // Frames are never cached: an unchanged one is decoded because a later step needs its pixels.
        if case .cacheEntryMissing = why { why = fallback }
        d.add(Decider.displayID(s, a), why, units: units)
    }

    /// Frame steps are shared by key, so two animations with different crops both have a
    /// "frame x.png": their history is kept per animation.
    static func historyID(_ s: StepSignature, _ a: AnimationPlan) -> String {
        s.kind == .frame ? "\(s.id) in \(a.name)" : s.id
    }

    static func displayID(_ s: StepSignature, _ a: AnimationPlan) -> String { s.id }

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
}
