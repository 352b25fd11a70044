-- Reviewers' qualitative (measures) points of the annual scorecard, per unit and year, entered by the province.
-- The current points are a row here; every change (entry, correction, removal) is a row of
-- qualitative_point_changes, which is append-only like the review trail.
CREATE TABLE qualitative_points (
    year       INTEGER          NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    enterprise TEXT             NOT NULL,
    points     DOUBLE PRECISION NOT NULL CHECK (points >= 0),
    comment    TEXT CHECK (comment IS NULL OR length(comment) <= 500),
    updated_by TEXT             NOT NULL,
    updated_at TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (year, enterprise)
);

CREATE TABLE qualitative_point_changes (
    id         BIGSERIAL PRIMARY KEY,
    year       INTEGER          NOT NULL,
    enterprise TEXT             NOT NULL,
    old_points DOUBLE PRECISION,
    new_points DOUBLE PRECISION,
    comment    TEXT CHECK (comment IS NULL OR length(comment) <= 500),
    actor      TEXT             NOT NULL,
    at         TIMESTAMPTZ      NOT NULL DEFAULT now()
);
CREATE INDEX qualitative_point_changes_unit ON qualitative_point_changes (year, enterprise, id);
CREATE TRIGGER qualitative_point_changes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
    ON qualitative_point_changes FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
