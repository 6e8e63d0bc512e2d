-- =============================================================================
-- trading_vwap.sql — VWAP bars and buy/sell flow
-- -----------------------------------------------------------------------------
-- Builds one-minute OHLC + VWAP bars per symbol from executed trades, written
-- exactly once, and a five-minute hopping view of buy versus sell volume per
-- symbol and venue for the execution desk. Bars are final once the minute has
-- closed and a further 10 seconds of late trades have been accepted.
--
--   trades (topic trades)
--     ├─ vwap_1m        one bar per symbol and minute (topic vwap_1m)
--     └─ venue_flow_5m  buy/sell volume per symbol and venue, 5-minute windows every minute
-- =============================================================================

CREATE STREAM trades (
    trade_id STRING,
    symbol STRING,
    price DECIMAL(12, 4),
    quantity BIGINT,
    side VARCHAR,
    venue VARCHAR,
    trader_id STRING,
    event_time TIMESTAMP
) WITH (
    'topic' = 'trades',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '5s',
    'watermark.idle' = '30s',
    'errors' = 'dlq',
    'dlq.topic' = 'trades.dlq'
);

-- @name: vwap_1m
-- @description: One-minute OHLC bars with volume-weighted average price per symbol, final after a 10 s grace period.
CREATE STREAM vwap_1m WITH (
    'topic' = 'vwap_1m',
    'key' = 'symbol',
    'partitions' = '6',
    'processing.guarantee' = 'exactly_once'
) AS
SELECT
    symbol,
    TUMBLE_START(event_time, INTERVAL '1' MINUTE) AS bar_start,
    TUMBLE_END(event_time, INTERVAL '1' MINUTE) AS bar_end,
    FIRST_VALUE(price) AS open_price,
    MAX(price) AS high_price,
    MIN(price) AS low_price,
    LAST_VALUE(price) AS close_price,
    SUM(quantity) AS total_volume,
    COUNT(*) AS trade_count,
    CAST(SUM(price * quantity) / SUM(quantity) AS DECIMAL(10, 2)) AS vwap,
    STDDEV(price) AS price_stddev
FROM trades
WHERE quantity > 0 AND side IN ('BUY', 'SELL')
GROUP BY symbol
WINDOW TUMBLING(event_time, 1m) GRACE PERIOD 10s
EMIT FINAL;

-- @name: venue_flow_5m
-- @description: Buy versus sell volume and active traders per symbol and venue over 5-minute windows advancing every minute.
CREATE TABLE venue_flow_5m AS
SELECT
    symbol,
    venue,
    SUM(quantity) FILTER (WHERE side = 'BUY') AS buy_volume,
    SUM(quantity) FILTER (WHERE side = 'SELL') AS sell_volume,
    SUM(quantity) AS total_volume,
    COUNT(DISTINCT trader_id) AS active_traders,
    _window_start AS window_start,
    _window_end AS window_end
FROM trades
GROUP BY symbol, venue
WINDOW HOPPING(event_time, 5m, 1m)
HAVING SUM(quantity) >= 10000
EMIT FINAL;
