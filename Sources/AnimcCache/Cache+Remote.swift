import AnimcBasics

/// What a build did with a shared remote cache (`--remote-cache`): in `build --json` and, for the last
/// build, in `stats.json` (`animc cache stats`).
public struct RemoteFigures: Sendable, Codable, Equatable {
    /// Entries found on the remote, downloaded, verified and stored locally.
    public var hits = 0
    /// Entries asked for and not found (or found unusable).
    public var misses = 0
    /// Entries uploaded (their object first, the entry last).
    public var uploads = 0
    public var bytesDown: Int64 = 0
    public var bytesUp: Int64 = 0
    /// Requests that failed (no answer, an error status, damaged bytes).
    public var errors = 0
    /// True when the remote was switched off during the build after failures.
    public var disabled = false
    public init() {}
}

/// The hook a remote cache uses to upload what a build stores: called after an entry is written (its object
/// is in place), on the thread that wrote it.
extension Cache {
    public typealias StoreObserver = @Sendable (CacheEntry) -> Void

    /// Calls `observer` after every entry this process writes from now on (nil stops it).
    public func observeStores(_ observer: StoreObserver?) {
        storeObserver.withLock { $0 = observer }
    }

    func notifyStored(_ e: CacheEntry) {
        if let observer = storeObserver.current { observer(e) }
    }
}
