import AnimcBasics
import AnimcPixels
import Foundation

/// Decoded sprite sheets, shared by the workers cutting their tiles: a sheet is decoded once however
/// many tiles, passes and animations read it, and held only while tiles of it remain to be read
/// (`release`), within `capBytes` (least recently used sheets go first; one is always kept).
final class SheetStore: Sendable {
    struct Key: Hashable, Sendable {
        var path: String
        var digest: Digest
    }

    private enum Slot { case decoding, ready(RGBAImage, lastUse: UInt64) }
    private struct State {
        var slots: [Key: Slot] = [:]
        var clock: UInt64 = 0
        var bytes = 0
    }

    private let state = Locked(State())
    let capBytes: Int
    /// Called once per sheet decoded (the build's counters).
    let decoded: @Sendable () -> Void

    /// `held`: sheets decoded already (while planning), within the cap.
    init(capBytes: Int, decoded: @escaping @Sendable () -> Void, held: [Key: RGBAImage] = [:]) {
        self.capBytes = capBytes
        self.decoded = decoded
        state.withLock { s in
            for (k, image) in held.sorted(by: { ($0.key.path, $0.key.digest) < ($1.key.path, $1.key.digest) })
            where s.bytes + image.pixels.count <= capBytes {
                s.slots[k] = .ready(image, lastUse: 0)
                s.bytes += image.pixels.count
            }
        }
    }

    /// The bytes of decoded sheets a build may hold: a quarter of the memory budget.
    static func capBytes(budget: Int64) -> Int { Int(clamping: max(0, budget) / 4) }

    /// The decoded sheet: held already, or decoded now by `decode` (other workers wanting it wait).
    func sheet<E: Error>(_ key: Key, decode: () throws(E) -> RGBAImage) throws(E) -> RGBAImage {
        while true {
            let found = state.withLock { s -> RGBAImage?? in
                s.clock += 1
                switch s.slots[key] {
                case .ready(let image, _)?:
                    s.slots[key] = .ready(image, lastUse: s.clock)
                    return .some(image)
                case .decoding?:
                    return .some(nil)
                case nil:
                    s.slots[key] = .decoding
                    return nil
                }
            }
            switch found {
            case .some(.some(let image)): return image
            case .some(.none): usleep(500); continue
            case .none: break
            }
            let image: RGBAImage
            do { image = try decode() } catch {
                state.withLock { _ = $0.slots.removeValue(forKey: key) }
                throw error
            }
            decoded()
            state.withLock { s in
                s.clock += 1
                s.slots[key] = .ready(image, lastUse: s.clock)
                s.bytes += image.pixels.count
                // Over the cap: drop the least recently used others.
                while s.bytes > capBytes {
                    let victims = s.slots.compactMap { k, v -> (Key, UInt64, Int)? in
                        if k != key, case .ready(let img, let t) = v { return (k, t, img.pixels.count) }
                        return nil
                    }
                    guard let v = victims.min(by: { $0.1 < $1.1 }) else { break }
                    s.slots.removeValue(forKey: v.0)
                    s.bytes -= v.2
                }
            }
            return image
        }
    }

    /// Drops the sheets `keep` does not name (no tile of them remains to be read).
    func release(keeping keep: Set<Key>) {
        state.withLock { s in
            for (k, v) in s.slots where !keep.contains(k) {
                if case .ready(let img, _) = v {
                    s.slots.removeValue(forKey: k)
                    s.bytes -= img.pixels.count
                }
            }
        }
    }

    /// Bytes of the sheets held now.
    var heldBytes: Int { state.withLock { $0.bytes } }
}

extension AnimationExecutor {
    /// The sheets whose tiles animations after `i`, or atlases, read (the store may drop every other).
    func sheetsNeeded(after i: Int) -> Set<SheetStore.Key> {
        var keep = Set<SheetStore.Key>()
        let plan = project.plan
        let later = plan.animations.dropFirst(i + 1).flatMap { $0.frames.map(\.frameKey) } + plan.atlases.flatMap { $0.frames.map(\.frameKey) }
        for key in later {
            if let step = plan.frames[key], step.tile != nil {
                keep.insert(SheetStore.Key(path: step.path, digest: step.sourceDigest))
            }
        }
        return keep
    }
}
