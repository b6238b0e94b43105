import AnimcBasics
import AnimcColour

/// The last few quantized frames this build made or read, by the key they are filed under, so that a
/// frame shown again soon (a walk cycle listed a thousand times, a ping-pong) is not read back from the
/// cache each time. Bounded by count and bytes (so it costs a flat few frames); the oldest go first. Never changes a result: the key names its bytes.
final class RecentFrames: Sendable {
    private let maxBytes: Int
    private let maxCount = 8
    private let state = Locked<(order: [Digest], images: [Digest: IndexedImage], bytes: Int)>(([], [:], 0))

    init(maxBytes: Int = 2 << 20) { self.maxBytes = maxBytes }

    func get(_ key: Digest) -> IndexedImage? { state.withLock { $0.images[key] } }

    func put(_ key: Digest, _ image: IndexedImage) {
        let size = image.indices.count + image.palette.colors.count * 3
        guard size <= maxBytes / 4 else { return }
        state.withLock { s in
            guard s.images[key] == nil else { return }
            s.images[key] = image
            s.order.append(key)
            s.bytes += size
            while s.bytes > maxBytes || s.order.count > maxCount, !s.order.isEmpty {
                let old = s.order.removeFirst()
                if let gone = s.images.removeValue(forKey: old) { s.bytes -= gone.indices.count + gone.palette.colors.count * 3 }
            }
        }
    }
}
