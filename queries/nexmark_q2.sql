-- =============================================================================
-- nexmark_q2.sql — Nexmark Query 2: selection
-- -----------------------------------------------------------------------------
-- Keeps only the bids on a sample of auctions: those whose id is a multiple
-- of 123. A stateless filter; most bids are dropped.
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

-- @name: nexmark_q2
-- @description: Auction id and price of the bids on auctions whose id is a multiple of 123.
CREATE STREAM nexmark_q2 AS
SELECT auction, price
FROM bid
WHERE MOD(auction, 123) = 0;
