import AnimcBasics
import AnimcCache
import AnimcManifest
import AnimcPlan

/// Where an encoded output streams: a temporary file beside the output (put in place only when
/// complete) and a cache object, written together so the bytes are never held in memory or copied
/// twice. A cache that cannot be written hands out a writer that only hashes; the output still comes.
final class EncodedSink {
    private let cache: Cache
    private let outputName: String
    private var object: ObjectWriter?
    private var output: AtomicFileWriter?
    private var digest = StreamingDigest()
    private(set) var size: Int64 = 0

    /// `output` is the output's absolute path, or nil when nothing is to be written (`check`).
    init(cache: Cache, output: String?, name: String) throws(FrameFailure) {
        self.cache = cache
        outputName = name
        object = try? cache.makeObjectWriter()
        if let output {
            do { self.output = try AtomicFileWriter(path: output) } catch {
                throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: name))])
            }
        }
    }

    func write(_ bytes: [UInt8]) throws(FrameFailure) {
        guard !bytes.isEmpty else { return }
        size += Int64(bytes.count)
        // The object writer hashes what it writes; the sink hashes only when there is none.
        if object != nil { try? object!.write(bytes) } else { digest.update(bytes) }
        if output != nil {
            do { try output!.write(bytes) } catch {
                throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: outputName))])
            }
        }
    }

    /// Files the object and its entry in the cache (when it can be written); returns the digest.
    func finishCache(_ step: EncodeStep, description: String) -> Digest {
        guard let object = object.take() else { return digest.finalize() }
        let committed = object.commit()
        let d = committed.digest
        if committed.stored {
            _ = try? cache.storeEntry(key: step.key, kind: ObjectKind(step.format).rawValue, object: d, size: size,
                                      description: description, inputs: step.signature.inputs, params: step.signature.params)
        }
        return d
    }

    /// Puts the temporary file in place of the output, fsync'd: a power loss cannot leave it empty.
    func commitOutput() throws(FrameFailure) {
        guard let output = output.take() else { return }
        do { try output.commit(durable: true) } catch {
            throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: outputName))])
        }
    }
}
