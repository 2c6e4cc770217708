public import Foundation
import GRDB
public import SelfScanCore

extension BasketStore {
    /// Sessions in `states` whose last change is older than `before`, oldest first, at most `limit` (the
    /// daemon's idle sweep; the `basket_session(state, updatedAt)` index serves it).
    public func sessionIDs(
        inStates states: [String], updatedBefore before: Date, limit: Int
    ) throws(StorageError) -> [SessionID] {
        guard !states.isEmpty, limit > 0 else { return [] }
        return try database.read(doing: "listing idle sessions") { db in
            var arguments = StatementArguments(states)
            arguments += [Milliseconds.from(before), limit]
            return try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM basket_session WHERE state IN (\(databaseQuestionMarks(count: states.count)))
                    AND updatedAt < ? ORDER BY updatedAt LIMIT ?
                    """,
                arguments: arguments
            ).compactMap(SessionID.init(uuidString:))
        }
    }
}
