-- =============================================================================
-- orders_enrichment.sql — enrich orders with customer and product data
-- -----------------------------------------------------------------------------
-- Joins every order event against the latest customer and product records
-- (stream–table joins) so downstream services get one self-describing order.
-- Orders from customers we have never seen still pass (LEFT JOIN); orders for
-- unknown products are held back (INNER JOIN). A third job copies orders of
-- active loyalty members to the loyalty team's topic.
--
-- The orders source and the first job's sink are configured with the Rust
-- Velostream spelling ('<name>.type', '<name>.topic', '<name>.format').
--
--   orders (topic orders, schema-less JSON)
--     └─ orders_with_customer   + customer name, email, tier, address (LEFT JOIN customers)
--          └─ orders_enriched    + product name, category, margin (INNER JOIN products)
--               └─ loyalty_orders  orders of active loyalty members (EXISTS over loyalty_members)
-- =============================================================================

CREATE TABLE customers (
    customer_id STRING PRIMARY KEY,
    full_name VARCHAR,
    email STRING,
    tier STRING,
    country_code STRING,
    signup_date DATE,
    address STRUCT<street STRING, city STRING>
) WITH (
    'topic' = 'customers',
    'format' = 'json',
    'auto.offset.reset' = 'earliest'
);

CREATE TABLE products (
    product_id STRING PRIMARY KEY,
    product_name VARCHAR,
    category STRING,
    unit_cost DECIMAL(10, 2),
    tags ARRAY<STRING>,
    is_active BOOLEAN
) WITH (
    'topic' = 'products',
    'format' = 'json'
);

CREATE TABLE loyalty_members (
    customer_id STRING PRIMARY KEY,
    program STRING,
    status STRING,
    points BIGINT,
    joined_on DATE
) WITH (
    'topic' = 'loyalty_members',
    'format' = 'json'
);

-- @name: orders_with_customer
-- @description: Every order with the customer's name, normalised email, tier and address; unknown customers get NULLs and tier STANDARD.
CREATE STREAM orders_with_customer AS
SELECT
    o.*,
    c.full_name AS customer_name,
    LOWER(TRIM(c.email)) AS customer_email,
    COALESCE(c.tier, 'STANDARD') AS customer_tier,
    c.country_code,
    c.signup_date,
    c.address AS shipping_address
FROM orders AS o
LEFT JOIN customers AS c ON o.customer_id = c.customer_id
EMIT CHANGES
WITH (
    'orders.type' = 'kafka_source',
    'orders.topic' = 'orders',
    'orders.format' = 'json',
    'orders_with_customer.type' = 'kafka_sink',
    'orders_with_customer.topic' = 'orders_with_customer',
    'orders_with_customer.format' = 'json'
);

-- @name: orders_enriched
-- @description: Orders with product name, category, tags, line total and gross margin; orders for unknown or inactive products are dropped.
CREATE STREAM orders_enriched AS
SELECT
    o.order_id,
    o.customer_id,
    o.customer_name,
    o.customer_tier,
    o.product_id,
    p.product_name,
    UPPER(p.category) AS category,
    p.tags AS product_tags,
    o.quantity,
    o.unit_price,
    o.quantity * o.unit_price AS line_total,
    o.quantity * (o.unit_price - p.unit_cost) AS gross_margin,
    p.category || '/' || p.product_name AS product_label,
    DATE_FORMAT(o.order_time, '%Y-%m-%d') AS order_day,
    o.order_time
FROM orders_with_customer AS o
INNER JOIN products AS p ON o.product_id = p.product_id
WHERE p.is_active = TRUE AND o.quantity > 0
EMIT CHANGES;

-- @name: loyalty_orders
-- @description: Enriched orders placed by customers with an ACTIVE loyalty membership, for points accrual.
CREATE STREAM loyalty_orders AS
SELECT
    e.order_id,
    e.customer_id,
    e.customer_name,
    e.line_total,
    FLOOR(e.line_total) AS points_earned,
    e.order_time
FROM orders_enriched AS e
WHERE EXISTS (SELECT 1 FROM loyalty_members AS m WHERE m.customer_id = e.customer_id AND m.status = 'ACTIVE')
EMIT CHANGES;
