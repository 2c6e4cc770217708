import Logging

/// Publishes suggestions every `intervalSeconds` while the referential serves (the counts themselves move at
/// every ingest; this turns them into catalog records daemons pull with their next delta). Stops when cancelled.
struct SuggestionRefresher: Sendable {
    let store: any ReferentialStore
    let intervalSeconds: Int
    let logger: Logger

    func run() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(intervalSeconds))
            } catch {
                return  // cancelled: the server stopped
            }
            do {
                let result = try await store.publishSuggestions()
                if result.published > 0 {
                    logger.info(
                        "suggestions published",
                        metadata: ["version": "\(result.catalogVersion.rawValue)", "records": "\(result.published)"])
                }
            } catch {
                logger.error("publishing suggestions failed (retried at the next interval)", metadata: ["error": "\(error)"])
            }
        }
    }
}
