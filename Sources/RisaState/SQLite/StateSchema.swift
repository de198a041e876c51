import GRDB

/// The run database's tables, as a list of migrations applied in order.
///
/// Conventions: times are INTEGER milliseconds since 1970-01-01 UTC (`*_ms` columns), `Value`s are
/// canonical JSON TEXT, digests are `sha256:<hex>` TEXT. Rows are ordered by their rowid where the
/// order of first recording matters (steps, items), which an upsert keeps.
///
/// A released migration is never edited: a schema change is a new migration appended here.
enum StateSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, steps, attempts, items, events, logs") { db in
            try db.execute(sql: version1)
        }
        return migrator
    }

    private static let version1 = """
        CREATE TABLE runs (
            id TEXT NOT NULL PRIMARY KEY,
            pipeline_name TEXT NOT NULL,
            pipeline_path TEXT NOT NULL,
            params TEXT NOT NULL,
            started_ms INTEGER NOT NULL,
            finished_ms INTEGER,
            status TEXT NOT NULL,
            git_repository TEXT,
            git_commit TEXT,
            git_dirty INTEGER,
            risa_version TEXT NOT NULL,
            environment TEXT NOT NULL,
            summary TEXT NOT NULL,
            process_pid INTEGER,
            process_host TEXT,
            process_start TEXT
        );
        CREATE INDEX runs_by_start ON runs (started_ms, id);
        CREATE INDEX runs_running ON runs (status) WHERE status = 'running';

        CREATE TABLE steps (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            type TEXT NOT NULL,
            action_key TEXT,
            status TEXT NOT NULL,
            cache_reason TEXT,
            started_ms INTEGER,
            finished_ms INTEGER,
            duration_ms INTEGER,
            items_total INTEGER,
            items_ran INTEGER,
            items_cached INTEGER,
            items_failed INTEGER,
            error TEXT,
            UNIQUE (run_id, step_id)
        );

        CREATE TABLE step_outputs (
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            name TEXT NOT NULL,
            digest TEXT NOT NULL,
            path TEXT,
            PRIMARY KEY (run_id, step_id, name),
            FOREIGN KEY (run_id, step_id) REFERENCES steps (run_id, step_id) ON DELETE CASCADE
        ) WITHOUT ROWID;

        CREATE TABLE attempts (
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            started_ms INTEGER NOT NULL,
            finished_ms INTEGER,
            exit_status INTEGER,
            error TEXT,
            PRIMARY KEY (run_id, step_id, number),
            FOREIGN KEY (run_id, step_id) REFERENCES steps (run_id, step_id) ON DELETE CASCADE
        ) WITHOUT ROWID;

        CREATE TABLE items (
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            input_digest TEXT,
            output_digest TEXT,
            error TEXT,
            UNIQUE (run_id, step_id, name),
            FOREIGN KEY (run_id, step_id) REFERENCES steps (run_id, step_id) ON DELETE CASCADE
        );

        CREATE TABLE events (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            sequence INTEGER NOT NULL,
            timestamp_ms INTEGER NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (run_id, sequence)
        ) WITHOUT ROWID;

        CREATE TABLE logs (
            run_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            stream TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (run_id, sequence),
            FOREIGN KEY (run_id, step_id) REFERENCES steps (run_id, step_id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE INDEX logs_by_step ON logs (run_id, step_id, sequence);
        """
}
