-- =============================================================================
-- ops_admin.sql — operations walkthrough
-- -----------------------------------------------------------------------------
-- The life of a small checkout-monitoring application, from deployment to
-- teardown, written as the statements an operator types into the REPL
-- (velo-cli repl) or sends to the HTTP API one at a time:
--   1. declare a source and deploy two jobs;
--   2. look around the catalog (SHOW, DESCRIBE, EXPLAIN);
--   3. query: a pull query on a table, push queries on a stream and a table;
--   4. lifecycle: pause, resume, stop, start;
--   5. teardown: drop the jobs, then the stream and table they wrote.
-- =============================================================================

-- 1. Deploy ---------------------------------------------------------------------

CREATE STREAM checkout_events (
    checkout_id STRING,
    merchant_id STRING,
    user_id STRING,
    amount DECIMAL(10, 2),
    currency STRING,
    event_time TIMESTAMP
) WITH (
    'topic' = 'checkout_events',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '5s'
);

-- @name: checkout_totals
-- @description: Checkouts and revenue per merchant, continuously updated and queryable by merchant id.
CREATE TABLE checkout_totals AS
SELECT
    merchant_id,
    COUNT(*) AS checkouts,
    SUM(amount) AS revenue,
    MAX(event_time) AS last_checkout_at
FROM checkout_events
GROUP BY merchant_id;

-- @name: large_checkouts
-- @description: Checkouts of 1,000 or more, copied unchanged to their own topic for manual review.
CREATE STREAM large_checkouts AS
SELECT *
FROM checkout_events
WHERE amount >= 1000;

-- 2. Look around ----------------------------------------------------------------

SHOW STREAMS;

SHOW TABLES;

SHOW TOPICS;

SHOW JOBS;

SHOW FUNCTIONS;

DESCRIBE checkout_events;

DESCRIBE checkout_totals;

DESCRIBE large_checkouts;

EXPLAIN SELECT merchant_id, COUNT(*) AS checkouts, SUM(amount) AS revenue
FROM checkout_events
WHERE currency = 'EUR'
GROUP BY merchant_id
WINDOW TUMBLING(event_time, 1m)
EMIT FINAL;

-- 3. Query ----------------------------------------------------------------------

-- Pull query: a key lookup on the table, answered at once from its state.
SELECT merchant_id, checkouts, revenue, last_checkout_at
FROM checkout_totals
WHERE merchant_id = 'm-1042';

-- Push query: peek at the first five events of the stream.
SELECT *
FROM checkout_events
LIMIT 5;

-- Push query: the ten merchants with the most revenue, kept up to date (EMIT last).
SELECT merchant_id, revenue, checkouts
FROM checkout_totals
ORDER BY revenue DESC
LIMIT 10
EMIT CHANGES;

-- Push query with a common table expression: euro checkouts since 1 June 2024, per user.
WITH euro_checkouts AS (
    SELECT user_id, amount, event_time
    FROM checkout_events
    WHERE currency = 'EUR' AND event_time >= TIMESTAMP '2024-06-01 00:00:00'
)
SELECT user_id, COUNT(*) AS checkouts, SUM(amount) AS spent
FROM euro_checkouts
GROUP BY user_id
EMIT CHANGES;

-- 4. Lifecycle ------------------------------------------------------------------

PAUSE JOB large_checkouts;

RESUME JOB large_checkouts;

STOP JOB large_checkouts;

START JOB large_checkouts;

-- 5. Teardown -------------------------------------------------------------------

DROP JOB large_checkouts;

DROP JOB checkout_totals;

DROP STREAM large_checkouts;

DROP TABLE checkout_totals;

DROP STREAM checkout_events;
