import Foundation
import Hummingbird

/// The kiosk and handheld pages (`Sources/SelfScanServer/Public`, a resource bundle) and `GET /v1/qr.svg`.
enum PageRoutes {
    /// The directory of the bundled pages, if the bundle is present.
    static var publicDirectory: String? {
        Bundle.module.url(forResource: "Public", withExtension: nil)?.path
    }

    static func register(on router: Router<DaemonRequestContext>, daemon: Daemon) {
        if let directory = publicDirectory {
            router.middlewares.add(FileMiddleware(directory, searchForIndexHtml: true, logger: daemon.logger))
        } else {
            daemon.logger.warning("the web pages bundle is missing: only the API is served")
        }
        router.get("v1/qr.svg") { request, _ in
            let qr = try QRRequest(text: request.uri.queryParameters.get("text"))
            let matrix: QRMatrix
            do {
                matrix = try QREncoder.encode(qr.text)
            } catch {
                throw APIError(.unprocessableContent, code: "qrEncoding", "\(error)")
            }
            var headers = HTTPFields()
            headers[.contentType] = "image/svg+xml"
            headers[.cacheControl] = "no-store"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: QRSVGRenderer().render(matrix))))
        }
    }
}
