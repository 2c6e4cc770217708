public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
public import SelfScanAPI
public import SelfScanCore

extension ReferentialClient {
    /// What a streamed snapshot brought.
    public struct StreamedCatalog: Sendable, Hashable {
        public let version: CatalogVersion
        public let records: Int
    }

    /// Streams the full catalog straight into `catalog` (one transaction, committed at the verified trailer):
    /// no size cap, nothing held in memory beyond a bounded buffer of records. A body cut midway resumes
    /// after the last complete record (`?after=<records>&version=<v>`, docs/sync-protocol.md) into the same
    /// open transaction, up to `resumeAttempts` times; `409 catalogVersionChanged` on a resume rolls the
    /// transaction back and starts over. The resumed answer holds the remaining records and the trailer, whose
    /// hash covers the whole file, so a resumed download verifies exactly like an uncut one.
    public func streamCatalogSnapshot(
        into catalog: any SyncCatalogCache, now: Date, resumeAttempts: Int = 3
    ) async throws -> StreamedCatalog {
        var restarts = 0
        while true {
            var download = SnapshotDownload(catalog: catalog, now: now)
            var cuts = 0
            while true {
                var path = ReferentialEndpoints.catalogSnapshot.url()
                    + "?\(CatalogRecordSelection.queryName)=\(CatalogRecordSelection.suggestionsValue)"
                if let header = download.header {
                    path += "&after=\(download.records)&version=\(header.catalogVersion.rawValue)"
                }
                let response: HTTPClientResponse
                do {
                    response = try await http.execute(streamRequest(path), timeout: .minutes(30))
                } catch {
                    let cut = SyncError(.transport, context: "GET \(path): \(error)")
                    guard download.header != nil, cuts < resumeAttempts else { throw await download.abandon(cut) }
                    cuts += 1
                    continue
                }
                let status = Int(response.status.code)
                if status == 409, download.header != nil, restarts < resumeAttempts {
                    restarts += 1
                    _ = await download.abandon(SyncError(.server, status: 409, context: "catalog moved on: restart"))
                    break  // start over with a new transaction
                }
                guard (200..<300).contains(status) else {
                    var data = Data()
                    do {
                        for try await chunk in response.body where data.count < 64 << 10 {
                            data.append(contentsOf: chunk.readableBytesView)
                        }
                    } catch {}
                    do { try Self.check(status: status, data: data) } catch { throw await download.abandon(error) }
                    throw await download.abandon(SyncError(.server, status: status, context: "unexpected status"))
                }
                let cut = try await download.feed(response.body)
                if download.isFinished { return try await download.commit() }
                guard cuts < resumeAttempts, download.header != nil else {
                    throw await download.abandon(
                        cut ?? SyncError(.transport, context: "catalog snapshot ended after \(download.records) records"))
                }
                cuts += 1
            }
        }
    }

    func streamRequest(_ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .GET
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/x-ndjson, application/json")
        return request
    }
}

/// One snapshot download in progress: the line decoder (its hash spans resumes), the records handed to the
/// open transaction so far, and that transaction.
struct SnapshotDownload {
    let catalog: any SyncCatalogCache
    let now: Date
    private var decoder = CatalogLineDecoder()
    private(set) var header: CatalogFileHeader?
    private(set) var records = 0
    private var stream: CatalogRecordStream?
    private var apply: Task<Void, any Error>?

    init(catalog: any SyncCatalogCache, now: Date) {
        self.catalog = catalog
        self.now = now
    }

    var isFinished: Bool { decoder.isFinished }

    /// Feeds the complete lines of `body`; a last line without its newline (a cut) is dropped, so a resume
    /// starts after the last complete record. Returns the cut, if the body was cut.
    mutating func feed(_ body: HTTPClientResponse.Body) async throws -> SyncError? {
        var pending: [UInt8] = []
        do {
            for try await chunk in body {
                pending.append(contentsOf: chunk.readableBytesView)
                var start = 0
                while let newline = pending[start...].firstIndex(of: 0x0A) {
                    let line = Data(pending[start..<newline])
                    start = newline + 1
                    try await take(line)
                    if decoder.isFinished { return nil }
                }
                pending.removeFirst(start)
                guard pending.count <= CatalogLineDecoder.maximumLineLength else {
                    throw Fatal(error: await abandon(SyncError(.protocolViolation, context: "catalog stream: a line is too long")))
                }
            }
        } catch let failure as Fatal {
            throw failure.error
        } catch {
            return SyncError(.transport, context: "catalog snapshot cut after \(records) records: \(error)")
        }
        return nil
    }

    /// A failure no resume can mend (the stream is wrong, or the apply refused it): already abandoned.
    struct Fatal: Error {
        let error: any Error
    }

    private mutating func take(_ line: Data) async throws(Fatal) {
        do { try await takeLine(line) } catch { throw Fatal(error: error) }
    }

    private mutating func takeLine(_ line: Data) async throws {
        let element: CatalogFileElement
        do { element = try decoder.decode(line: line) } catch {
            throw await abandon(SyncError(.protocolViolation, context: "catalog stream: \(error)"))
        }
        switch element {
        case .header(let value):
            guard header == nil else {
                throw await abandon(SyncError(.protocolViolation, context: "catalog stream: a second header"))
            }
            header = value
            let stream = CatalogRecordStream()
            let catalog = catalog
            let now = now
            self.stream = stream
            apply = Task { try await catalog.apply(header: value, streaming: stream, now: now) }
        case .record(let record):
            guard let stream else {
                throw await abandon(SyncError(.protocolViolation, context: "catalog stream has no header"))
            }
            do {
                try await stream.send(record)
            } catch {
                // The apply stopped (wrong base, disk full, a bad record): its error is the one to report.
                if let apply { try await apply.value }
                throw error
            }
            // (`send` succeeded: the apply holds the record.)
            records += 1
        case .trailer:
            break
        }
    }

    /// The trailer verified: the transaction commits.
    mutating func commit() async throws -> ReferentialClient.StreamedCatalog {
        do { try decoder.finish() } catch {
            throw await abandon(SyncError(.protocolViolation, context: "catalog stream: \(error)"))
        }
        guard let header, let stream, let apply else {
            throw SyncError(.protocolViolation, context: "catalog stream has no header")
        }
        stream.finish()
        try await apply.value
        return .init(version: header.catalogVersion, records: records)
    }

    /// Rolls the open transaction back (if any) and returns `error` to throw.
    func abandon(_ error: any Error) async -> any Error {
        stream?.finish(throwing: error)
        if let apply { _ = try? await apply.value }
        return error
    }
}
