-- =============================================================================
-- nexmark_q1.sql — Nexmark Query 1: currency conversion
-- -----------------------------------------------------------------------------
-- Converts every bid's price from US dollars to euros at the benchmark's fixed
-- rate of 0.908, keeping two decimal places. A stateless map over every bid.
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
    'timestamp' = 'date_time'
);

-- @name: nexmark_q1
-- @description: Every bid with its price converted from dollars to euros (x 0.908).
CREATE STREAM nexmark_q1 AS
SELECT auction, bidder, CAST(0.908 * price AS DECIMAL(10, 2)) AS price, date_time, extra
FROM bid;
