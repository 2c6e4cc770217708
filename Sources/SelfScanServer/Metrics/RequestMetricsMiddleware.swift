import Hummingbird

/// Records each request's latency in `selfscan_api_request_duration_seconds{route,method,status}`, keyed by
/// the matched route pattern (`/v1/sessions/{id}/scans`), not the raw path, so cardinality stays bounded.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: DaemonMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        do {
            let response = try await next(request, context)
            record(context: context, method: method, status: Int(response.status.code), since: start)
            return response
        } catch {
            record(context: context, method: method, status: Int(APIError(mapping: error).status.code), since: start)
            throw error
        }
    }

    private func record(context: Context, method: String, status: Int, since start: ContinuousClock.Instant) {
        let route = context.endpointPath ?? "unmatched"
        metrics.requestTimer(route: route, method: method, status: status)
            .recordNanoseconds(Int64((ContinuousClock.now - start) / .nanoseconds(1)))
    }
}
