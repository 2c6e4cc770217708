import Foundation
import SelfScanAPI
import SelfScanSync
import Testing

/// Rejection reasons are an open set within v1: a reason this build does not know never fails the whole answer.
@Suite("Ingest answers from a newer referential")
struct IngestAnswerCompatibilityTests {
    @Test("an unknown rejection reason decodes as unrecognised (non-final); known ones as themselves")
    func unknownReasonDecodes() throws {
        let json = #"{"results":[{"id":"a","outcome":"rejected","reason":"somethingNew","detail":"x"},"#
            + #"{"id":"b","outcome":"rejected","reason":"wrongStore"},{"id":"c","outcome":"accepted"}]}"#
        let answer = try ProtocolJSON.decoder().decode(IngestResponse.self, from: Data(json.utf8))
        #expect(answer.results.map(\.reason) == [.unrecognised, .wrongStore, nil])
        #expect(answer.results.first?.reason?.isFinal == false)
    }
}
