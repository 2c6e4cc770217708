import Testing
@testable import SelfScanServer

/// Issue 16 item 5: the browser guard's one-pass check of plain paths must never let through a path the full
/// check refuses (it only skips decoding when there is nothing to decode).
@Suite("Browser guard: the plain-path fast check agrees with the full check")
struct BrowserGuardPlainPathTests {
    static let paths = [
        "/v1/sessions/9F1C2B3A-0000-4000-8000-000000000000/scans", "/", "", "/kiosk.html", "/a/b.c/d",
        "/..", "/.", "/a/../b", "/a/./b", "/a/..", "/a/.", "../a", "./a", "/...", "/a..b", "/.hidden", "//",
        "/a\\b", "/%2e%2e/x", "/%2F", "/kiosk.html%00.png", "/caf%C3%A9", "/a b", "/é", "/tab\tx", "/del\u{7F}",
        "/x%zz",
    ]

    func fullCheckPasses(_ path: String) -> Bool {
        do throws(APIError) {
            try BrowserGuardPolicy.checkEncodedPath(path)
            return true
        } catch {
            return false
        }
    }

    @Test(arguments: paths) func plainImpliesAccepted(_ path: String) {
        if BrowserGuardPolicy.isPlainPath(path) { #expect(fullCheckPasses(path)) }
    }

    @Test func plainPathsAreRecognised() {
        #expect(BrowserGuardPolicy.isPlainPath("/v1/sessions/9F1C2B3A-0000-4000-8000-000000000000/scans"))
        #expect(BrowserGuardPolicy.isPlainPath("/.hidden/a...b"))
        for refused in ["/..", "/a/./b", "/a/..", "/%2e%2e/x", "/a\\b", "/kiosk.html%00.png"] {
            #expect(!BrowserGuardPolicy.isPlainPath(refused), "\(refused)")
        }
    }
}
