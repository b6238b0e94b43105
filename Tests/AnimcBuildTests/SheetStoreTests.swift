import AnimcBasics
@testable import AnimcBuild
import AnimcPixels
import Foundation
import Testing

@Suite struct SheetStoreTests {
    func key(_ n: Int) -> SheetStore.Key { SheetStore.Key(path: "s\(n).png", digest: Digest.of("s\(n)")) }

    @Test func aSheetIsDecodedOnceHoweverManyWorkersAskAtOnce() {
        let decodes = Locked(0), counted = Locked(0)
        let store = SheetStore(capBytes: 1 << 20, decoded: { counted.withLock { $0 += 1 } })
        let pool = WorkerPool(threads: 4)
        defer { pool.shutdown() }
        let sizes = pool.map(64) { _ in
            store.sheet(key(1)) { () -> RGBAImage in
                decodes.withLock { $0 += 1 }
                usleep(20_000)
                return RGBAImage(width: 64, height: 64)
            }.width
        }
        #expect(sizes.allSatisfy { $0 == 64 })
        #expect(decodes.current == 1 && counted.current == 1)
    }

    @Test func sheetsStayWithinTheCapAndGoWhenReleased() {
        let store = SheetStore(capBytes: 3 * 64 * 64 * 4, decoded: {})
        for n in 0..<5 { _ = store.sheet(key(n)) { RGBAImage(width: 64, height: 64) } }
        #expect(store.heldBytes == 3 * 64 * 64 * 4)  // the two least recently used went
        var again = 0
        _ = store.sheet(key(4)) { again += 1; return RGBAImage(width: 64, height: 64) }
        _ = store.sheet(key(0)) { again += 1; return RGBAImage(width: 64, height: 64) }
        #expect(again == 1)  // 4 was held, 0 had gone
        // One sheet over the cap is still held (it must be cut), alone.
        _ = store.sheet(key(9)) { RGBAImage(width: 128, height: 128) }
        #expect(store.heldBytes == 128 * 128 * 4)
        store.release(keeping: [key(9)])
        #expect(store.heldBytes == 128 * 128 * 4)
        store.release(keeping: [])
        #expect(store.heldBytes == 0)
    }

    @Test func sheetsDecodedWhilePlanningAreHeldWithinTheCap() {
        let held = [key(1): RGBAImage(width: 64, height: 64), key(2): RGBAImage(width: 64, height: 64)]
        let store = SheetStore(capBytes: 64 * 64 * 4, decoded: {}, held: held)
        #expect(store.heldBytes == 64 * 64 * 4)
        var decoded = 0
        _ = store.sheet(key(1)) { decoded += 1; return RGBAImage(width: 1, height: 1) }
        #expect(decoded == 0)
    }
}
