import Foundation

/// A value behind a lock: the one way state is shared between the build's threads.
/// Everything else the workers touch is a value type or immutable.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock; keep `body` short and never block in it.
    @discardableResult
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }

    public var current: Value { withLock { $0 } }
}
