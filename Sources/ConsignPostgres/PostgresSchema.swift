import ConsignCore

/// The register's schema on PostgreSQL and the roles that hold each user to their part, as
/// `consign db setup` makes them: named migrations, applied once each in order and never changed once
/// released (a new one is added below the last), run by a database administrator.
///
/// What the database enforces: the schema and its tables belong to `consign_owner`, a role nobody logs in
/// as; `consign_procurement`, `consign_staff`, `consign_privacy` and `consign_auditor` may read the
/// register, and nobody may UPDATE, DELETE or TRUNCATE it (triggers `ENABLE ALWAYS`, so a replica session
/// does not skip them). Events are appended only through `consign.append_event`, a SECURITY DEFINER
/// function that reads the event's kind, operator and time from its canonical body and checks them against
/// the caller: a kind the caller's role may append, the caller's own login (`session_user`), and the time
/// `consign.begin_append` handed out in this transaction after taking the chain lock. Sequence numbers and
/// chain links are unique, so a fork cannot commit. A superuser or the owner can still change anything:
/// the HMAC chain and the anchors held outside the database are what catch that.
public enum PostgresSchema {
    static let owner = "consign_owner"

    /// The key of the advisory lock every append takes in its transaction: appends serialise on the chain head.
    static let chainLock: Int64 = 0x636F_6E73_6967_6E00  // "consign\0"

    /// The roles, made when missing (roles belong to the whole server, so several databases share them).
    static let roles: [String] = {
        let names = [owner] + Role.allCases.map(\.databaseRole)
        return names.map { name in
            // Two setups at once (two databases on one server) may both find a role missing: the second's
            // CREATE waits for the first's and then finds it made.
            """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(name)') THEN CREATE ROLE \(name) NOLOGIN; END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$
            """
        }
    }()

    /// The named migrations, in order. Each runs as `consign_owner` in the `consign` schema.
    static let migrations: [(name: String, statements: [String])] = [
        ("v1-shared-register", v1), ("v2-incidents-and-contractor-reports", v2), ("v3-secure-delivery", v3),
        ("v4-provisions-and-requests", v4), ("v5-statistics-releases", v5),
        ("v6-anonymised-releases", v6),
    ]

    /// Anonymised records and their notices are the staff's, who make them from the customer data as they make
    /// extracts and record the notices in the same append as the release.
    private static let v6: [String] = [
        """
            CREATE OR REPLACE FUNCTION consign.may_append(kind text) RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT CASE
                    WHEN kind IN ('contractor-registered', 'agreement-registered', 'contractor-status', 'contractor-evaluated',
                                  'contractor-report', 'contractor-key')
                        THEN pg_has_role(session_user, 'consign_procurement', 'MEMBER')
                    WHEN kind IN ('transfer', 'deletion-confirmed', 'pseudonym-rotation', 'package-signature', 'provision-record',
                                  'statistics-release', 'anonymised-release', 'anonymised-notice')
                        THEN pg_has_role(session_user, 'consign_staff', 'MEMBER')
                    WHEN kind IN ('subject-stop-use', 'incident', 'incident-report', 'subject-request', 'request-answer',
                                  'recipient-notice')
                        THEN pg_has_role(session_user, 'consign_privacy', 'MEMBER')
                    ELSE false
                END
            $$
            """
    ]

    /// A statistical table's release is the staff's, who make it from the customer data as they make extracts.
    private static let v5: [String] = [
        """
            CREATE OR REPLACE FUNCTION consign.may_append(kind text) RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT CASE
                    WHEN kind IN ('contractor-registered', 'agreement-registered', 'contractor-status', 'contractor-evaluated',
                                  'contractor-report', 'contractor-key')
                        THEN pg_has_role(session_user, 'consign_procurement', 'MEMBER')
                    WHEN kind IN ('transfer', 'deletion-confirmed', 'pseudonym-rotation', 'package-signature', 'provision-record',
                                  'statistics-release')
                        THEN pg_has_role(session_user, 'consign_staff', 'MEMBER')
                    WHEN kind IN ('subject-stop-use', 'incident', 'incident-report', 'subject-request', 'request-answer',
                                  'recipient-notice')
                        THEN pg_has_role(session_user, 'consign_privacy', 'MEMBER')
                    ELSE false
                END
            $$
            """
    ]


    /// The record of a provision to a third party (APPI Art. 29) is the staff's: it is appended with the transfer
    /// it records, by whoever appends that. People's requests, their answers and the notices to recipients are the
    /// privacy office's.
    private static let v4: [String] = [
        """
            CREATE OR REPLACE FUNCTION consign.may_append(kind text) RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT CASE
                    WHEN kind IN ('contractor-registered', 'agreement-registered', 'contractor-status', 'contractor-evaluated',
                                  'contractor-report', 'contractor-key')
                        THEN pg_has_role(session_user, 'consign_procurement', 'MEMBER')
                    WHEN kind IN ('transfer', 'deletion-confirmed', 'pseudonym-rotation', 'package-signature', 'provision-record')
                        THEN pg_has_role(session_user, 'consign_staff', 'MEMBER')
                    WHEN kind IN ('subject-stop-use', 'incident', 'incident-report', 'subject-request', 'request-answer',
                                  'recipient-notice')
                        THEN pg_has_role(session_user, 'consign_privacy', 'MEMBER')
                    ELSE false
                END
            $$
            """
    ]

    /// A contractor's delivery key is procurement's to register (it supervises contractors); a rotation of the
    /// pseudonym keys and a package's signature, the staff's (only the master key, which they hold, derives
    /// pseudonyms and the company's signing key).
    private static let v3: [String] = [
        """
            CREATE OR REPLACE FUNCTION consign.may_append(kind text) RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT CASE
                    WHEN kind IN ('contractor-registered', 'agreement-registered', 'contractor-status', 'contractor-evaluated',
                                  'contractor-report', 'contractor-key')
                        THEN pg_has_role(session_user, 'consign_procurement', 'MEMBER')
                    WHEN kind IN ('transfer', 'deletion-confirmed', 'pseudonym-rotation', 'package-signature')
                        THEN pg_has_role(session_user, 'consign_staff', 'MEMBER')
                    WHEN kind IN ('subject-stop-use', 'incident', 'incident-report')
                        THEN pg_has_role(session_user, 'consign_privacy', 'MEMBER')
                    ELSE false
                END
            $$
            """
    ]

    /// Incidents and the company's reports of them are the privacy office's to record; the reports
    /// contractors send, procurement's (who supervises them).
    private static let v2: [String] = [
        """
            CREATE OR REPLACE FUNCTION consign.may_append(kind text) RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT CASE
                    WHEN kind IN ('contractor-registered', 'agreement-registered', 'contractor-status', 'contractor-evaluated',
                                  'contractor-report')
                        THEN pg_has_role(session_user, 'consign_procurement', 'MEMBER')
                    WHEN kind IN ('transfer', 'deletion-confirmed') THEN pg_has_role(session_user, 'consign_staff', 'MEMBER')
                    WHEN kind IN ('subject-stop-use', 'incident', 'incident-report')
                        THEN pg_has_role(session_user, 'consign_privacy', 'MEMBER')
                    ELSE false
                END
            $$
            """
    ]

    /// What a user holding no consign role can still read: nothing; what each role can do is granted here.
    private static let v1: [String] = [
        """
            CREATE TABLE consign.event (
                sequence bigint PRIMARY KEY CHECK (sequence >= 1),
                kind text NOT NULL,
                contractor text NOT NULL,
                body bytea NOT NULL,
                chain_hash text NOT NULL,
                previous_hash text NOT NULL UNIQUE
            )
            """,
        """
            CREATE INDEX event_by_kind ON consign.event (kind, sequence)
            """,
        """
            CREATE TABLE consign.document (
                sha256 text PRIMARY KEY,
                bytes bytea NOT NULL
            )
            """,
        """
            CREATE TABLE consign.transfer_subjects (
                event bigint NOT NULL REFERENCES consign.event (sequence),
                first_hash bytea NOT NULL,
                hashes bytea NOT NULL,
                PRIMARY KEY (event, first_hash)
            )
            """,
        """
            CREATE TABLE consign.transfer_index (
                id text PRIMARY KEY, event bigint NOT NULL REFERENCES consign.event (sequence), subjects integer NOT NULL
            )
            """,
        """
            CREATE INDEX transfer_by_size ON consign.transfer_index (subjects)
            """,
        """
            CREATE TABLE consign.deletion_index (
                transfer text PRIMARY KEY, event bigint NOT NULL REFERENCES consign.event (sequence)
            )
            """,
        """
            CREATE TABLE consign.stop_use_index (
                subject bytea NOT NULL, event bigint NOT NULL REFERENCES consign.event (sequence), PRIMARY KEY (subject, event)
            )
            """,
        """
            CREATE INDEX stop_use_by_event ON consign.stop_use_index (event)
            """,
        """
            CREATE TABLE consign.subject_index (
                subject bytea NOT NULL, event bigint NOT NULL REFERENCES consign.event (sequence), PRIMARY KEY (subject, event)
            )
            """,
        // The stamp begin_append handed out: the operator and time the transaction's events must carry. At most
        // one row, replaced under the chain lock; not part of the register.
        """
            CREATE TABLE consign.append_stamp (
                transaction xid8 PRIMARY KEY, operator text NOT NULL, recorded_at text NOT NULL
            )
            """,
        """
            CREATE FUNCTION consign.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the register is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
                    USING ERRCODE = 'CN002', DETAIL = TG_TABLE_NAME;
            END $$
            """,
        // An event must extend the chain by one, and the rows stored beside an event belong to the event being
        // appended: what an INSERT past the functions (by the owner or a superuser) still meets.
        """
            CREATE FUNCTION consign.refuse_gap() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                head record;
            BEGIN
                SELECT sequence, chain_hash INTO head FROM consign.event ORDER BY sequence DESC LIMIT 1;
                IF NEW.sequence <> COALESCE(head.sequence, 0) + 1
                   OR NEW.previous_hash IS DISTINCT FROM COALESCE(head.chain_hash, repeat('0', 64)) THEN
                    RAISE EXCEPTION 'the register is append-only: event % does not extend the chain (the last is %)',
                        NEW.sequence, COALESCE(head.sequence, 0) USING ERRCODE = 'CN002', DETAIL = 'event';
                END IF;
                RETURN NEW;
            END $$
            """,
        """
            CREATE FUNCTION consign.refuse_old_rows() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.event IS DISTINCT FROM (SELECT max(sequence) FROM consign.event) THEN
                    RAISE EXCEPTION 'the register is append-only: rows of %.% belong to the event being appended',
                        TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'CN002', DETAIL = TG_TABLE_NAME;
                END IF;
                RETURN NEW;
            END $$
            """,
        """
            DO $$
            DECLARE t text;
            BEGIN
                FOREACH t IN ARRAY ARRAY['event', 'document', 'transfer_subjects', 'transfer_index', 'deletion_index',
                                         'stop_use_index', 'subject_index'] LOOP
                    EXECUTE format('CREATE TRIGGER %1$s_refuses_change BEFORE UPDATE OR DELETE ON consign.%1$s '
                        'FOR EACH ROW EXECUTE FUNCTION consign.refuse_change()', t);
                    EXECUTE format('CREATE TRIGGER %1$s_refuses_truncate BEFORE TRUNCATE ON consign.%1$s '
                        'FOR EACH STATEMENT EXECUTE FUNCTION consign.refuse_change()', t);
                    EXECUTE format('ALTER TABLE consign.%1$s ENABLE ALWAYS TRIGGER %1$s_refuses_change', t);
                    EXECUTE format('ALTER TABLE consign.%1$s ENABLE ALWAYS TRIGGER %1$s_refuses_truncate', t);
                    IF t = 'event' THEN
                        CREATE TRIGGER event_extends_chain BEFORE INSERT ON consign.event
                            FOR EACH ROW EXECUTE FUNCTION consign.refuse_gap();
                        ALTER TABLE consign.event ENABLE ALWAYS TRIGGER event_extends_chain;
                    ELSIF t <> 'document' THEN
                        EXECUTE format('CREATE TRIGGER %1$s_of_newest_event BEFORE INSERT ON consign.%1$s '
                            'FOR EACH ROW EXECUTE FUNCTION consign.refuse_old_rows()', t);
                        EXECUTE format('ALTER TABLE consign.%1$s ENABLE ALWAYS TRIGGER %1$s_of_newest_event', t);
                    END IF;
                END LOOP;
            END $$
            """,
        // The kind, time and operator of a canonical record (its first three pairs, in that order, each part
        // prefixed by its length as a 32-bit big-endian integer after the magic line).
        """
            CREATE FUNCTION consign.record_head(body bytea) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT AS $$
            DECLARE
                magic constant bytea := convert_to(E'consign/event/v1\\n', 'UTF8');
                position integer := length(magic);
                n bigint;
                parts text[] := '{}';
            BEGIN
                IF substring(body FROM 1 FOR length(magic)) IS DISTINCT FROM magic THEN
                    RAISE EXCEPTION 'not a consign event record' USING ERRCODE = 'CN003';
                END IF;
                FOR i IN 1..6 LOOP
                    IF length(body) < position + 4 THEN
                        RAISE EXCEPTION 'not a consign event record' USING ERRCODE = 'CN003';
                    END IF;
                    n := (get_byte(body, position)::bigint << 24) | (get_byte(body, position + 1) << 16)
                        | (get_byte(body, position + 2) << 8) | get_byte(body, position + 3);
                    position := position + 4;
                    IF length(body) < position + n THEN
                        RAISE EXCEPTION 'not a consign event record' USING ERRCODE = 'CN003';
                    END IF;
                    parts := parts || convert_from(substring(body FROM position + 1 FOR n::integer), 'UTF8');
                    position := position + n::integer;
                END LOOP;
                IF parts[1] <> 'kind' OR parts[3] <> 'recorded-at' OR parts[5] <> 'recorded-by' THEN
                    RAISE EXCEPTION 'not a consign event record' USING ERRCODE = 'CN003';
                END IF;
                RETURN ARRAY[parts[2], parts[4], parts[6]];
            END $$
            """,
        // Whether the session's login holds the role that may append events of a kind.
        """
            CREATE FUNCTION consign.may_append(kind text) RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT CASE
                    WHEN kind IN ('contractor-registered', 'agreement-registered', 'contractor-status', 'contractor-evaluated')
                        THEN pg_has_role(session_user, 'consign_procurement', 'MEMBER')
                    WHEN kind IN ('transfer', 'deletion-confirmed') THEN pg_has_role(session_user, 'consign_staff', 'MEMBER')
                    WHEN kind = 'subject-stop-use' THEN pg_has_role(session_user, 'consign_privacy', 'MEMBER')
                    ELSE false
                END
            $$
            """,
        // Stores an event with its subject chunks and derived rows, as the next link of the chain: the owner's
        // own step, which append_event calls after its checks and `consign db import` calls as the owner.
        """
            CREATE FUNCTION consign.insert_event(
                p_sequence bigint, p_contractor text, p_body bytea, p_chain_hash text, p_chunks bytea[],
                p_transfer_id text, p_transfer_subjects integer, p_deletion_of text, p_stop_use bytea, p_subjects bytea[]
            ) RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, consign AS $$
            DECLARE
                head record;
                kind text := (consign.record_head(p_body))[1];
            BEGIN
                SELECT sequence, chain_hash INTO head FROM consign.event ORDER BY sequence DESC LIMIT 1;
                INSERT INTO consign.event (sequence, kind, contractor, body, chain_hash, previous_hash)
                VALUES (p_sequence, kind, p_contractor, p_body, p_chain_hash, COALESCE(head.chain_hash, repeat('0', 64)));
                INSERT INTO consign.transfer_subjects (event, first_hash, hashes)
                SELECT p_sequence, substring(chunk FROM 1 FOR 8), chunk FROM unnest(p_chunks) AS chunk;
                IF p_transfer_id IS NOT NULL THEN
                    INSERT INTO consign.transfer_index (id, event, subjects) VALUES (p_transfer_id, p_sequence, p_transfer_subjects);
                END IF;
                IF p_deletion_of IS NOT NULL THEN
                    INSERT INTO consign.deletion_index (transfer, event) VALUES (p_deletion_of, p_sequence);
                END IF;
                IF p_stop_use IS NOT NULL THEN
                    INSERT INTO consign.stop_use_index (subject, event) VALUES (p_stop_use, p_sequence);
                END IF;
                INSERT INTO consign.subject_index (subject, event) SELECT subject, p_sequence FROM unnest(p_subjects) AS subject;
            END $$
            """,
        // Begins an append: takes the chain lock (held to the end of the transaction), then hands out the
        // operator (the session's login) and the server's time, which every event of the transaction carries.
        """
            CREATE FUNCTION consign.begin_append() RETURNS TABLE (operator text, recorded_at text)
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, consign AS $$
            DECLARE
                stamp text;
            BEGIN
                IF NOT (pg_has_role(session_user, 'consign_procurement', 'MEMBER')
                        OR pg_has_role(session_user, 'consign_staff', 'MEMBER')
                        OR pg_has_role(session_user, 'consign_privacy', 'MEMBER')) THEN
                    RAISE EXCEPTION 'database user % may not append to the register', session_user
                        USING ERRCODE = 'CN001', DETAIL = 'any';
                END IF;
                PERFORM pg_advisory_xact_lock(\(chainLock));
                stamp := to_char(date_trunc('second', clock_timestamp()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
                DELETE FROM consign.append_stamp;
                INSERT INTO consign.append_stamp (transaction, operator, recorded_at)
                VALUES (pg_current_xact_id(), session_user, stamp);
                RETURN QUERY SELECT session_user::text, stamp;
            END $$
            """,
        // Appends one event: its kind, operator and time are read from its body and must be a kind the
        // caller's role may append, the caller's login and the time begin_append handed out.
        """
            CREATE FUNCTION consign.append_event(
                p_sequence bigint, p_contractor text, p_body bytea, p_chain_hash text, p_chunks bytea[],
                p_transfer_id text, p_transfer_subjects integer, p_deletion_of text, p_stop_use bytea, p_subjects bytea[]
            ) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, consign AS $$
            DECLARE
                head text[] := consign.record_head(p_body);
                stamp record;
            BEGIN
                SELECT * INTO stamp FROM consign.append_stamp WHERE transaction = pg_current_xact_id();
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'an append begins with consign.begin_append() in its transaction' USING ERRCODE = 'CN005';
                END IF;
                IF NOT consign.may_append(head[1]) THEN
                    RAISE EXCEPTION 'database user % may not append % events', session_user, head[1]
                        USING ERRCODE = 'CN001', DETAIL = head[1];
                END IF;
                IF head[3] IS DISTINCT FROM stamp.operator OR head[3] IS DISTINCT FROM session_user::text THEN
                    RAISE EXCEPTION 'the event names % as its operator; this session is %', head[3], session_user
                        USING ERRCODE = 'CN006';
                END IF;
                IF head[2] IS DISTINCT FROM stamp.recorded_at THEN
                    RAISE EXCEPTION 'the event is timed %; the server handed out %', head[2], stamp.recorded_at
                        USING ERRCODE = 'CN006';
                END IF;
                PERFORM consign.insert_event(p_sequence, p_contractor, p_body, p_chain_hash, p_chunks, p_transfer_id,
                    p_transfer_subjects, p_deletion_of, p_stop_use, p_subjects);
            END $$
            """,
        // Stores a document's exact bytes under their SHA-256, once (an append that refers to it stores it).
        """
            CREATE FUNCTION consign.store_document(p_sha256 text, p_bytes bytea) RETURNS void
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, consign AS $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM consign.append_stamp WHERE transaction = pg_current_xact_id()) THEN
                    RAISE EXCEPTION 'an append begins with consign.begin_append() in its transaction' USING ERRCODE = 'CN005';
                END IF;
                IF encode(sha256(p_bytes), 'hex') <> p_sha256 THEN
                    RAISE EXCEPTION 'the document does not match its SHA-256 %', p_sha256 USING ERRCODE = 'CN003';
                END IF;
                INSERT INTO consign.document (sha256, bytes) VALUES (p_sha256, p_bytes) ON CONFLICT (sha256) DO NOTHING;
            END $$
            """,
        """
            REVOKE ALL ON SCHEMA consign FROM PUBLIC
            """,
        """
            REVOKE ALL ON ALL TABLES IN SCHEMA consign FROM PUBLIC
            """,
        """
            REVOKE ALL ON ALL FUNCTIONS IN SCHEMA consign FROM PUBLIC
            """,
        """
            GRANT USAGE ON SCHEMA consign TO consign_procurement, consign_staff, consign_privacy, consign_auditor
            """,
        """
            GRANT SELECT ON consign.event, consign.document, consign.transfer_subjects, consign.transfer_index,
                consign.deletion_index, consign.stop_use_index, consign.subject_index, consign.migration
                TO consign_procurement, consign_staff, consign_privacy, consign_auditor
            """,
        """
            GRANT EXECUTE ON FUNCTION consign.begin_append(), consign.append_event(bigint, text, bytea, text, bytea[], text,
                integer, text, bytea, bytea[]), consign.store_document(text, bytea), consign.record_head(bytea),
                consign.may_append(text)
                TO consign_procurement, consign_staff, consign_privacy
            """,
        // The auditor may ask to append, so that it is told its role only reads (begin_append refuses it).
        """
            GRANT EXECUTE ON FUNCTION consign.begin_append() TO consign_auditor
            """,
    ]

    /// The migrations' own record, made before the first.
    static let migrationTable = """
        CREATE TABLE IF NOT EXISTS consign.migration (
            name text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """

    /// The tables and the triggers that keep them append-only, for `schemaDamage`.
    static let tables = ["event", "document", "transfer_subjects", "transfer_index", "deletion_index", "stop_use_index", "subject_index"]
    static var triggers: [String] {
        tables.flatMap { ["\($0)_refuses_change", "\($0)_refuses_truncate"] } + ["event_extends_chain"]
            + tables.filter { $0 != "event" && $0 != "document" }.map { "\($0)_of_newest_event" }
    }
}

extension Role {
    /// The database role a user of this role is granted (`consign db grant`); `consign.may_append` names
    /// the event kinds each may append.
    package var databaseRole: String { "consign_\(rawValue)" }
}
