-- What the console publishes to Kafka (review actions to dcmon.alert-reviews, 报备 windows to dcmon.maintenance),
-- written in the transaction of the change itself and sent after its commit by the outbox publisher, which stamps
-- each row once Kafka has acknowledged it. Kafka down: the rows wait here, nothing is lost.
CREATE TABLE outbox (
    id        BIGSERIAL PRIMARY KEY,
    topic     TEXT        NOT NULL,
    key       TEXT        NOT NULL,
    payload   TEXT        NOT NULL,
    created   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published IS NULL;
