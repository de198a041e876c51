internal import CCurl

/// libcurl as Risa links it.
public enum CurlLibrary {
    /// The linked libcurl version and its TLS backend, for example `8.0.1 (OpenSSL/3.0.11)`.
    public static var version: String {
        guard let info = risa_curl_version_info() else { return "unknown" }
        let version = String(cString: info.pointee.version)
        guard let ssl = info.pointee.ssl_version else { return version }
        return "\(version) (\(String(cString: ssl)))"
    }
}
