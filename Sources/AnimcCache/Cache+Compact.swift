import AnimcBasics

extension Cache {
    /// Like `store(key:kind:bytes:...)`, but only for results that stay compact on disk: when the bytes'
    /// object is not there yet and would take more than `maxStoredFraction` of their logical size once
    /// compressed (see `StoredObject`), nothing is written and nil is returned (the step is simply a miss
    /// next time). For results cheap to remake whose compressed copy would outweigh what it saves — a
    /// noisy camera frame mapped onto a palette shared by all frames, which a new palette makes useless
    /// anyway (see docs/cache.md, "What is not kept"). Bytes whose slices come out over are not compressed
    /// whole (an estimate: see `StoredObject.likelyOver`); the others are compressed once either way.
    @discardableResult
    public func storeIfCompact(key: Digest, kind: String, bytes: [UInt8], maxStoredFraction: Double, description: String,
                               inputs: [String: Digest] = [:], params: [String: String] = [:]) throws(CacheError) -> CacheEntry? {
        let d = Digest.of(bytes)
        if logicalSize(of: d) != Int64(bytes.count) {
            // Slices decide most noisy frames without compressing them whole (see `StoredObject.likelyOver`).
            if StoredObject.likelyOver(bytes, fraction: maxStoredFraction) { return nil }
            let stored = StoredObject.encode(bytes)
            if Double(stored.count) > maxStoredFraction * Double(bytes.count) { return nil }
            guard writable else { return nil }
            let path = objectPath(d)
            do {
                try Cache.makeDirectories(Paths.directory(of: path))
                try AtomicFile.write(stored, to: path)
            } catch {
                noteWriteFailure(describe(error))
                return nil
            }
        }
        return try store(key: key, kind: kind, bytes: bytes, description: description, inputs: inputs, params: params)
    }
}
