-- =============================================================================
-- nexmark_q3.sql — Nexmark Query 3: local item suggestion
-- -----------------------------------------------------------------------------
-- Who is selling in category 10 in Oregon, Idaho or California? Joins each new
-- auction with its seller, kept as a table of persons keyed by id (an INNER
-- stream–table join: auctions whose seller is unknown are dropped).
-- =============================================================================

CREATE TABLE person (
    id BIGINT PRIMARY KEY,
    name VARCHAR,
    email_address VARCHAR,
    credit_card VARCHAR,
    city VARCHAR,
    state VARCHAR,
    date_time TIMESTAMP,
    extra VARCHAR
) WITH (
    'topic' = 'nexmark_person',
    'format' = 'json'
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
    'timestamp' = 'date_time'
);

-- @name: nexmark_q3
-- @description: Name, city and state of sellers in OR, ID or CA with the id of each auction they open in category 10.
CREATE STREAM nexmark_q3 AS
SELECT p.name, p.city, p.state, a.id AS auction_id
FROM auction AS a
INNER JOIN person AS p ON a.seller = p.id
WHERE a.category = 10 AND p.state IN ('OR', 'ID', 'CA');
