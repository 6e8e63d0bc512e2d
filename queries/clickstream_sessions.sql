-- =============================================================================
-- clickstream_sessions.sql — web sessions from page views
-- -----------------------------------------------------------------------------
-- Cleans raw page views (strips query strings and fragments, splits out the
-- host and path, numbers each user's views), groups them into sessions that
-- end after 30 minutes of inactivity, and keeps bounce statistics per landing
-- page.
--
--   page_views (topic page_views)
--     └─ page_views_clean       normalised URL, host, path, per-user view number
--          └─ user_sessions      one row per session: length, path, landing/exit page
--               └─ landing_page_stats  sessions and bounces per landing page (table)
-- =============================================================================

CREATE STREAM page_views (
    event_id STRING,
    user_id STRING,
    page_url STRING,
    referrer STRING,
    user_agent VARCHAR,
    experiment_ids ARRAY<STRING>,
    event_time TIMESTAMP
) WITH (
    'topic' = 'page_views',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '10s'
);

-- @name: page_views_clean
-- @description: Page views with query string and fragment removed, host, path and query string split out, and a per-user view sequence number.
CREATE STREAM page_views_clean AS
SELECT
    event_id,
    user_id,
    REGEXP_REPLACE(page_url, '[?#].*$', '', 'g') AS clean_url,
    SPLIT_PART(page_url, '/', 3) AS host,
    COALESCE(NULLIF(REGEXP_REPLACE(REGEXP_REPLACE(page_url, '^https://[^/]+', ''), '[?#].*$', ''), ''), '/') AS page_path,
    CASE WHEN POSITION('?' IN page_url) > 0 THEN SUBSTRING(page_url, POSITION('?' IN page_url) + 1, LENGTH(page_url)) END AS query_string,
    COALESCE(NULLIF(referrer, ''), 'direct') AS referrer,
    user_agent LIKE '%Mobile%' AS is_mobile,
    ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY _timestamp) AS view_seq,
    event_time
FROM page_views
WHERE user_id IS NOT NULL AND page_url LIKE 'https://%';

-- @name: user_sessions
-- @description: Sessions per user closed after 30 minutes of inactivity, with page count, distinct pages, full path and landing/exit pages.
CREATE STREAM user_sessions AS
SELECT
    user_id,
    WINDOWSTART AS session_start,
    WINDOWEND AS session_end,
    COUNT(*) AS page_views,
    COUNT(DISTINCT page_path) AS distinct_pages,
    STRING_AGG(page_path, ',') AS click_path,
    FIRST_VALUE(page_path) AS landing_page,
    LAST_VALUE(page_path) AS exit_page,
    CASE WHEN COUNT(*) = 1 THEN TRUE ELSE FALSE END AS is_bounce
FROM page_views_clean
GROUP BY user_id
WINDOW SESSION(event_time, 30m)
EMIT FINAL;

-- @name: landing_page_stats
-- @description: Sessions, bounces, bounce rate and average session length per landing page, continuously updated.
CREATE TABLE landing_page_stats AS
SELECT
    landing_page,
    COUNT(*) AS sessions,
    COUNT(*) FILTER (WHERE is_bounce = TRUE) AS bounces,
    ROUND(100.0 * COUNT(*) FILTER (WHERE is_bounce = TRUE) / COUNT(*), 2) AS bounce_rate_pct,
    ROUND(AVG(page_views), 1) AS avg_pages_per_session
FROM user_sessions
GROUP BY landing_page
EMIT CHANGES;
