-- =============================================================================
-- clickstream_funnel.sql — product funnel and A/B conversion
-- -----------------------------------------------------------------------------
-- A shop runs an A/B test on its product page; each event carries the user's
-- experiment group in a column literally named `group` (a reserved word, so it
-- is backticked). The application:
--   * funnel_steps      — one stream of numbered funnel steps, filled by three
--                         INSERT INTO jobs (view, add to cart, purchase);
--   * view_to_cart      — every product view, with the add-to-cart that
--                         followed it within 5 minutes, if any (RIGHT OUTER
--                         JOIN, WITHIN after ON);
--   * cart_rate_by_group — views, carts and cart rate per experiment group.
-- Bots and the anonymous user are excluded.
-- =============================================================================

CREATE STREAM product_views (
    user_id STRING,
    product_id STRING,
    "group" STRING,
    page_url STRING,
    is_bot BOOLEAN,
    event_time TIMESTAMP
) WITH (
    'topic' = 'product_views',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '5s'
);

CREATE STREAM cart_events (
    user_id STRING,
    product_id STRING,
    quantity INT,
    unit_price DECIMAL(10, 2),
    action STRING,
    event_time TIMESTAMP
) WITH (
    'topic' = 'cart_events',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '5s'
);

CREATE STREAM purchases (
    order_id STRING,
    user_id STRING,
    revenue DECIMAL(10, 2),
    item_count INT,
    event_time TIMESTAMP
) WITH (
    'topic' = 'purchases',
    'format' = 'json',
    'timestamp' = 'event_time'
);

CREATE STREAM funnel_steps (
    user_id STRING,
    step STRING,
    step_number INT,
    product_id STRING,
    revenue DECIMAL(10, 2),
    event_time TIMESTAMP
) WITH (
    'topic' = 'funnel_steps',
    'format' = 'json',
    'key' = 'user_id'
);

-- @name: funnel_views
-- @description: Product views by real users as funnel step 1.
INSERT INTO funnel_steps
SELECT user_id, 'product_view' AS step, 1 AS step_number, product_id, 0.00 AS revenue, event_time
FROM product_views
WHERE is_bot = FALSE AND user_id <> 'anonymous';

-- @name: funnel_carts
-- @description: Cart adds and removals as funnel steps 2 and -2.
INSERT INTO funnel_steps
SELECT
    user_id,
    action AS step,
    CASE action WHEN 'add' THEN 2 WHEN 'remove' THEN -2 ELSE 0 END AS step_number,
    product_id,
    quantity * unit_price AS revenue,
    event_time
FROM cart_events
WHERE action IN ('add', 'remove') AND user_id <> 'anonymous';

-- @name: funnel_purchases
-- @description: Completed purchases as funnel step 3, with their revenue.
INSERT INTO funnel_steps
SELECT user_id, 'purchase' AS step, 3 AS step_number, NULL AS product_id, revenue, event_time
FROM purchases
WHERE revenue > 0;

-- @name: view_to_cart
-- @description: Every product view with the add-to-cart of the same product by the same user within 5 minutes, or NULLs.
CREATE STREAM view_to_cart AS
SELECT
    v.user_id,
    v.product_id,
    v."group" AS experiment_group,
    v.event_time AS viewed_at,
    c.event_time AS carted_at,
    c.quantity,
    c.user_id IS NOT NULL AS added_to_cart
FROM cart_events AS c
RIGHT OUTER JOIN product_views AS v ON c.user_id = v.user_id AND c.product_id = v.product_id WITHIN INTERVAL '5' MINUTE
WHERE v.is_bot = FALSE AND (c.action = 'add' OR c.action IS NULL)
EMIT CHANGES;

-- @name: cart_rate_by_group
-- @description: Views, cart adds and cart rate per experiment group over 1-hour windows advancing every 10 minutes, final 5 s after each window ends.
CREATE TABLE cart_rate_by_group AS
SELECT
    experiment_group,
    _window_start AS window_start,
    _window_end AS window_end,
    COUNT(*) AS views,
    COUNT(*) FILTER (WHERE added_to_cart = TRUE) AS carts,
    COUNT(DISTINCT user_id) AS users,
    ROUND(100.0 * COUNT(*) FILTER (WHERE added_to_cart = TRUE) / COUNT(*), 2) AS cart_rate_pct
FROM view_to_cart
GROUP BY experiment_group
WINDOW HOPPING(viewed_at, 1h, 10m) GRACE PERIOD 5s
EMIT FINAL;
