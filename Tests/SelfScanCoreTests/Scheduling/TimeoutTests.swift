import SelfScanCore
import Testing

@Suite("withTimeout: the one failure bound")
struct TimeoutTests {
    struct Broken: Error, Equatable {}

    @Test func aBodyThatFinishesGivesItsValue() async {
        #expect(await withTimeout(.seconds(30)) { 42 } == 42)
    }

    @Test("a body that never finishes is cancelled at the limit: nil")
    func aBodyThatNeverFinishesGivesNil() async {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        defer { continuation.finish() }
        let first = await withTimeout(.milliseconds(50)) { () async -> Int? in
            for await value in stream { return value }
            return -1  // ended by the cancellation
        }
        #expect(first == nil)
    }

    @Test func aBodysErrorIsThrown() async {
        await #expect(throws: Broken()) {
            _ = try await withTimeout(.seconds(30)) { () async throws(Broken) -> Int in throw Broken() }
        }
    }
}
