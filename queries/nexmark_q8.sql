-- =============================================================================
-- nexmark_q8.sql — Nexmark Query 8: monitor new users
-- -----------------------------------------------------------------------------
-- People who registered and opened an auction within the same 10-second
-- period. New persons and new sellers are each grouped into 10-second
-- tumbling windows, and the two windowed streams are joined on the person id
-- and the window start (a windowed stream–stream join).
--
--   person  → new_persons   (id, name) per 10-second window
--   auction → new_sellers   (seller)   per 10-second window
--     └─ nexmark_q8          new persons who also started selling in that window
-- =============================================================================

CREATE STREAM person (
    id BIGINT,
    name VARCHAR,
    email_address VARCHAR,
    credit_card VARCHAR,
    city VARCHAR,
    state VARCHAR,
    date_time TIMESTAMP,
    extra VARCHAR
) WITH (
    'topic' = 'nexmark_person',
    'format' = 'json',
    'timestamp' = 'date_time',
    'watermark.delay' = '2s'
);

CREATE STREAM auction (
    id BIGINT,
    item_name VARCHAR,
    description VARCHAR,
    initial_bid BIGINT,
    reserve BIGINT,
    date_time TIMESTAMP,
    expires TIMESTAMP,
    seller BIGINT,
    category BIGINT,
    extra VARCHAR
) WITH (
    'topic' = 'nexmark_auction',
    'format' = 'json',
    'timestamp' = 'date_time',
    'watermark.delay' = '2s'
);

-- @name: new_persons
-- @description: Persons registered in each 10-second window.
CREATE STREAM new_persons AS
SELECT id, name, _window_start AS starttime, _window_end AS endtime
FROM person
GROUP BY id, name
WINDOW TUMBLING(date_time, 10s)
EMIT FINAL;

-- @name: new_sellers
-- @description: Sellers who opened at least one auction in each 10-second window.
CREATE STREAM new_sellers AS
SELECT seller, COUNT(*) AS auctions_opened, _window_start AS starttime, _window_end AS endtime
FROM auction
GROUP BY seller
WINDOW TUMBLING(date_time, 10s)
EMIT FINAL;

-- @name: nexmark_q8
-- @description: Id, name and window of persons who registered and opened an auction in the same 10-second window.
CREATE STREAM nexmark_q8 AS
SELECT p.id, p.name, p.starttime, s.auctions_opened
FROM new_persons AS p
INNER JOIN new_sellers AS s WITHIN INTERVAL '10' SECOND ON p.id = s.seller AND p.starttime = s.starttime;
