import GRDB

extension StoreDatabase {
    /// After personal rows were deleted (a customer erased at the referential, retention pruning): copies the
    /// WAL into the file and truncates it, so no old page version of the rows stays in the WAL
    /// (`secure_delete` has already zeroed them in the main file). Best effort: a reader still on an old
    /// snapshot makes SQLite stop early; the next automatic checkpoint finishes the job.
    public func checkpointAfterDeletion() {
        _ = try? writer.writeWithoutTransaction { db in
            try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}
