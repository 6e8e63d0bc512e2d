-- =============================================================================
-- orders_revenue_by_region.sql — revenue dashboards per sales region
-- -----------------------------------------------------------------------------
-- Merges web orders (Kafka) with the point-of-sale export of the physical
-- stores (a CSV file whose header still says "Order Id") into one sales
-- stream, then maintains:
--   * revenue_by_region_hourly — hourly revenue, order count, unique customers,
--                                median and p95 order value per region;
--   * region_revenue_totals    — running totals per region since launch;
--   * sales_by_hour_of_day     — which hours of the day sell most, per region.
-- Orders replayed from the pre-2024 system and cancelled/test orders are left out.
-- =============================================================================

CREATE STREAM web_orders (
    order_id STRING,
    customer_id STRING,
    region STRING,
    status STRING,
    total_amount DECIMAL(12, 2),
    item_count INT,
    order_time TIMESTAMP
) WITH (
    'connector' = 'kafka',
    'topic' = 'orders',
    'format' = 'json',
    'timestamp' = 'order_time',
    'watermark.delay' = '5s'
);

CREATE STREAM store_sales (
    "Order Id" STRING,
    store_id STRING,
    region STRING,
    loyalty_id STRING,
    total_amount DECIMAL(12, 2),
    item_count INT,
    sold_at TIMESTAMP
) WITH (
    'connector' = 'file',
    'path' = 'data/store_sales.csv',
    'format' = 'csv',
    'timestamp' = 'sold_at'
);

-- @name: all_sales
-- @description: Web orders since 2024 that were not cancelled, plus store sales, in one stream with the hour of sale.
CREATE STREAM all_sales AS
SELECT
    order_id,
    region,
    'WEB' AS channel,
    customer_id,
    total_amount,
    item_count,
    EXTRACT(HOUR FROM order_time) AS sale_hour,
    DATE_TRUNC('hour', order_time) AS sale_hour_start,
    order_time AS sale_time
FROM web_orders
WHERE status NOT IN ('CANCELLED', 'TEST') AND order_time >= TIMESTAMP '2024-01-01 00:00:00'
UNION ALL
SELECT
    "Order Id" AS order_id,
    region,
    'STORE' AS channel,
    loyalty_id AS customer_id,
    total_amount,
    item_count,
    EXTRACT(HOUR FROM sold_at) AS sale_hour,
    DATE_TRUNC('hour', sold_at) AS sale_hour_start,
    sold_at AS sale_time
FROM store_sales
WHERE total_amount > 0;

-- @name: revenue_by_region_hourly
-- @description: Hourly revenue per region with the web share, unique customers, median and 95th-percentile order value.
CREATE TABLE revenue_by_region_hourly AS
SELECT
    region,
    _window_start AS hour_start,
    _window_end AS hour_end,
    SUM(total_amount) AS revenue,
    SUM(total_amount) FILTER (WHERE channel = 'WEB') AS web_revenue,
    COUNT(*) AS order_count,
    COUNT(DISTINCT customer_id) AS unique_customers,
    AVG(total_amount) AS avg_order_value,
    MEDIAN(total_amount) AS median_order_value,
    PERCENTILE_CONT(total_amount, 0.95) AS p95_order_value,
    SUM(item_count) AS items_sold
FROM all_sales
GROUP BY region
WINDOW TUMBLING(sale_time, 1h)
HAVING SUM(total_amount) > 0
EMIT FINAL;

-- @name: region_revenue_totals
-- @description: Running revenue, order count and last sale per region, updated with every sale.
CREATE TABLE region_revenue_totals AS
SELECT
    region,
    SUM(total_amount) AS lifetime_revenue,
    COUNT(*) AS lifetime_orders,
    MAX(total_amount) AS largest_order,
    MAX(sale_time) AS last_sale_time
FROM all_sales
GROUP BY region
EMIT CHANGES;

-- @name: sales_by_hour_of_day
-- @description: Orders and revenue per region and hour of day (0-23), to plan staffing around peak hours.
CREATE TABLE sales_by_hour_of_day AS
SELECT region, sale_hour, COUNT(*) AS orders, ROUND(SUM(total_amount), 2) AS revenue
FROM all_sales
GROUP BY region, sale_hour;
