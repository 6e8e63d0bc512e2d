-- =============================================================================
-- nexmark_q4.sql — Nexmark Query 4: average price per category
-- -----------------------------------------------------------------------------
-- The average closing price of auctions in each category. An auction's
-- closing price is its highest bid placed while it was open. Bids are joined
-- to their auction within one hour (Nexmark auctions run for well under an
-- hour), then kept only if placed between the auction's start and expiry.
-- The inner aggregate (winning bid per auction) feeds the outer one (average
-- per category) through a common table expression; the result is a table
-- keyed by category that is updated as winning bids change.
-- =============================================================================

CREATE STREAM auction (
    id BIGINT,
    item_name VARCHAR,
    description VARCHAR,
    initial_bid BIGINT,
    reserve BIGINT,
    date_time TIMESTAMP,
    expires TIMESTAMP,
    seller BIGINT,
    category BIGINT,
    extra VARCHAR
) WITH (
    'topic' = 'nexmark_auction',
    'format' = 'json',
    'timestamp' = 'date_time',
    'watermark.delay' = '5s'
);

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
    'watermark.delay' = '5s'
);

-- @name: nexmark_q4
-- @description: Average winning (maximum, before expiry) bid price per auction category.
CREATE TABLE nexmark_q4 AS
WITH winning_bids AS (
    SELECT a.id AS auction_id, a.category, MAX(b.price) AS final_price
    FROM auction AS a
    INNER JOIN bid AS b WITHIN INTERVAL '1' HOUR ON a.id = b.auction
    WHERE b.date_time BETWEEN a.date_time AND a.expires
    GROUP BY a.id, a.category
)
SELECT category, AVG(final_price) AS avg_final_price, COUNT(*) AS auctions
FROM winning_bids
GROUP BY category;
