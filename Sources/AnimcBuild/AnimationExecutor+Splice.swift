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
                       quantizes: [Digest: StepDecision]) throws(FrameFailure) {
        var made: [(index: Int, frame: FrameResult)] = []
        var size: (width: Int, height: Int)?
        // The frames whose quantize step runs (edited ones) miss for sure: the pool makes the first of
        // them while this thread walks the copied blocks and replays them.
        let sizing = memorySizing(a)
        let edited = a.frames.indices.filter { i in
            tracks.contains { t in if case .run = quantizes[t.quantizeKeys[i]]! { return true } else { return false } }
        }.prefix(sizing.window)
        let early = Array(edited)
        let job = early.isEmpty ? nil : pool.start(early.count, width: sizing.workers) { k -> Result<FrameResult, FrameFailure> in
            do throws(FrameFailure) {
                return .success(try self.frameResult(early[k], a.frames[early[k]], a, tracks, choices, quantizes, rgba: false))
            } catch { return .failure(error) }
        }
        var prefetched: [Int: Result<FrameResult, FrameFailure>]? = nil
        defer { _ = job?.wait() }  // never leave work running behind a failure
        func frame(_ i: Int) throws(FrameFailure) -> FrameResult {
            if let m = made.first(where: { $0.index == i }) { return m.frame }
            let f: FrameResult
            if let job, early.contains(i) {
                if prefetched == nil { prefetched = Dictionary(uniqueKeysWithValues: zip(early, job.wait())) }
                switch prefetched![i]! {
                case .success(let x): f = x
                case .failure(let e): throw e
                }
                prefetched![i] = nil
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
            for (k, o) in outs.enumerated() {
                let t = trackOf[k]
                let bytes = try splicers[k].add(i, key: quantizes[tracks[t].quantizeKeys[i]]!.key, delay: o.encode.frames[i].delay) {
                    j throws(FrameFailure) in try frame(j).indexed[t]
                }
                try sinks[k].write(bytes)
            }
        }
        for (k, _) in outs.enumerated() {
            let t = trackOf[k]
            try sinks[k].write(try splicers[k].finish { j throws(FrameFailure) in try frame(j).indexed[t] })
        }
    }
}
