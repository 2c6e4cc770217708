import Foundation
import Testing

/// Two `selfscan serve` processes on one data directory would derive the same event ids for different
/// scans: the second one refuses to start, with a clear message, and the lock goes with the first process.
@Suite("one daemon per data directory")
struct DataDirectoryLockTests {
    @Test func secondDaemonOnTheSameDataDirRefusesToStart() async throws {
        let directory = try makeTemporaryDirectory("lock")
        let configPath = directory + "/selfscan.json"
        let config = """
            {"store":"FR-0042","device":"kiosk-lock","role":"kiosk","dataDir":"\(directory)/data",
             "listen":{"host":"127.0.0.1","port":0},"logLevel":"info","catalogSeed":"frenchHypermarketDemo"}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        let first = try ServeChild(config: configPath)
        let pid = first.process.pid
        do {
            let second = try ServeChild(config: configPath)
            second.terminate()
            Issue.record("a second daemon started on the same data directory")
        } catch ServeChildError.noPort(let log) {
            #expect(log.contains("is in use by another selfscan process (pid \(pid))"), "\(log)")
        }
        let (status, _) = try await first.call(.GET, "/v1/health")
        #expect(status == 200)
        first.kill9()
        // kill -9 leaves no stale lock: the kernel dropped it with the process.
        let third = try ServeChild(config: configPath)
        third.terminate()
    }
}
