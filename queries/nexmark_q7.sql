-- =============================================================================
-- nexmark_q7.sql — Nexmark Query 7: highest bid
-- -----------------------------------------------------------------------------
-- The highest bid of every 10-second period, with its auction and bidder.
-- First the maximum price of each tumbling window is computed; that result is
-- a stream whose event time is the window end. It is then joined back to the
-- bids of the same window (bids whose time lies in [end - 10 s, end)) on the
-- price, which recovers the bid(s) that set the maximum.
--
--   bid (topic nexmark_bid)
--     └─ max_bid_per_window   max price per 10-second window
--          └─ nexmark_q7        the bids that hold that maximum
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
    'watermark.delay' = '2s'
);

-- @name: max_bid_per_window
-- @description: The highest bid price of each 10-second tumbling window, timestamped at the window end.
CREATE STREAM max_bid_per_window WITH (
    'topic' = 'nexmark_q7_max',
    'timestamp' = 'window_end'
) AS
SELECT
    MAX(price) AS max_price,
    COUNT(*) AS bids_in_window,
    _window_start AS window_start,
    _window_end AS window_end
FROM bid
WINDOW TUMBLING(date_time, INTERVAL '10' SECOND)
EMIT FINAL;

-- @name: nexmark_q7
-- @description: Auction, price and bidder of the highest bid in each 10-second window.
CREATE STREAM nexmark_q7 AS
SELECT b.auction, b.price, b.bidder, b.date_time, b.extra
FROM bid AS b
INNER JOIN max_bid_per_window AS m ON b.price = m.max_price AND b.date_time BETWEEN m.window_end - INTERVAL '10' SECOND AND m.window_end - INTERVAL '1' MILLISECOND;
