import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPlan

/// Encodes a GIF by copying the frame blocks of the output's previous encoding wherever the encoder
/// would write the same bytes, and encoding only the rest.
///
/// The encoder is a chain of transitions: adding play-order frame i to an encoder in state S that holds
/// pending frame P (GIFEncoder keeps one frame back). The bytes and the state after depend only on S,
/// P, P's delay so far, frame i and its delay; frames are named by the keys their quantized pixels are
/// filed under, and S by a digest of the encoder's whole state (canvas included). Each encoding files
/// a `SpliceIndex` of its transitions. The next encoding walks the same chain: a transition whose key
/// is in the previous index copies its bytes (checked against their digest) and takes its state after,
/// without the frame's pixels; a miss brings the real encoder up to date by reading back the blocks
/// copied since it last ran (`GIFEncoder.replay`) and encodes. An edited frame misses, and so do the
/// frames after it until the canvas is the same again (it converges once every pixel the edit touched
/// has been redrawn); from there on, blocks are copied again. The output is byte-identical to a full
/// encode, because every byte is either what the encoder writes or what it wrote for the same key.
final class GIFSplicer {
    /// A play-order frame's quantized pixels (computed or read when, and only when, a transition misses).
    typealias Pixels = (Int) throws(FrameFailure) -> IndexedImage

    private let loop: GIFLoop
    private let lossy: Int
    private let outputPath: String
    private let previous: [Digest: SpliceIndex.Entry]
    private let reader: ObjectRangeReader?

    private var encoder: GIFEncoder?
    /// Transitions copied since the real encoder last ran (replayed on the next miss).
    private var behind: [SpliceIndex.Entry] = []
    private var state: Digest
    private var pendingIndex: Int?
    private var pendingKey: Digest?
    private var pendingDelay = 0
    private var written: Int64 = 0
    /// This encoding's index so far, as its lines (`SpliceIndex.append`): memory stays a few hundred bytes a frame.
    private var lines: [UInt8] = []
    private var count = 0
    /// The copied blocks did not lead where the previous index said (a damaged or foreign index): the
    /// executor starts the output again without splicing.
    private(set) var failed = false
    /// Transitions copied, and transitions the encoder ran.
    private(set) var spliced = 0
    private(set) var encoded = 0

    init(loop: GIFLoop, lossy: Int, outputPath: String, previous: (index: SpliceIndex, reader: ObjectRangeReader)?) {
        self.loop = loop
        self.lossy = lossy
        self.outputPath = outputPath
        var byKey: [Digest: SpliceIndex.Entry] = [:]
        for e in previous?.index.entries ?? [] { byKey[e.key] = e }
        self.previous = byKey
        reader = previous?.reader
        state = Digest.of("animc-gif-splice start \(loop) \(max(0, lossy))")
    }

    /// The cache key an encoding's splice index is filed under (the encoding's own key holds its bytes).
    static func indexKey(_ encodeKey: Digest) -> Digest { Digest.of("animc-gif-splice-index \(encodeKey.hex)") }

    static func transitionKey(_ state: Digest, pending: Digest?, pendingDelay: Int, frame: Digest?, delay: Int) -> Digest {
        let added = frame.map { "add \($0.hex) \(delay)" } ?? "finish"
        return Digest.of("animc-gif-transition \(algorithmVersion) \(state.hex) \(pending?.hex ?? "-") \(pendingDelay) \(added)")
    }

    static func stateDigest(_ e: GIFEncoder) -> Digest {
        var d = StreamingDigest()
        d.update(Array("animc-gif-state 1".utf8))
        e.feedState { d.update($0) }
        return d.finalize()
    }

    /// Adds play-order frame `i` (filed under `key`); returns the bytes to append to the output.
    func add(_ i: Int, key: Digest, delay: Int, pixels: Pixels) throws(FrameFailure) -> [UInt8] {
        let delay = max(0, min(65535, delay))
        let t = Self.transitionKey(state, pending: pendingKey, pendingDelay: pendingDelay, frame: key, delay: delay)
        if let e = previous[t], let bytes = copy(e) {
            behind.append(e)
            record(t, bytes, digest: e.bytes, stateAfter: e.stateAfter, merged: e.merged, pendingDelay: e.pendingDelay)
            if !e.merged { pendingIndex = i; pendingKey = key }
            spliced += 1
            return bytes
        }
        try catchUp(dimensionsFrom: i, pixels)
        let hadPending = encoder!.pendingFrame != nil
        let bytes = encoder!.add(try pixels(i), delayCentiseconds: delay)
        let merged = hadPending && bytes.isEmpty
        if !merged { pendingIndex = i; pendingKey = key }
        record(t, bytes, stateAfter: Self.stateDigest(encoder!), merged: merged, pendingDelay: encoder!.pendingDelayCentiseconds)
        encoded += 1
        return bytes
    }

    /// The rest of the file.
    func finish(pixels: Pixels) throws(FrameFailure) -> [UInt8] {
        let t = Self.transitionKey(state, pending: pendingKey, pendingDelay: pendingDelay, frame: nil, delay: 0)
        if let e = previous[t], let bytes = copy(e) {
            record(t, bytes, digest: e.bytes, stateAfter: e.stateAfter, merged: false, pendingDelay: 0)
            spliced += 1
            return bytes
        }
        try catchUp(dimensionsFrom: pendingIndex ?? 0, pixels)
        let bytes = encoder!.finish()
        record(t, bytes, stateAfter: state, merged: false, pendingDelay: 0)
        encoded += 1
        return bytes
    }

    /// This encoding's index, once its bytes are filed as `object`.
    func index(object: Digest) -> [UInt8] { SpliceIndex.encoded(object: object, count: count, lines: lines) }

    // MARK: pieces

    private func record(_ key: Digest, _ bytes: [UInt8], digest: Digest? = nil, stateAfter: Digest, merged: Bool, pendingDelay: Int) {
        SpliceIndex.append(.init(key: key, offset: written, length: bytes.count, bytes: bytes.isEmpty ? nil : digest ?? Digest.of(bytes),
                                 stateAfter: stateAfter, merged: merged, pendingDelay: pendingDelay), to: &lines)
        count += 1
        written += Int64(bytes.count)
        state = stateAfter
        self.pendingDelay = pendingDelay
    }

    /// A previous transition's bytes, when they read back intact.
    private func copy(_ e: SpliceIndex.Entry) -> [UInt8]? {
        guard e.length > 0 else { return [] }
        guard let bytes = reader?.read(offset: e.offset, count: e.length), Digest.of(bytes) == e.bytes else { return nil }
        return bytes
    }

    /// Makes the real encoder what the chain says it is: replays the blocks copied since it last ran,
    /// and holds back the pending frame.
    private func catchUp(dimensionsFrom i: Int, _ pixels: Pixels) throws(FrameFailure) {
        // Frames already on screen first (likely read from the cache), the one being added last (likely
        // being quantized meanwhile): frame 0 gives the size and, since the header's table is padded, the
        // global palette (the first frame's, always frame 0).
        let zero = behind.isEmpty && encoder != nil ? nil : try pixels(behind.isEmpty ? i : 0)
        if encoder == nil {
            encoder = GIFEncoder(width: zero!.width, height: zero!.height, loop: loop, lossy: lossy)
        }
        guard !behind.isEmpty, let first = zero?.palette else { return }
        // Their digests were checked when they were copied; the state digest below checks the result.
        let pieces = behind.filter { $0.length > 0 }
        guard encoder!.replay(chunks: pieces.count, { reader?.read(offset: pieces[$0].offset, count: pieces[$0].length) },
                              global: first) else {
            throw inconsistent("a copied block did not read back")
        }
        behind = []
        encoder!.setPending(try pendingIndex.map { i throws(FrameFailure) in try pixels(i) }, delayCentiseconds: pendingDelay)
        guard Self.stateDigest(encoder!) == state else { throw inconsistent("the encoder's state after the copied blocks differs") }
    }

    private func inconsistent(_ why: String) -> FrameFailure {
        failed = true
        return FrameFailure(diagnostics: [Diagnostic(.warning, "the previous encoding's frame blocks were not usable (\(why)); encoding every frame",
                                                     at: SourceLocation(file: outputPath))])
    }
}
