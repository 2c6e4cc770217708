import Foundation
import SelfScanAPI
@testable import SelfScanSync
import Testing

/// Issue 16 item 1: the daemon reads the ingest answer without `JSONDecoder` when it has the referential's plain
/// shape, and leaves every other document to the decoder, so both paths agree on what they accept.
@Suite("Ingest answers read without JSONDecoder")
struct IngestAnswerReaderTests {
    private static let outcomes: [IngestOutcome] = [.accepted, .duplicate, .rejected]
    private static let reasons: [IngestRejection?] = [nil, .invalidPayload, .conflictingDuplicate, .wrongStore]

    @Test("the encoder's answers read to the decoder's values")
    func encoderAnswers() throws {
        for round in 0..<300 {
            let results = (0..<(round % 7)).map { index in
                IngestItemResult(
                    id: UUID().uuidString, outcome: Self.outcomes[(round + index) % 3],
                    reason: Self.reasons[(round + 2 * index) % 4],
                    detail: index % 3 == 0 ? "detail \(round) / \(index)" : nil)
            }
            let data = try ProtocolJSON.encoder().encode(IngestResponse(results: results))
            let read = try #require(IngestAnswerReader.read(data), "\(String(decoding: data, as: UTF8.self))")
            #expect(read == IngestResponse(results: results))
            #expect(read == (try ProtocolJSON.decoder().decode(IngestResponse.self, from: data)))
        }
    }

    @Test("spaces, key order and an unknown reason read like the decoder reads them")
    func looserShapes() throws {
        let text = """
             { "results" : [ { "reason" : "fromTheFuture", "outcome" : "rejected", "id" : "a" } ,
            {"id":"b","outcome":"accepted"} ] }\n
            """
        let data = Data(text.utf8)
        let read = try #require(IngestAnswerReader.read(data))
        #expect(read == (try ProtocolJSON.decoder().decode(IngestResponse.self, from: data)))
        #expect(read.results.first?.reason == .unrecognised)
    }

    @Test("anything outside the plain shape is left to the decoder", arguments: [
        #"{"results":[{"id":"a\"b","outcome":"accepted"}]}"#,  // an escape
        #"{"results":[{"id":"é","outcome":"accepted"}]}"#,  // non-ASCII
        #"{"results":[{"id":"a","outcome":"accepted","detail":null}]}"#,  // null
        #"{"results":[{"id":"a","outcome":"accepted","extra":"x"}]}"#,  // an unknown key
        #"{"results":[{"id":"a","id":"b","outcome":"accepted"}]}"#,  // a repeated key
        #"{"results":[{"id":"a","outcome":"maybe"}]}"#,  // an unknown outcome (the decoder refuses it)
        #"{"results":[{"outcome":"accepted"}]}"#,  // no id (the decoder refuses it)
        #"{"results":[],"more":1}"#,  // another member
        #"{"results":[]} x"#,  // trailing bytes
        #"{"results":[{"id":"a","outcome":"accepted"}"#,  // cut
    ])
    func leftToTheDecoder(text: String) {
        #expect(IngestAnswerReader.read(Data(text.utf8)) == nil)
    }

    @Test("an empty answer reads as no results")
    func empty() throws {
        #expect(IngestAnswerReader.read(Data(#"{"results":[]}"#.utf8)) == IngestResponse(results: []))
    }
}
