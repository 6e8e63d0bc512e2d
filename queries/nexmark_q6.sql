-- =============================================================================
-- nexmark_q6.sql — Nexmark Query 6: average selling price by seller
-- -----------------------------------------------------------------------------
-- For each seller, the average closing price of their last ten auctions.
-- Bids are joined to their auction (explicit BETWEEN bounds: from one second
-- before the auction's start, for clock skew, to one hour after it) and kept
-- while the auction is open. An auction's bidding is treated as closed after
-- 30 seconds without a bid (a SESSION window per auction), which gives its
-- winning price; auctions that end below their reserve are not sold. The
-- average over each seller's last ten winning prices is then an OVER window
-- of ten rows.
--
--   auction, bid
--     └─ auction_closing_prices   winning price per auction (session per auction)
--          └─ nexmark_q6           running average of the seller's last 10 closing prices
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

-- @name: auction_closing_prices
-- @description: The winning bid of each auction, once 30 seconds pass without a bid on it, at or above the reserve.
CREATE STREAM auction_closing_prices AS
SELECT
    a.id AS auction_id,
    a.seller,
    MAX(b.price) AS final_price,
    COUNT(*) AS bids,
    MAX(b.date_time) AS closed_at
FROM auction AS a
INNER JOIN bid AS b ON a.id = b.auction AND b.date_time BETWEEN a.date_time - INTERVAL '1' SECOND AND a.date_time + INTERVAL '1' HOUR
WHERE b.date_time <= a.expires
GROUP BY a.id, a.seller
WINDOW SESSION(b.date_time, 30s)
HAVING MAX(b.price) >= MIN(a.reserve)
EMIT FINAL;

-- @name: nexmark_q6
-- @description: Each closed auction with the average closing price of the seller's last ten auctions.
CREATE STREAM nexmark_q6 AS
SELECT
    seller,
    auction_id,
    final_price,
    AVG(final_price) OVER (PARTITION BY seller ORDER BY _timestamp ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS avg_selling_price
FROM auction_closing_prices;
