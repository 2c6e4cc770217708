import Foundation

/// The one bounded poll of this test target: calls `probe` every `interval` until it returns a value (returned) or
/// `seconds` have passed (nil). Only for states the code under test announces through no event a test can await
/// (a REST view filled by a background pump, a child process's tables); an ordering wait on an event never polls.
func eventually<Value>(
    within seconds: Double = 30, every interval: Duration = .milliseconds(50),
    _ probe: () async throws -> Value?
) async throws -> Value? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if let value = try await probe() { return value }
        try await Task.sleep(for: interval)  // a poll's step, not an ordering sleep
    }
    return try await probe()
}
