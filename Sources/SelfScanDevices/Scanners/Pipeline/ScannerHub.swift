import Synchronization

/// Anything that produces scanner events: the USB service, an evdev reader, a serial reader.
public protocol ScannerSource: AnyObject, Sendable {
    var events: AsyncStream<ScannerEvent> { get }
    func start() throws(ScannerError)
    func stop()
}

extension USBScannerService: ScannerSource {}
extension EvdevScannerReader: ScannerSource {}

/// Merges every scanner source into one `AsyncSequence` of `ScannerEvent`s and stops them together
/// (call `stop()` on SIGTERM). A source that fails to start is reported as an error event, the others run.
public final class ScannerHub: Sendable {
    public let events: AsyncStream<ScannerEvent>
    private let continuation: AsyncStream<ScannerEvent>.Continuation
    private let sources: [any ScannerSource]
    private let forwarders = Mutex<[Task<Void, Never>]>([])

    public init(sources: [any ScannerSource]) {
        self.sources = sources
        (events, continuation) = AsyncStream.makeStream(of: ScannerEvent.self, bufferingPolicy: .unbounded)
    }

    /// Starts every source; returns the errors of those that could not start (they are also emitted).
    @discardableResult
    public func start() -> [ScannerError] {
        var failures: [ScannerError] = []
        var tasks: [Task<Void, Never>] = []
        for source in sources {
            do {
                try source.start()
            } catch {
                failures.append(error)
                continuation.yield(.error("hub", error))
                continue
            }
            let continuation = self.continuation
            tasks.append(Task {
                for await event in source.events { continuation.yield(event) }
            })
        }
        forwarders.withLock { $0 = tasks }
        let continuation = self.continuation
        Task {
            for task in tasks { await task.value }
            continuation.finish()
        }
        return failures
    }

    /// Stops every source (releasing and reattaching devices); the event stream then finishes.
    public func stop() {
        for source in sources { source.stop() }
    }
}
