import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanServer
import Testing

/// The pages are ES modules: a browser runs a module script only when it is served with a JavaScript MIME type,
/// and the Content-Security-Policy sent with each page must allow the daemon's own scripts (and nothing inline).
@Suite("Page headers: JavaScript MIME type, Content-Security-Policy, nosniff")
struct PageSecurityHeadersTests {
    private func head(_ client: any TestClientProtocol, _ path: String) async throws -> (HTTPResponse.Status, HTTPFields) {
        try await client.execute(uri: path, method: .get, headers: [:], body: nil) { response in
            (response.status, response.headers)
        }
    }

    @Test func pagesCarryAPolicyThatAllowsTheirModulesAndScriptsAreJavaScript() async throws {
        try await withLiveDaemon(testConfig(dataDirectory: try makeTemporaryDirectory())) { _, client in
            for page in ["/kiosk.html", "/handheld.html", "/phone.html", "/pass.html", "/e-receipt.html", "/index.html"] {
                let (status, headers) = try await head(client, page)
                #expect(status == .ok, "\(page)")
                let policy = try #require(headers[.contentSecurityPolicy], "\(page) has a Content-Security-Policy")
                #expect(policy.contains("script-src 'self'"), "\(page): \(policy)")
                #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "\(page): \(policy)")
                #expect(policy.contains("connect-src 'self'"), "the API and its event stream: \(policy)")
                #expect(headers[.xContentTypeOptions] == "nosniff")
            }
            for script in ["/js/shell.js", "/js/kiosk.js", "/js/i18n.js"] {
                let (status, headers) = try await head(client, script)
                #expect(status == .ok, "\(script)")
                let type = headers[.contentType]?.split(separator: ";").first.map(String.init)
                #expect(type == "text/javascript", "\(script) is served as \(type ?? "nothing")")
                #expect(headers[.xContentTypeOptions] == "nosniff")
                #expect(headers[.contentSecurityPolicy] == nil, "a policy goes with documents, not scripts")
            }
        }
    }
}
