@testable import SelfScanReferential
import Testing

@Suite("Referential: database URLs")
struct DatabaseLocationTests {
    @Test("schema and pool size come from the URL's query; the pool is 16 unless told")
    func poolSize() throws {
        let plain = try PostgresLocation(url: "postgres://ref@db.example:6432/selfscan")
        #expect(plain.connections == 16)
        #expect(plain.schema == nil)
        #expect(plain.port == 6432)
        let sized = try PostgresLocation(url: "postgres://ref:pw@db/selfscan?schema=chain_a&connections=4")
        #expect(sized.connections == 4)
        #expect(sized.schema == "chain_a")
        #expect(sized.description == "postgres://ref@db:5432/selfscan?schema=chain_a&connections=4")
        #expect(try PostgresLocation(url: sized.description).connections == 4)
        for bad in ["0", "-1", "1001", "four", ""] {
            #expect(throws: ReferentialError.self, "\(bad)") {
                try PostgresLocation(url: "postgres://ref@db/selfscan?connections=\(bad)")
            }
        }
    }
}
