import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcManifest
import AnimcPlan

/// GIF frame-block splicing in the executor (see `GIFSplicer`): finding the output's previous
/// encoding, filing this one's index, and encoding with frames made only where blocks miss.
extension AnimationExecutor {
    /// The output's previous encoding (the last build's encode step for it) with its splice index,
    /// when both are in the local cache and it is not this very encoding; nil with `--force`.
    func previousEncoding(_ o: OutputPlan, _ a: AnimationPlan) -> (index: SpliceIndex, reader: ObjectRangeReader)? {
        guard !options.force, let prev = history.steps[Decider.historyID(o.encode.signature, a)]?.key, prev != o.encode.key,
              let hit = cache.lookup(GIFSplicer.indexKey(prev), kind: .splice), let index = SpliceIndex.decode(hit.bytes),
              let reader = ObjectRangeReader(cache: cache, object: index.object) else { return nil }
        return (index, reader)
    }

    /// Files a GIF encoding's splice index beside it (a failure only costs the next build its splicing).
    func storeSpliceIndex(_ splicer: GIFSplicer, object: Digest, _ o: OutputPlan, _ a: AnimationPlan) {
        _ = try? cache.store(key: GIFSplicer.indexKey(o.encode.key), kind: ObjectKind.splice.rawValue,
                             bytes: splicer.index(object: object),
                             description: "\(a.name): frame blocks of \(o.path)", inputs: ["encode": o.encode.key])
    }

    /// Every output is a GIF splicing from its previous encoding: walks the play-order frames, and makes
    /// a frame (reads its quantized pixels, or quantizes it) only when a transition misses. The last few
    /// frames made are kept, since a miss needs the pending frame as well as the new one.
    func encodeSpliced(_ a: AnimationPlan, _ outs: [OutputPlan], _ splicers: [GIFSplicer], _ sinks: [EncodedSink],
                       tracks: [Decider.Track], trackOf: [Int], choices: [Digest: PaletteChoice],
                       quantizes: [Digest: StepDecision], requantized: [Int]) throws(FrameFailure) {
        var made: [(index: Int, frame: FrameResult)] = []
        var size: (width: Int, height: Int)?
        // Frames made on the pool before they are asked for, in batches: the edited frames (`requantized`:
        // their quantize step runs, so they miss for sure) while this thread walks the copied blocks and replays them,
        // then, once blocks miss, the next few frames while this thread encodes.
        let sizing = memorySizing(a)
        let lookahead = max(2, min(sizing.window, 2 * sizing.workers))
        var batches: [(frames: [Int], job: PoolJob<Result<FrameResult, FrameFailure>>, results: [Int: Result<FrameResult, FrameFailure>]?)] = []
        defer { for b in batches { _ = b.job.wait() } }  // never leave work running behind a failure
        func startBatch(_ frames: [Int]) {
            guard !frames.isEmpty else { return }
            let job = pool.start(frames.count, width: sizing.workers) { k -> Result<FrameResult, FrameFailure> in
                do throws(FrameFailure) {
                    return .success(try self.frameResult(frames[k], a.frames[frames[k]], a, tracks, choices, quantizes, rgba: false))
                } catch { return .failure(error) }
            }
            batches.append((frames, job, nil))
        }
        func covered(_ i: Int) -> Bool { made.contains { $0.index == i } || batches.contains { $0.frames.contains(i) } }
        startBatch(Array(requantized.prefix(sizing.window)))
        var current = 0  // the play-order frame being added
        func frame(_ i: Int) throws(FrameFailure) -> FrameResult {
            if i == current {  // a miss: the frames after it are likely to miss too
                startBatch(Array((i + 1)..<min(a.frames.count, i + 1 + lookahead)).filter { !covered($0) })
            }
            if let m = made.first(where: { $0.index == i }) { return m.frame }
            let f: FrameResult
            if let b = batches.firstIndex(where: { $0.frames.contains(i) }) {
                if batches[b].results == nil {
                    batches[b].results = Dictionary(uniqueKeysWithValues: zip(batches[b].frames, batches[b].job.wait()))
                }
                let r = batches[b].results![i]!
                batches[b].frames.removeAll { $0 == i }
                if batches[b].frames.isEmpty { batches.remove(at: b) }
                switch r {
                case .success(let x): f = x
                case .failure(let e): throw e
                }
            } else {
                f = try frameResult(i, a.frames[i], a, tracks, choices, quantizes, rgba: false)
            }
            let dims = (f.indexed[0].width, f.indexed[0].height)
            if let size, size != dims { throw sizeMismatch(a.frames[i], dims, size) }
            if size == nil { size = dims }
            made.append((i, f))
            if made.count > 3 { made.removeFirst() }
            return f
        }
        for i in a.frames.indices {
            current = i
            for (k, o) in outs.enumerated() {
                let t = trackOf[k]
                let bytes = try splicers[k].add(i, key: quantizes[tracks[t].quantizeKeys[i]]!.key, delay: o.encode.frames[i].delay) {
                    j throws(FrameFailure) in try frame(j).indexed[t]
                }
                try sinks[k].write(bytes)
            }
        }
        current = -1
        for k in outs.indices {
            let t = trackOf[k]
            try sinks[k].write(try splicers[k].finish { j throws(FrameFailure) in try frame(j).indexed[t] })
        }
    }
}
