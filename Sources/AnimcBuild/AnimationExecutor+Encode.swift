import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan

/// Encoding an animation's outputs: spliced (GIF outputs with a previous encoding, `+Splice.swift`) or
/// streamed through every encoder, then filed and put in place.
extension AnimationExecutor {
    /// Encodes the outputs that run. Each output goes at
    /// once to a temporary file beside it and into a cache object; it is put in place only when
    /// complete and different, and a cache that cannot be written only costs a warning.
    func encode(_ i: Int, _ a: AnimationPlan, _ encoding: [Int], record: inout BuildRecord) throws(FrameFailure) -> [OutputStatus] {
        let choices = try palettes(i, a)
        let quantizes = decision.current.quantizes
        let outs = encoding.map { a.outputs[$0] }
        let tracks = decider.tracks(outs)
        let rgba = outs.contains { $0.encode.input == .rgba }
        let trackOf: [Int?] = outs.map { o in
            o.encode.input == .quantized
                ? tracks.firstIndex { $0.paletteKey == o.paletteKey && $0.quantizeKeys == o.encode.frames.map(\.input) } : nil
        }
        func makeSinks() throws(FrameFailure) -> [EncodedSink] {
            try outs.map { o throws(FrameFailure) in
                try EncodedSink(cache: cache, output: options.mode == .build ? Paths.join(project.directory, o.path) : nil, name: o.path)
            }
        }
        var sinks = try makeSinks()
        // GIF outputs splice from their previous encodings when every output being encoded can and few
        // frames are quantized again (an edit, not a new palette for all): then frames are made only for
        // the blocks that miss. Otherwise the frames stream through all outputs, the pool making whole
        // windows of them, and each GIF's splicer only files its index, for the next encoding.
        let requantized = a.frames.indices.filter { i in
            tracks.contains { t in if case .run = quantizes[t.quantizeKeys[i]]! { return true } else { return false } }
        }
        let previous = requantized.count * 4 > a.frames.count ? [] : outs.map { o in o.format == .gif ? previousEncoding(o, a) : nil }
        let splicing = !previous.isEmpty && previous.allSatisfy { $0 != nil }
        func makeSplicers(splicing: Bool) -> [GIFSplicer?] {
            outs.indices.map { k in
                outs[k].format == .gif ? GIFSplicer(loop: GIFLoop(outs[k].encode.loop), lossy: outs[k].encode.options.lossy,
                                                    outputPath: outs[k].path, previous: splicing ? previous[k] : nil) : nil
            }
        }
        var splicers = makeSplicers(splicing: splicing)
        if splicing {
            do throws(FrameFailure) {
                try encodeSpliced(a, outs, splicers.map { $0! }, sinks, tracks: tracks, trackOf: trackOf.map { $0! },
                                  choices: choices, quantizes: quantizes, requantized: requantized)
            } catch {
                // Copied blocks that do not add up (a damaged or foreign index): start again, encoding everything.
                guard splicers.contains(where: { $0?.failed == true }) else { throw error }
                cache.warn(error.diagnostics.map(\.message).joined(separator: "; "))
                sinks = try makeSinks()
                splicers = makeSplicers(splicing: false)
                try encodeStreaming(a, outs, splicers, sinks, tracks: tracks, trackOf: trackOf, choices: choices,
                                    quantizes: quantizes, rgba: rgba)
            }
        } else {
            try encodeStreaming(a, outs, splicers, sinks, tracks: tracks, trackOf: trackOf, choices: choices,
                                quantizes: quantizes, rgba: rgba)
        }
        return try finishOutputs(a, outs, sinks, splicers, record: &record)
    }

    /// The frames streamed through every output being encoded, in windows: the pool decodes each frame
    /// once and quantizes it for each track while the encoders take the previous window.
    private func encodeStreaming(_ a: AnimationPlan, _ outs: [OutputPlan], _ splicers: [GIFSplicer?], _ sinks: [EncodedSink],
                                 tracks: [Decider.Track], trackOf: [Int?], choices: [Digest: PaletteChoice],
                                 quantizes: [Digest: StepDecision], rgba: Bool) throws(FrameFailure) {
        var encoders: [AnimationEncoder?] = []
        let sizing = memorySizing(a, rgba: rgba), window = sizing.window  // frames in flight, sized by bytes
        var size: (width: Int, height: Int)?
        // Window k is encoded here while the pool makes window k + 1: at most two windows alive.
        func start(_ from: Int) -> (Int, [PlannedFrame], PoolJob<Result<FrameResult, FrameFailure>>)? {
            guard from < a.frames.count else { return nil }
            let chunk = Array(a.frames[from..<min(from + window, a.frames.count)])
            let job = pool.start(chunk.count, width: sizing.workers) { k -> Result<FrameResult, FrameFailure> in
                do throws(FrameFailure) {
                    return .success(try self.frameResult(from + k, chunk[k], a, tracks, choices, quantizes, rgba: rgba))
                } catch { return .failure(error) }
            }
            return (from, chunk, job)
        }
        var next = start(0)
        defer { _ = next?.2.wait() }  // never leave work running behind a failure
        while let (from, chunk, job) = next {
            let results = job.wait()
            next = start(from + chunk.count)
            for (offset, (f, r)) in zip(chunk, results).enumerated() {
                let frame: FrameResult
                switch r {
                case .success(let x): frame = x
                case .failure(let e): throw e
                }
                let dims = frame.rgba.map { ($0.width, $0.height) } ?? (frame.indexed[0].width, frame.indexed[0].height)
                if let size, size != dims { throw sizeMismatch(f, dims, size) }
                if size == nil {
                    size = dims
                    encoders = try outs.map { o throws(FrameFailure) in
                        guard o.format != .gif else { return nil }
                        do throws(EncoderError) {
                            return try Encoders.make(o.encode, width: dims.0, height: dims.1,
                                                     palette: o.paletteKey.flatMap { choices[$0]?.palette })
                        } catch { throw encoderFailure(error, o) }
                    }
                }
                let i = from + offset
                for (k, o) in outs.enumerated() {
                    let delay = o.encode.frames[i].delay
                    let bytes: [UInt8]
                    if let splicer = splicers[k] {
                        let image = frame.indexed[trackOf[k]!]
                        bytes = try splicer.add(i, key: quantizes[tracks[trackOf[k]!].quantizeKeys[i]]!.key, delay: delay) { _ in image }
                    } else {
                        let input: EncoderFrame = trackOf[k].map { .indexed(frame.indexed[$0]) } ?? .rgba(frame.rgba!)
                        do throws(EncoderError) { bytes = try encoders[k]!.add(input, delay: delay) } catch {
                            throw encoderFailure(error, o)
                        }
                    }
                    try sinks[k].write(bytes)
                }
            }
        }
        for (k, o) in outs.enumerated() {
            let bytes: [UInt8]
            if let splicer = splicers[k] {
                // The encoder ran every transition, so finishing needs no frame again.
                bytes = try splicer.finish { i throws(FrameFailure) in throw self.sizeMismatch(a.frames[i], (0, 0), (0, 0)) }
            } else if k < encoders.count, let encoder = encoders[k] {
                do throws(EncoderError) { bytes = try encoder.finish() } catch { throw encoderFailure(error, o) }
            } else { continue }
            try sinks[k].write(bytes)
        }
    }

    /// Files each encoding (and each GIF's splice index) and puts the outputs in place.
    private func finishOutputs(_ a: AnimationPlan, _ outs: [OutputPlan], _ sinks: [EncodedSink], _ splicers: [GIFSplicer?],
                               record: inout BuildRecord) throws(FrameFailure) -> [OutputStatus] {
        var statuses: [OutputStatus] = []
        for (k, o) in outs.enumerated() {
            let digest = sinks[k].finishCache(o.encode, description: "\(a.name): \(a.frames.count) frames → \(o.path)")
            if let splicer = splicers[k] {
                storeSpliceIndex(splicer, object: digest, o, a)
                builder.count { $0.gifBlocksSpliced += splicer.spliced; $0.gifBlocksEncoded += splicer.encoded }
            }
            builder.count { $0.encoded += 1 }
            builder.step("encode \(o.path)")
            let state = outputs.state(o.path, expected: digest)
            if state == .matches {
                record.files[o.path] = outputs.record(o.path)
                statuses.append(.upToDate)  // the temporary file is dropped; the output keeps its mtime
                continue
            }
            if options.mode == .check { statuses.append(state == .missing ? .missing : .stale); continue }
            try sinks[k].commitOutput()
            record.files[o.path] = outputRecord(o.path, digest: digest)
            statuses.append(.built)
        }
        return statuses
    }

    func sizeMismatch(_ f: PlannedFrame, _ dims: (Int, Int), _ size: (width: Int, height: Int)) -> FrameFailure {
        FrameFailure(diagnostics: [
            Diagnostic(.error, "frame is \(dims.0)×\(dims.1) but the animation's first frame is \(size.width)×\(size.height); add crop: or resize: to make them agree",
                       at: SourceLocation(file: f.path)),
            .noteListed(at: f.sourceLocation, in: project.manifest.source),
        ])
    }

    private func encoderFailure(_ e: EncoderError, _ o: OutputPlan) -> FrameFailure {
        FrameFailure(diagnostics: [Diagnostic(.error, "cannot encode: \(e.description)", at: SourceLocation(file: o.path))])
    }
}
