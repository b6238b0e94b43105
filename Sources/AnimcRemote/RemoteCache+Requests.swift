import AnimcBasics
import AnimcCache
import Foundation

/// Requests, failures and the circuit breaker.
extension RemoteCache {
    /// Sends a request with the credentials; nil when it got no HTTP answer (already counted and warned
    /// about). 401 and 403 come back as responses; callers treat every status other than theirs as a failure.
    func request(_ method: String, _ url: URL, what: String, body: [UInt8]? = nil, maxBody: Int64,
                 deadline: Double? = nil) -> RemoteTransport.Response? {
        guard !disabled else { return nil }
        var headers: [String: String] = [:]
        if let a = config.authorization { headers["Authorization"] = a }
        if body != nil { headers["Content-Type"] = "application/octet-stream" }
        switch transport.send(method, url, headers: headers, body: body, deadline: deadline ?? config.deadline,
                              maxBody: maxBody) {
        case .success(let r):
            return r
        case .failure(let f):
            switch f {
            case .unreachable(let why): noteFailure(why, what: what, switchOff: true)
            case .timedOut(let s): noteFailure("no answer within \(Int(s.rounded(.up))) s", what: what, switchOff: true)
            case .unauthorized: noteFailure(RemoteCache.describe(status: 401), what: what, switchOff: true)
            case .tooLarge: noteFailure("it sent more bytes than expected", what: what, switchOff: false)
            }
            return nil
        }
    }

    /// Counts a failed request; switches the remote off when it cannot get better in this run (no answer,
    /// credentials refused) or after `breakerThreshold` failures in a row. One warning per cause.
    func noteFailure(_ cause: String, what: String, switchOff: Bool, breaker: Bool = true) {
        let off = state.withLock { s -> Bool in
            s.figures.errors += 1
            if breaker { s.failuresInARow += 1 }
            if s.failure == nil { s.failure = "\(cause) (\(what))" }
            guard !s.figures.disabled, switchOff || s.failuresInARow >= RemoteCache.breakerThreshold else { return false }
            s.figures.disabled = true
            return true
        }
        if off {
            warnOnce(cause, "remote cache \(config.display): \(cause) (\(what)); not used for the rest of this build")
        } else {
            warnOnce(cause, "remote cache \(config.display): \(cause) (\(what)); going on without it for that step")
        }
    }

    func warnOnce(_ cause: String, _ message: String) {
        state.withLock { s in if s.warned.insert(cause).inserted { s.warnings.append(message) } }
    }

    static func describe(status: Int) -> String {
        switch status {
        case 401: return "401 Unauthorized (check the user and password in the URL, or ANIMC_REMOTE_CACHE_TOKEN)"
        case 403: return "403 Forbidden (the credentials may not read or write here)"
        case 413: return "413 Payload Too Large"
        case 500..<600: return "server error \(status)"
        default: return "unexpected HTTP status \(status)"
        }
    }
}
