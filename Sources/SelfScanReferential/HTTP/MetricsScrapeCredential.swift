import Crypto
import Foundation
import SelfScanAPI

/// `GET /v1/metrics`'s own credential: the bearer token the node was configured with for Prometheus
/// (`selfscan referential serve --metrics-token-file`), never a device's, customer's or admin token (a kiosk
/// has no business reading the chain's counters). No token configured: the route does not exist (404
/// `notFound`, like any unknown route, so an unconfigured node reveals nothing). A wrong or missing token:
/// 401 `unauthorized`. The comparison is on SHA-256 digests, in constant time.
struct MetricsScrapeCredential: Sendable {
    private let digest: [UInt8]?

    init(_ token: String?) {
        let trimmed = token?.trimmingCharacters(in: .whitespacesAndNewlines)
        digest = trimmed.flatMap { $0.isEmpty ? nil : Array(SHA256.hash(data: Data($0.utf8))) }
    }

    func check(_ authorization: String?) throws(APIError) {
        guard let digest else { throw APIError(.notFound, "no route \(ReferentialEndpoints.metrics.path)") }
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            throw APIError(.unauthorized, "the metrics scrape token is required")
        }
        let given = authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        let candidate = Array(SHA256.hash(data: Data(given.utf8)))
        var difference: UInt8 = 0
        for (left, right) in zip(candidate, digest) { difference |= left ^ right }
        guard difference == 0 else { throw APIError(.unauthorized, "the metrics scrape token is required") }
    }
}
