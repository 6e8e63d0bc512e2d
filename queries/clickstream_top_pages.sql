-- =============================================================================
-- clickstream_top_pages.sql — most viewed pages
-- -----------------------------------------------------------------------------
-- Normalises page URLs (lower case, no trailing spaces, http folded into
-- https, no "www."), drops health checks and absurdly long URLs, then ranks
-- pages: the ten most viewed pages of every minute (late views are accepted
-- for 10 seconds after the minute ends), and an hourly table of pages with at
-- least 100 views and their approximate unique visitors.
--
--   web_logs (topic web_logs)
--     └─ page_hits             normalised page per view
--          ├─ top_pages_1m      top 10 pages per minute (topic top_pages_1m)
--          └─ popular_pages_1h  pages with >= 100 views per hour (table)
-- =============================================================================

CREATE STREAM web_logs (
    request_id STRING,
    user_id STRING,
    page_url STRING,
    http_status INT,
    bytes_sent BIGINT,
    latency_ms INT,
    event_time TIMESTAMP
) WITH (
    'topic' = 'web_logs',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '5s'
);

-- @name: page_hits
-- @description: Successful page requests with a normalised URL; health checks and URLs over 2048 characters dropped.
CREATE STREAM page_hits AS
SELECT
    request_id,
    user_id,
    REPLACE(REPLACE(LOWER(TRIM(page_url)), 'http://', 'https://'), '://www.', '://') AS page,
    LENGTH(page_url) AS url_length,
    latency_ms,
    DATE_TRUNC('hour', event_time) AS hour_bucket,
    event_time
FROM web_logs
WHERE http_status >= 200 AND http_status <= 299 AND page_url NOT LIKE '%/healthz%' AND LENGTH(page_url) <= 2048
EMIT CHANGES;

-- @name: top_pages_1m
-- @description: The ten most viewed pages of each minute, with unique users and median latency, after a 10 s grace period.
CREATE STREAM top_pages_1m AS
SELECT
    page,
    _window_start AS minute_start,
    COUNT(*) AS views,
    COUNT(DISTINCT user_id) AS unique_users,
    MEDIAN(latency_ms) AS median_latency_ms
FROM page_hits
GROUP BY page
WINDOW TUMBLING(event_time, 1m, GRACE PERIOD 10s)
EMIT FINAL
ORDER BY views DESC
LIMIT 10;

-- @name: popular_pages_1h
-- @description: Pages viewed at least 100 times in an hour, with approximate unique visitors and p95 latency.
CREATE TABLE popular_pages_1h AS
SELECT
    page,
    _window_start AS hour_start,
    _window_end AS hour_end,
    COUNT(*) AS views,
    APPROX_COUNT_DISTINCT(user_id) AS approx_unique_visitors,
    PERCENTILE_CONT(latency_ms, 0.95) AS p95_latency_ms,
    MAX(url_length) AS longest_url
FROM page_hits
GROUP BY page
WINDOW TUMBLING(event_time, 1h)
HAVING COUNT(*) >= 100
EMIT FINAL;
