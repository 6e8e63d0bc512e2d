-- =============================================================================
-- trading_demo.sql — the demo application (bash scripts/demo.sh)
-- -----------------------------------------------------------------------------
-- Reads the equity trade feed that `velo-gen trades` writes to the topic
-- `trades` and runs three jobs over it:
--
--   trades (topic trades, key = symbol)
--     ├─ large_trades   trades worth $50,000 or more, with their notional value,
--     │                 a size bucket and a readable summary (topic large_trades)
--     ├─ venue_alerts   orders of 1,000 shares or more routed to an alternative
--     │                 venue (ARCA, BATS), for best-execution review
--     │                 (topic venue_alerts)
--     └─ symbol_bars    5-second bars per symbol (trades, volume, low, high,
--                       exact volume-weighted average price), one row per
--                       symbol when each window closes (topic symbol_bars)
-- =============================================================================

CREATE STREAM trades (
    trade_id STRING,
    symbol STRING,
    price DECIMAL(12, 2),
    quantity BIGINT,
    side STRING,
    venue STRING,
    trader_id STRING,
    event_time TIMESTAMP
) WITH (
    'topic' = 'trades',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '1s'
);

-- @name: large_trades
-- @description: Trades with a notional value of $50,000 or more, bucketed MEDIUM/LARGE/BLOCK and summarised.
CREATE STREAM large_trades WITH (
    'topic' = 'large_trades',
    'key' = 'symbol'
) AS
SELECT
    trade_id,
    symbol,
    side,
    quantity,
    price,
    ROUND(price * quantity, 2) AS notional,
    CASE WHEN price * quantity >= 1000000 THEN 'BLOCK' WHEN price * quantity >= 250000 THEN 'LARGE' ELSE 'MEDIUM' END AS size_bucket,
    UPPER(venue) AS venue,
    trader_id,
    CONCAT(side, ' ', CAST(quantity AS STRING), ' ', symbol, ' @ ', CAST(price AS STRING), ' on ', venue) AS summary,
    event_time
FROM trades
WHERE price * quantity >= 50000;

-- @name: venue_alerts
-- @description: Orders of 1,000 shares or more executed on an alternative venue (ARCA, BATS), for best-execution review.
CREATE STREAM venue_alerts WITH (
    'topic' = 'venue_alerts',
    'key' = 'trader_id'
) AS
SELECT
    trade_id,
    trader_id,
    symbol,
    venue,
    side,
    quantity,
    price,
    ROUND(price * quantity / 1000, 1) AS notional_k,
    CASE WHEN quantity >= 10000 THEN 'HIGH' ELSE 'REVIEW' END AS priority,
    CONCAT('trader ', trader_id, ' sent ', CAST(quantity AS STRING), ' ', symbol, ' to ', venue) AS reason,
    event_time
FROM trades
WHERE venue IN ('ARCA', 'BATS') AND quantity >= 1000;

-- @name: symbol_bars
-- @description: 5-second bars per symbol: trade count, volume, low, high and the exact volume-weighted average price.
CREATE STREAM symbol_bars WITH (
    'topic' = 'symbol_bars'
) AS
SELECT
    symbol,
    COUNT(*) AS trades,
    SUM(quantity) AS volume,
    MIN(price) AS low,
    MAX(price) AS high,
    ROUND(SUM(price * quantity) / SUM(quantity), 4) AS vwap,
    _window_start AS bar_start,
    _window_end AS bar_end
FROM trades
GROUP BY symbol
WINDOW TUMBLING(INTERVAL '5' SECOND)
EMIT FINAL;
