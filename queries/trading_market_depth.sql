-- =============================================================================
-- trading_market_depth.sql — order-book depth, imbalance and spreads
-- -----------------------------------------------------------------------------
-- Reads level-2 order-book updates and top-of-book quotes. Every five seconds
-- it summarises the top five levels of each side of the book (best prices,
-- quantity quoted, bid/ask imbalance); per quote it measures the spread in
-- basis points and looks one quote ahead for a short-horizon markout. Crossed
-- and wide spreads are alerted.
--
--   order_book_updates (topic order_book_updates)
--     └─ market_depth_5s   best prices, quoted quantity and imbalance per symbol, 5-second windows
--   quotes (topic quotes)
--     └─ quote_spreads     spread and next-quote markout per quote
--          └─ wide_spread_alerts   crossed or wider than 50 bps, on primary venues
-- =============================================================================

CREATE STREAM order_book_updates (
    symbol STRING,
    venue VARCHAR,
    side STRING,
    price_level INT,
    price DOUBLE,
    quantity BIGINT,
    order_count INT,
    sequence_number BIGINT,
    event_time TIMESTAMP
) WITH (
    'topic' = 'order_book_updates',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '1s'
);

CREATE STREAM quotes (
    symbol STRING,
    venue VARCHAR,
    bid_price DOUBLE,
    bid_size BIGINT,
    ask_price DOUBLE,
    ask_size BIGINT,
    event_time TIMESTAMP
) WITH (
    'topic' = 'quotes',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '1s'
);

-- @name: market_depth_5s
-- @description: Best bid and ask, quantity quoted on each side of the top five levels and the bid/ask imbalance per symbol every 5 seconds.
CREATE STREAM market_depth_5s AS
SELECT
    symbol,
    WINDOWSTART AS window_start,
    WINDOWEND AS window_end,
    MAX(price) FILTER (WHERE side = 'BID') AS best_bid,
    MIN(price) FILTER (WHERE side = 'ASK') AS best_ask,
    SUM(quantity) FILTER (WHERE side = 'BID') AS bid_quoted_qty,
    SUM(quantity) FILTER (WHERE side = 'ASK') AS ask_quoted_qty,
    SUM(CASE side WHEN 'BID' THEN quantity WHEN 'ASK' THEN -quantity ELSE 0 END) AS net_quoted_qty,
    ROUND(CAST(SUM(quantity) FILTER (WHERE side = 'BID') - SUM(quantity) FILTER (WHERE side = 'ASK') AS DOUBLE) / NULLIF(SUM(quantity), 0), 4) AS imbalance,
    SUM(order_count) AS resting_orders,
    COUNT(*) AS book_updates
FROM order_book_updates
WHERE price_level <= 5 AND quantity >= 0
GROUP BY symbol
WINDOW TUMBLING(event_time, INTERVAL '5' SECOND) GRACE PERIOD 250ms
EMIT FINAL;

-- @name: quote_spreads
-- @description: Per quote, the spread in basis points, displayed depth and the next quote's bid for a one-step markout.
CREATE STREAM quote_spreads AS
SELECT
    symbol,
    CASE venue WHEN 'XNAS' THEN 'Nasdaq' WHEN 'XNYS' THEN 'NYSE' WHEN 'ARCX' THEN 'NYSE Arca' ELSE venue END AS venue_name,
    bid_price,
    ask_price,
    GREATEST(ask_price - bid_price, 0) AS spread,
    ROUND((ask_price - bid_price) / ((ask_price + bid_price) / 2) * 10000, 2) AS spread_bps,
    LEAST(bid_size, ask_size) AS displayed_depth,
    LEAD(bid_price, 1) OVER (PARTITION BY symbol ORDER BY _timestamp) AS next_bid_price,
    event_time
FROM quotes
WHERE bid_price > 0 AND ask_price > 0;

-- @name: wide_spread_alerts
-- @description: Quotes on the primary venues whose spread is negative (crossed) or wider than 50 bps.
CREATE STREAM wide_spread_alerts AS
SELECT
    symbol,
    venue_name,
    bid_price,
    ask_price,
    spread_bps,
    CASE WHEN spread_bps < 0 THEN 'CROSSED' ELSE 'WIDE' END AS alert_type,
    event_time
FROM quote_spreads
WHERE spread_bps NOT BETWEEN 0 AND 50 AND venue_name IN ('Nasdaq', 'NYSE', 'NYSE Arca')
EMIT CHANGES;
