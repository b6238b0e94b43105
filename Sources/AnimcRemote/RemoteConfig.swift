import AnimcBasics
import Foundation

/// Where the shared cache is and how to talk to it, from `--remote-cache URL` (or `ANIMC_REMOTE_CACHE`),
/// `ANIMC_REMOTE_CACHE_TOKEN`, `--remote-read-only` and `--remote-required`. The password and the token are
/// kept out of `display`, which is the only form of the address any message, log or report shows.
public struct RemoteConfig: Sendable, Equatable {
    /// The base URL without user info and without a trailing slash: `…/ac/<key>` and `…/cas/<sha256>` hang off it.
    public let base: URL
    /// The address for people: scheme, host, port and path; never the user info.
    public let display: String
    /// `Authorization` header value, if any (basic from the URL's user info, else a bearer token).
    let authorization: String?
    /// Download, never upload.
    public var readOnly = false
    /// A remote failure fails the build.
    public var required = false
    /// Seconds to wait for a connection or between bytes; every request also has an overall deadline.
    public var connectTimeout: Double = 2
    /// Seconds one small request may take in all (objects get more: one more second per MiB).
    public var deadline: Double = 3

    /// Parses `url`. Only `http` and `https` with a host are accepted; the error message never repeats the
    /// user info.
    public init(url text: String, token: String? = nil) throws(RemoteError) {
        guard var c = URLComponents(string: text), let scheme = c.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = c.host, !host.isEmpty else {
            throw RemoteError("--remote-cache: '\(RemoteConfig.redact(text))' is not an http:// or https:// URL with a host")
        }
        guard c.query == nil, c.fragment == nil else {
            throw RemoteError("--remote-cache: '\(RemoteConfig.redact(text))' has a query or a fragment; give the base URL only")
        }
        var auth: String?
        if let user = c.percentEncodedUser {
            let u = user.removingPercentEncoding ?? user
            let p = c.percentEncodedPassword.map { $0.removingPercentEncoding ?? $0 } ?? ""
            auth = "Basic " + Data("\(u):\(p)".utf8).base64EncodedString()
        } else if let token, !token.isEmpty {
            auth = "Bearer " + token
        }
        c.user = nil
        c.password = nil
        while c.path.hasSuffix("/") { c.path.removeLast() }
        guard let url = c.url else {
            throw RemoteError("--remote-cache: '\(RemoteConfig.redact(text))' is not a valid URL")
        }
        base = url
        display = url.absoluteString
        authorization = auth
    }

    /// `text` with any user info replaced by `***` (for messages about a URL that did not parse).
    public static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text.contains("@") ? "***" : text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "***@" + String(rest[rest.index(after: at)...])
    }

    /// `…/ac/<key>` or `…/cas/<digest>`. The digest type is 64 lowercase hex digits by construction; the
    /// text is checked again here, so nothing else ever reaches a URL.
    func url(_ area: Area, _ d: Digest) -> URL? {
        guard RemoteConfig.isDigest(d.hex) else { return nil }
        return base.appendingPathComponent(area.rawValue).appendingPathComponent(d.hex)
    }

    enum Area: String { case ac, cas }

    /// True for exactly 64 lowercase hexadecimal digits.
    public static func isDigest(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    public static func == (a: RemoteConfig, b: RemoteConfig) -> Bool {
        a.base == b.base && a.authorization == b.authorization && a.readOnly == b.readOnly && a.required == b.required
    }
}

public struct RemoteError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
