/// `body`'s result, or nil when `limit` passes first: the one timeout of the code base (a wait on an event with
/// a failure bound, a command's overall deadline). On timeout `body` is cancelled and this returns once it has
/// ended, so `body` must honour cancellation (an `AsyncStream` loop, `Task.sleep` and awaits on tasks do). An
/// error `body` throws before the limit is this call's.
public func withTimeout<Value: Sendable, Failure: Error>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws(Failure) -> Value
) async throws(Failure) -> Value? {
    let outcome: TimeoutOutcome<Value, Failure> = await withTaskGroup(of: TimeoutOutcome<Value, Failure>.self) { group in
        group.addTask {
            do throws(Failure) {
                return .finished(.success(try await body()))
            } catch {
                return .finished(.failure(error))
            }
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return .timedOut
        }
        let first = await group.next() ?? .timedOut
        group.cancelAll()
        return first
    }
    switch outcome {
    case .finished(let result): return try result.get()
    case .timedOut: return nil
    }
}

private enum TimeoutOutcome<Value: Sendable, Failure: Error>: Sendable {
    case finished(Result<Value, Failure>)
    case timedOut
}
