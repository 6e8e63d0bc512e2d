-- =============================================================================
-- trading_price_alerts.sql — intraday price-move alerts
-- -----------------------------------------------------------------------------
-- Watches the consolidated trade feed and raises an alert when a symbol's trade
-- price moves at least 1% away from its previous trade, or 2% away from the
-- average of its last five trades. Test symbols and odd-lot prints are ignored.
--
--   market_data (topic market_data)
--     └─ price_movements   adds the previous price and a 5-trade moving average
--          └─ price_alerts  keeps the big moves, graded by severity (topic price_alerts)
-- =============================================================================

CREATE STREAM market_data (
    symbol STRING,
    exchange VARCHAR,
    price DECIMAL(12, 4),
    volume BIGINT,
    trade_id STRING,
    trade_conditions ARRAY<STRING>,
    is_odd_lot BOOLEAN,
    event_time TIMESTAMP
) WITH (
    'topic' = 'market_data',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '5s',
    'auto.offset.reset' = 'latest'
);

-- @name: price_movements
-- @description: Every round-lot trade with the symbol's previous trade price and its 5-trade moving average.
CREATE STREAM price_movements AS
SELECT
    symbol,
    exchange,
    price,
    volume,
    trade_id,
    LAG(price, 1) OVER (PARTITION BY symbol ORDER BY _timestamp) AS prev_price,
    AVG(price) OVER (PARTITION BY symbol ORDER BY _timestamp ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS moving_avg_5,
    event_time
FROM market_data
WHERE symbol NOT LIKE 'TEST%' AND is_odd_lot = FALSE AND volume >= 100
EMIT CHANGES;

-- @name: price_alerts
-- @description: Trades that moved 1% from the previous trade or 2% from the 5-trade average, graded MEDIUM/HIGH/CRITICAL.
CREATE STREAM price_alerts AS
SELECT
    symbol,
    UPPER(exchange) AS exchange,
    price,
    prev_price,
    ROUND(moving_avg_5, 4) AS moving_avg_5,
    ROUND((price - prev_price) * 100 / NULLIF(prev_price, 0), 2) AS change_pct,
    CASE WHEN ABS(price - prev_price) * 100 >= 5 * prev_price THEN 'CRITICAL' WHEN ABS(price - prev_price) * 100 >= 2 * prev_price THEN 'HIGH' ELSE 'MEDIUM' END AS severity,
    CONCAT(symbol, ' traded at ', CAST(price AS STRING), ' (previous ', CAST(prev_price AS STRING), ')') AS alert_message,
    COALESCE(trade_id, 'unknown') AS trade_id,
    event_time
FROM price_movements
WHERE prev_price IS NOT NULL AND (ABS(price - prev_price) * 100 >= prev_price OR ABS(price - moving_avg_5) * 100 >= 2 * moving_avg_5)
EMIT CHANGES
WITH (
    'topic' = 'price_alerts',
    'key' = 'symbol',
    'partitions' = '6',
    'compression.type' = 'lz4'
);
