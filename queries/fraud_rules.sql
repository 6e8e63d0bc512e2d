-- =============================================================================
-- fraud_rules.sql — rule-based card fraud detection
-- -----------------------------------------------------------------------------
-- Screens every card transaction against a set of rules and writes one alert
-- per hit into fraud_alerts, exactly once. Card numbers never leave the job
-- unmasked (only the last four digits are kept). Undecodable transactions go
-- to a dead-letter topic for the payments team.
--   * rule_blocked_card      — the card is on the blocked list (IN subquery);
--   * rule_risky_merchant    — a large amount at a merchant with risk score
--                              >= 80 (EXISTS subquery);
--   * rule_geo_and_patterns  — card-present use outside the home country
--                              (stream–table join) UNION ALL round-amount
--                              card-not-present payments at high-risk merchant
--                              categories (quasi-cash, wire, gambling).
-- =============================================================================

CREATE STREAM card_transactions (
    txn_id STRING,
    card_id STRING,
    card_number STRING,
    merchant_id STRING,
    mcc STRING,
    amount DECIMAL(12, 2),
    currency STRING,
    country_code STRING,
    channel STRING,
    card_present BOOLEAN,
    txn_time TIMESTAMP
) WITH (
    'topic' = 'card_transactions',
    'format' = 'json',
    'timestamp' = 'txn_time',
    'watermark.delay' = '5s',
    'errors' = 'dlq',
    'dlq.topic' = 'card_transactions.dlq'
);

CREATE TABLE blocked_cards (
    card_id STRING PRIMARY KEY,
    reason STRING,
    blocked_at TIMESTAMP
) WITH (
    'topic' = 'blocked_cards',
    'format' = 'json'
);

CREATE TABLE merchant_risk (
    merchant_id STRING PRIMARY KEY,
    risk_score INT,
    is_high_risk BOOLEAN,
    category STRING
) WITH (
    'topic' = 'merchant_risk',
    'format' = 'json'
);

CREATE TABLE cardholders (
    card_id STRING PRIMARY KEY,
    home_country STRING,
    daily_limit DECIMAL(12, 2),
    is_traveling BOOLEAN
) WITH (
    'topic' = 'cardholders',
    'format' = 'json'
);

CREATE STREAM fraud_alerts (
    txn_id STRING,
    card_id STRING,
    masked_card STRING,
    amount DECIMAL(12, 2),
    rule_id STRING,
    risk_level STRING,
    reason VARCHAR,
    txn_time TIMESTAMP
) WITH (
    'topic' = 'fraud_alerts',
    'format' = 'json',
    'key' = 'card_id',
    'partitions' = '6',
    'compression.type' = 'zstd',
    'processing.guarantee' = 'exactly_once'
);

-- @name: rule_blocked_card
-- @description: Any transaction on a card that is on the blocked list.
INSERT INTO fraud_alerts
SELECT
    txn_id,
    card_id,
    LPAD(SUBSTRING(card_number, 13, 4), 16, '*') AS masked_card,
    amount,
    'R001' AS rule_id,
    'CRITICAL' AS risk_level,
    'card is blocked' AS reason,
    txn_time
FROM card_transactions
WHERE card_id IN (SELECT card_id FROM blocked_cards);

-- @name: rule_risky_merchant
-- @description: Transactions of 500 or more at merchants whose risk score is 80 or above.
INSERT INTO fraud_alerts
SELECT
    t.txn_id,
    t.card_id,
    LPAD(SUBSTRING(t.card_number, 13, 4), 16, '*') AS masked_card,
    t.amount,
    'R002' AS rule_id,
    CASE WHEN t.amount >= 5000 THEN 'HIGH' ELSE 'MEDIUM' END AS risk_level,
    'large amount at high-risk merchant ' || t.merchant_id AS reason,
    t.txn_time
FROM card_transactions AS t
WHERE t.amount >= 500 AND EXISTS (SELECT 1 FROM merchant_risk AS m WHERE m.merchant_id = t.merchant_id AND m.risk_score >= 80);

-- @name: rule_geo_and_patterns
-- @description: Card-present use abroad for cardholders not marked as traveling, plus round-amount card-not-present payments at quasi-cash, wire and gambling merchants.
INSERT INTO fraud_alerts
SELECT
    t.txn_id,
    t.card_id,
    LPAD(SUBSTRING(t.card_number, 13, 4), 16, '*') AS masked_card,
    t.amount,
    'R003' AS rule_id,
    'HIGH' AS risk_level,
    'card present in ' || t.country_code || ', home country ' || h.home_country AS reason,
    t.txn_time
FROM card_transactions AS t
INNER JOIN cardholders AS h ON t.card_id = h.card_id
WHERE t.card_present = TRUE AND t.country_code <> h.home_country AND NOT h.is_traveling
UNION ALL
SELECT
    txn_id,
    card_id,
    LPAD(SUBSTRING(card_number, 13, 4), 16, '*') AS masked_card,
    amount,
    'R004' AS rule_id,
    'MEDIUM' AS risk_level,
    'round amount at MCC ' || mcc AS reason,
    txn_time
FROM card_transactions
WHERE mcc IN ('4829', '6051', '7995') AND channel NOT IN ('POS', 'CONTACTLESS') AND card_present = FALSE AND amount % 100 = 0 AND amount >= 1000;
