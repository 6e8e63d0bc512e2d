-- =============================================================================
-- nexmark_q5.sql — Nexmark Query 5: hot items
-- -----------------------------------------------------------------------------
-- Which auctions received the most bids in the last period? Bids are counted
-- per auction over 10-second windows that advance every 5 seconds (hopping
-- windows, so every bid counts in two windows). The largest count of each
-- window is kept in a table, and the auctions that reached it are the hot
-- items of that window.
--
--   bid (topic nexmark_bid)
--     └─ bid_counts        bids per auction and hopping window
--          ├─ max_bid_counts   the largest count per window (table keyed by window start)
--          └─ nexmark_q5       auctions whose count equals that maximum
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

-- @name: bid_counts
-- @description: Number of bids per auction in 10-second windows advancing every 5 seconds.
CREATE STREAM bid_counts AS
SELECT auction, COUNT(*) AS num, _window_start AS starttime, _window_end AS endtime
FROM bid
GROUP BY auction
WINDOW HOPPING(date_time, INTERVAL '10' SECOND, INTERVAL '5' SECOND)
EMIT FINAL;

-- @name: max_bid_counts
-- @description: The highest per-auction bid count of each window.
CREATE TABLE max_bid_counts AS
SELECT starttime, MAX(num) AS max_num
FROM bid_counts
GROUP BY starttime;

-- @name: nexmark_q5
-- @description: The auctions with the most bids in each 10-second window.
CREATE STREAM nexmark_q5 AS
SELECT c.auction, c.num, c.starttime, c.endtime
FROM bid_counts AS c
INNER JOIN max_bid_counts AS m ON c.starttime = m.starttime
WHERE c.num >= m.max_num;
