import AnimcBasics
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The one place that speaks HTTP: `GET`, `HEAD` and `PUT` of whole bodies, each with a hard deadline of its
/// own. FoundationNetworking's timeouts are whole seconds and only count idle time (a server that trickles a
/// byte a second is never stopped by them), so every request is also cut off by a timer; an authentication
/// challenge (a 401) is cancelled by the delegate rather than left to hang; a body larger than the caller
/// allows is cut off as it arrives. Blocking: callers are build threads that wait for the answer.
public final class RemoteTransport: Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    /// Why a request got no HTTP answer.
    public enum Failure: Error, Sendable, Equatable {
        /// Connection refused, reset or closed, DNS, TLS: the text of the underlying error.
        case unreachable(String)
        /// No answer within the deadline (a silent or trickling server).
        case timedOut(Double)
        /// The server asked for credentials (a 401), or refused them.
        case unauthorized
        /// The body grew past what the caller allows.
        case tooLarge(Int64)
    }

    public let connectTimeout: Double
    private let session: URLSession
    private let delegate: Delegate

    /// `connectTimeout` bounds the wait for a connection and any idle gap (whole seconds, at least 1).
    public init(connectTimeout: Double = 2) {
        self.connectTimeout = connectTimeout
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = max(1, connectTimeout.rounded(.up))
        config.timeoutIntervalForResource = 600
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.urlCache = nil
        config.httpCookieStorage = nil
        config.urlCredentialStorage = nil
        config.httpMaximumConnectionsPerHost = 8
        delegate = Delegate()
        session = URLSession(configuration: config, delegate: delegate, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    /// Sends one request and waits for the whole answer, at most `deadline` seconds. `maxBody` caps the bytes
    /// accepted (the rest is not read). Never throws for an HTTP status: every status is a `Response`.
    public func send(_ method: String, _ url: URL, headers: [String: String], body: [UInt8]? = nil,
                     deadline: Double, maxBody: Int64) -> Result<Response, Failure> {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = max(1, connectTimeout.rounded(.up))
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let task: URLSessionTask
        if let body {
            request.setValue(String(body.count), forHTTPHeaderField: "Content-Length")
            task = session.uploadTask(with: request, from: Data(body))
        } else {
            task = session.dataTask(with: request)
        }
        let state = TaskState(maxBody: method == "HEAD" ? .max : maxBody)
        delegate.register(task.taskIdentifier, state)
        defer { delegate.unregister(task.taskIdentifier) }
        task.resume()
        if state.done.wait(timeout: .now() + deadline) == .timedOut {
            task.cancel()
            return .failure(.timedOut(deadline))
        }
        return state.outcome.withLock { $0 } ?? .failure(.unreachable("no answer"))
    }

    /// What one task has received so far, and its outcome once finished.
    final class TaskState: @unchecked Sendable {
        let maxBody: Int64
        let done = DispatchSemaphore(value: 0)
        let lock = NSLock()
        var body: [UInt8] = []
        var status = 0
        var challenged = false
        var overflowed = false
        let outcome = Locked<Result<Response, Failure>?>(nil)
        init(maxBody: Int64) { self.maxBody = maxBody }
    }

    final class Delegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        private let lock = NSLock()
        private var states: [Int: TaskState] = [:]

        func register(_ id: Int, _ s: TaskState) { lock.lock(); states[id] = s; lock.unlock() }
        func unregister(_ id: Int) { lock.lock(); states[id] = nil; lock.unlock() }
        func state(_ id: Int) -> TaskState? { lock.lock(); defer { lock.unlock() }; return states[id] }

        func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                        completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
            state(task.taskIdentifier).map { s in s.lock.lock(); s.challenged = true; s.lock.unlock() }
            completionHandler(.cancelAuthenticationChallenge, nil)
        }

        func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge,
                        completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
            completionHandler(.cancelAuthenticationChallenge, nil)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            if let s = state(dataTask.taskIdentifier), let http = response as? HTTPURLResponse {
                s.lock.lock(); s.status = http.statusCode; s.lock.unlock()
                if http.expectedContentLength > s.maxBody {
                    s.lock.lock(); s.overflowed = true; s.lock.unlock()
                    completionHandler(.cancel)
                    return
                }
            }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            guard let s = state(dataTask.taskIdentifier) else { return }
            s.lock.lock()
            if Int64(s.body.count + data.count) > s.maxBody {
                s.overflowed = true
                s.lock.unlock()
                dataTask.cancel()
                return
            }
            s.body.append(contentsOf: data)
            s.lock.unlock()
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            guard let s = state(task.taskIdentifier) else { return }
            s.lock.lock()
            let status = (task.response as? HTTPURLResponse)?.statusCode ?? s.status
            let result: Result<Response, Failure>
            if s.overflowed {
                result = .failure(.tooLarge(s.maxBody))
            } else if s.challenged || (status == 401 && error != nil) {
                result = .failure(.unauthorized)
            } else if let error, status == 0 || (error as NSError).code != NSURLErrorCancelled {
                result = .failure(.unreachable(RemoteTransport.describe(error)))
            } else if status == 0 {
                result = .failure(.unreachable("no answer"))
            } else {
                result = .success(Response(status: status, body: s.body))
            }
            s.lock.unlock()
            s.outcome.withLock { $0 = result }
            s.done.signal()
        }
    }

    static func describe(_ error: Error) -> String {
        let e = error as NSError
        switch e.code {
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorTimedOut: return "timed out"
        case NSURLErrorNetworkConnectionLost: return "connection closed by the server"
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "unknown host"
        case NSURLErrorBadServerResponse: return "bad response"
        case NSURLErrorCancelled: return "cancelled"
        default: return "network error \(e.code)"
        }
    }
}
