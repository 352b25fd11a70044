-- 报备: a unit's planned outage or meter maintenance, entered in the console. Rows are never deleted: a window
-- is cancelled by stamping who cancelled it, when and why, so the register is its own audit trail.
CREATE TABLE maintenance_windows (
    id            BIGSERIAL PRIMARY KEY,
    enterprise    TEXT        NOT NULL,
    city          TEXT,
    gateway       TEXT,
    starts        TIMESTAMPTZ NOT NULL,
    ends          TIMESTAMPTZ NOT NULL,
    reason        TEXT        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_by    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    cancelled_by  TEXT,
    cancelled_at  TIMESTAMPTZ,
    cancel_reason TEXT CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
    CHECK (ends > starts),
    CHECK ((cancelled_by IS NULL) = (cancelled_at IS NULL))
);
CREATE INDEX maintenance_windows_enterprise ON maintenance_windows (enterprise, starts);
CREATE INDEX maintenance_windows_city ON maintenance_windows (city, starts);

-- Only the cancellation may be written after entry, and only once.
CREATE FUNCTION maintenance_cancel_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.cancelled_at IS NOT NULL
            OR NEW.cancelled_at IS NULL
            OR (NEW.id, NEW.enterprise, NEW.city, NEW.gateway, NEW.starts, NEW.ends, NEW.reason, NEW.created_by,
                NEW.created_at)
               IS DISTINCT FROM
               (OLD.id, OLD.enterprise, OLD.city, OLD.gateway, OLD.starts, OLD.ends, OLD.reason, OLD.created_by,
                OLD.created_at) THEN
        RAISE EXCEPTION 'maintenance_windows: only an open window may be cancelled, nothing else changes';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER maintenance_windows_cancel_only BEFORE UPDATE ON maintenance_windows
    FOR EACH ROW EXECUTE FUNCTION maintenance_cancel_only();
CREATE TRIGGER maintenance_windows_no_delete BEFORE DELETE OR TRUNCATE ON maintenance_windows
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The window that suppresses an alert (gateway.offline and completeness alerts inside a window), or null.
ALTER TABLE alerts ADD COLUMN suppressed_by BIGINT REFERENCES maintenance_windows (id);
CREATE INDEX alerts_suppressed_by ON alerts (suppressed_by) WHERE suppressed_by IS NOT NULL;
