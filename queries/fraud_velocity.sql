-- =============================================================================
-- fraud_velocity.sql — velocity and behaviour checks on card transactions
-- -----------------------------------------------------------------------------
-- Velocity rules look at how fast a card is used rather than at one payment:
--   * card_velocity        — per transaction, the card's count and spend over
--                            the preceding hour (RANGE frame over event time);
--   * velocity_alerts      — transactions that push a card past 10 payments or
--                            5,000 in an hour;
--   * card_bursts          — three or more payments within 10 seconds (sliding
--                            10 s windows every 5 s), a card-testing pattern;
--   * impossible_travel    — a card used in two or more countries within 10
--                            minutes (hopping 10 m windows every 1 m);
--   * decline_then_approve — declined authorisations followed by an approved
--                            one within 5 minutes on the same card.
-- =============================================================================

CREATE STREAM transactions (
    txn_id STRING,
    card_id STRING,
    card_number STRING,
    merchant_id STRING,
    amount DECIMAL(12, 2),
    country_code STRING,
    channel STRING,
    txn_time TIMESTAMP
) WITH (
    'topic' = 'card_transactions',
    'format' = 'json',
    'timestamp' = 'txn_time',
    'watermark.delay' = '5s',
    'errors' = 'dlq'
);

CREATE STREAM auth_declines (
    auth_id STRING,
    card_id STRING,
    merchant_id STRING,
    amount DECIMAL(12, 2),
    decline_code STRING,
    declined_at TIMESTAMP
) WITH (
    'topic' = 'auth_declines',
    'format' = 'json',
    'timestamp' = 'declined_at',
    'watermark.delay' = '5s'
);

-- @name: card_velocity
-- @description: Each transaction with the card's number of payments and total spend over the preceding hour of event time.
CREATE STREAM card_velocity AS
SELECT
    txn_id,
    card_id,
    RPAD(SUBSTRING(card_number, 1, 6), 16, '*') AS card_bin_masked,
    merchant_id,
    amount,
    COUNT(*) OVER (PARTITION BY card_id ORDER BY _timestamp RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS txns_last_hour,
    SUM(amount) OVER (PARTITION BY card_id ORDER BY _timestamp RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS spend_last_hour,
    txn_time
FROM transactions
WHERE amount > 0;

-- @name: velocity_alerts
-- @description: Transactions that take a card past 10 payments or 5,000 spent within one hour.
CREATE STREAM velocity_alerts WITH (
    'topic' = 'velocity_alerts',
    'key' = 'card_id',
    'processing.guarantee' = 'exactly_once'
) AS
SELECT
    txn_id,
    card_id,
    card_bin_masked,
    txns_last_hour,
    spend_last_hour,
    CASE WHEN txns_last_hour >= 10 AND spend_last_hour >= 5000 THEN 'COUNT_AND_AMOUNT' WHEN txns_last_hour >= 10 THEN 'COUNT' ELSE 'AMOUNT' END AS breach_type,
    NOW() AS detected_at,
    txn_time
FROM card_velocity
WHERE txns_last_hour >= 10 OR spend_last_hour >= 5000
EMIT CHANGES;

-- @name: card_bursts
-- @description: Cards with three or more payments inside 10 seconds, with distinct merchants and the amount range.
CREATE STREAM card_bursts AS
SELECT
    card_id,
    _window_start AS window_start,
    _window_end AS window_end,
    COUNT(*) AS txn_count,
    COUNT(DISTINCT merchant_id) AS merchants,
    MIN(amount) AS min_amount,
    MAX(amount) AS max_amount,
    SUM(amount) AS total_amount
FROM transactions
GROUP BY card_id
WINDOW SLIDING(txn_time, INTERVAL '10' SECOND, INTERVAL '5' SECOND)
HAVING COUNT(*) >= 3
EMIT CHANGES;

-- @name: impossible_travel
-- @description: Cards used in two or more countries within 10 minutes, with the countries seen.
CREATE STREAM impossible_travel AS
SELECT
    card_id,
    _window_start AS window_start,
    _window_end AS window_end,
    COUNT(DISTINCT country_code) AS countries,
    STRING_AGG(country_code, ',') AS country_trail,
    COUNT(*) FILTER (WHERE channel = 'POS') AS in_person_txns
FROM transactions
WHERE country_code IS NOT NULL
GROUP BY card_id
WINDOW HOPPING(txn_time, 10m, 1m)
HAVING COUNT(DISTINCT country_code) >= 2
EMIT FINAL;

-- @name: decline_then_approve
-- @description: Approved transactions preceded within 5 minutes by a decline on the same card, a sign of card testing.
CREATE STREAM decline_then_approve AS
SELECT
    t.txn_id,
    t.card_id,
    d.decline_code,
    d.amount AS declined_amount,
    t.amount AS approved_amount,
    GREATEST(t.amount, d.amount) AS larger_amount,
    LEAST(t.amount, d.amount) AS smaller_amount,
    d.declined_at,
    t.txn_time
FROM transactions AS t
INNER JOIN auth_declines AS d WITHIN INTERVAL '5' MINUTE ON t.card_id = d.card_id
WHERE d.declined_at <= t.txn_time AND d.decline_code NOT IN ('51', '61')
EMIT CHANGES;
