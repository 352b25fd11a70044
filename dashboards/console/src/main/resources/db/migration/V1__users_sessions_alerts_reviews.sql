-- Accounts of the console. Passwords are Argon2id hashes; nothing else of a password is stored.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT        NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.@-]{1,64}$'),
    password_hash TEXT        NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('province', 'city', 'enterprise', 'admin')),
    city          TEXT,
    enterprise    TEXT,
    disabled      BOOLEAN     NOT NULL DEFAULT FALSE,
    created       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (role <> 'city' OR (city IS NOT NULL AND enterprise IS NULL)),
    CHECK (role <> 'enterprise' OR enterprise IS NOT NULL),
    CHECK (role NOT IN ('province', 'admin') OR (city IS NULL AND enterprise IS NULL))
);

-- Failed logins per account and client address, for throttling; old rows are pruned.
CREATE TABLE login_failures (
    id      BIGSERIAL PRIMARY KEY,
    account TEXT        NOT NULL,
    ip      TEXT        NOT NULL,
    at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_account_ip_at ON login_failures (account, ip, at);

-- Server-side sessions. The cookie holds a random 256-bit token; only its SHA-256 is stored here.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT        NOT NULL,
    created    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires    TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Current state of each alert (the event with the highest seq) and its review status.
CREATE TABLE alerts (
    id            TEXT PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    seq           BIGINT      NOT NULL,
    event         TEXT        NOT NULL,
    rule          TEXT        NOT NULL,
    level         TEXT        NOT NULL,
    code          TEXT        NOT NULL,
    enterprise    TEXT,
    city          TEXT,
    tier          TEXT,
    gateway       TEXT,
    point         TEXT,
    period        TEXT        NOT NULL,
    severity      TEXT        NOT NULL,
    colour        TEXT        NOT NULL,
    state         TEXT        NOT NULL,
    first_seen    TIMESTAMPTZ NOT NULL,
    last_changed  TIMESTAMPTZ NOT NULL,
    evidence      JSONB,
    message_zh    TEXT,
    message_en    TEXT,
    review_status TEXT        NOT NULL DEFAULT 'new'
        CHECK (review_status IN ('new', 'acknowledged', 'resolved', 'dismissed')),
    reviewed_by   TEXT,
    reviewed_at   TIMESTAMPTZ,
    received      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX alerts_city ON alerts (city, last_changed DESC);
CREATE INDEX alerts_enterprise ON alerts (enterprise, last_changed DESC);
CREATE INDEX alerts_last_changed ON alerts (last_changed DESC, id);

-- Every event received, once: a replayed record hits the primary key and adds nothing.
CREATE TABLE alert_events (
    alert_id TEXT        NOT NULL REFERENCES alerts (id),
    seq      BIGINT      NOT NULL,
    event    TEXT        NOT NULL,
    payload  JSONB       NOT NULL,
    received TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (alert_id, seq)
);

-- The review trail: append-only.
CREATE TABLE reviews (
    id       BIGSERIAL PRIMARY KEY,
    alert_id TEXT        NOT NULL REFERENCES alerts (id),
    actor    TEXT        NOT NULL,
    action   TEXT        NOT NULL CHECK (action IN ('acknowledge', 'resolve', 'dismiss', 'comment', 'reopen')),
    comment  TEXT,
    at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX reviews_alert ON reviews (alert_id, id);

-- Every change to accounts: append-only.
CREATE TABLE user_audit (
    id     BIGSERIAL PRIMARY KEY,
    actor  TEXT        NOT NULL,
    action TEXT        NOT NULL,
    target TEXT        NOT NULL,
    detail JSONB,
    at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reviews
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER user_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON user_audit
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
