-- =============================================================================
-- nexmark_q0.sql — Nexmark Query 0: pass-through
-- -----------------------------------------------------------------------------
-- Reads the bid stream of the Nexmark online-auction benchmark and writes
-- every bid unchanged. It measures the engine's bare read/decode/encode/write
-- overhead; every other Nexmark query is compared against it.
-- =============================================================================

CREATE STREAM bid (
    auction BIGINT,
    bidder BIGINT,
    price BIGINT,
    channel VARCHAR,
    url VARCHAR,
    date_time TIMESTAMP,
    extra VARCHAR
) WITH (
    'topic' = 'nexmark_bid',
    'format' = 'json',
    'timestamp' = 'date_time',
    'auto.offset.reset' = 'earliest'
);

-- @name: nexmark_q0
-- @description: Every bid, unchanged.
CREATE STREAM nexmark_q0 AS
SELECT *
FROM bid
EMIT CHANGES
WITH (
    'topic' = 'nexmark_q0',
    'compression.type' = 'lz4'
);
