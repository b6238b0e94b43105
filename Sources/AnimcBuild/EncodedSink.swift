import AnimcBasics
import AnimcCache
import AnimcPlan

/// Where an encoded animation streams: a temporary file beside the output (renamed into place only
/// when complete) and a cache object, written together so the bytes are never held in memory or
/// copied twice. A cache that cannot be written is dropped with a warning; the output still comes.
struct EncodedSink: ~Copyable {
    private let cache: Cache
    private let outputName: String
    private var object: ObjectWriter?
    private var output: AtomicFileWriter?
    private var digest = StreamingDigest()
    private(set) var size: Int64 = 0

    /// `output` is the output's absolute path, or nil when nothing is to be written (`check`).
    init(cache: Cache, output: String?, _ a: AnimationPlan) throws(FrameFailure) {
        self.cache = cache
        outputName = a.output
        // An unwritable cache hands out a writer that only hashes (and warns once).
        object = try? cache.makeObjectWriter()
        if let output {
            do { self.output = try AtomicFileWriter(path: output) } catch {
                throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: a.output))])
            }
        }
    }

    mutating func write(_ bytes: [UInt8]) throws(FrameFailure) {
        guard !bytes.isEmpty else { return }
        digest.update(bytes)
        size += Int64(bytes.count)
        if object != nil { try? object!.write(bytes) }
        if output != nil {
            do { try output!.write(bytes) } catch {
                throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: outputName))])
            }
        }
    }

    /// Files the object and its entry in the cache (when it can be written); returns the digest.
    mutating func finishCache(key: Digest, description: String, signature: StepSignature) -> Digest {
        let d = digest.finalize()
        guard let object = object.take() else { return d }
        let committed = object.commit()
        precondition(committed.digest == d, "the cache object's digest differs from the stream's")
        if committed.stored {
            _ = try? cache.storeEntry(key: key, kind: "gif", object: d, size: size, description: description,
                                      inputs: signature.inputs, params: signature.params)
        }
        return d
    }

    /// Renames the temporary file over the output.
    mutating func commitOutput() throws(FrameFailure) {
        guard let output = output.take() else { return }
        do { try output.commit(durable: true) } catch {  // fsync'd: a power loss cannot leave it empty
            throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: outputName))])
        }
    }
}
