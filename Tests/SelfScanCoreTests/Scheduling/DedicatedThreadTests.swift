import SelfScanCore
import Testing

@Suite("DedicatedThread: blocking work off the cooperative pool")
struct DedicatedThreadTests {
    struct Refused: Error, Equatable {}

    @Test func runReturnsTheBodysValue() async {
        #expect(await DedicatedThread.run(name: "test-run") { 6 * 7 } == 42)
    }

    @Test func runThrowsTheBodysError() async {
        await #expect(throws: Refused()) {
            try await DedicatedThread.run(name: "test-throw") { () throws(Refused) -> Int in throw Refused() }
        }
    }
}
