-- =============================================================================
-- orders_shipments_join.sql — payments, shipments and reconciliation
-- -----------------------------------------------------------------------------
-- A quick-commerce shop promises dispatch within the hour. Three stream–stream
-- joins follow each order:
--   * paid_orders           — the order and its captured payment, which must
--                             arrive within 5 minutes of it (WITHIN before ON);
--   * order_dispatch        — the order and its shipment, if the shipment is
--                             stamped within one hour either side of the order
--                             (warehouse pre-pick scans can precede the order
--                             event), via explicit BETWEEN bounds; orders with
--                             no shipment in that hour come out with NULLs;
--   * payment_reconciliation — orders and payments FULL OUTER joined within
--                             30 minutes (WITHIN after ON): matched pairs, and
--                             every order without a payment and every payment
--                             without an order once the 30 minutes are over.
-- Join state is expired by the watermark.
-- =============================================================================

CREATE STREAM orders (
    order_id STRING,
    customer_id STRING,
    store_id STRING,
    total_amount DECIMAL(12, 2),
    currency STRING,
    order_time TIMESTAMP
) WITH (
    'topic' = 'orders',
    'format' = 'json',
    'timestamp' = 'order_time',
    'watermark.delay' = '5s'
);

CREATE STREAM payments (
    payment_id STRING,
    order_id STRING,
    amount DECIMAL(12, 2),
    method STRING,
    status STRING,
    paid_at TIMESTAMP
) WITH (
    'topic' = 'payments',
    'format' = 'json',
    'timestamp' = 'paid_at',
    'watermark.delay' = '5s'
);

CREATE STREAM shipments (
    shipment_id STRING,
    order_id STRING,
    carrier STRING,
    tracking_number STRING,
    warehouse_id STRING,
    shipped_at TIMESTAMP
) WITH (
    'topic' = 'shipments',
    'format' = 'json',
    'timestamp' = 'shipped_at',
    'watermark.delay' = '30s'
);

-- @name: paid_orders
-- @description: Orders whose payment was captured within 5 minutes, flagging amounts that differ from the order total.
CREATE STREAM paid_orders AS
SELECT
    o.order_id,
    o.customer_id,
    o.total_amount,
    p.amount AS paid_amount,
    p.method AS payment_method,
    p.amount <> o.total_amount AS amount_mismatch,
    o.order_time,
    p.paid_at
FROM orders AS o
INNER JOIN payments AS p WITHIN INTERVAL '5' MINUTE ON o.order_id = p.order_id
WHERE p.status = 'CAPTURED'
EMIT CHANGES;

-- @name: order_dispatch
-- @description: Each order with its shipment when one is stamped within an hour either side; NOT_DISPATCHED otherwise.
CREATE STREAM order_dispatch AS
SELECT
    o.order_id,
    o.store_id,
    s.shipment_id,
    s.carrier,
    s.warehouse_id,
    CEIL((UNIX_TIMESTAMP(s.shipped_at) - UNIX_TIMESTAMP(o.order_time)) / 60.0) AS minutes_to_dispatch,
    CASE WHEN s.shipment_id IS NULL THEN 'NOT_DISPATCHED' WHEN s.shipped_at <= o.order_time + INTERVAL '30' MINUTE THEN 'FAST' ELSE 'ON_TIME' END AS dispatch_status,
    o.order_time,
    s.shipped_at
FROM orders AS o
LEFT JOIN shipments AS s ON o.order_id = s.order_id AND s.shipped_at BETWEEN o.order_time - INTERVAL '1' HOUR AND o.order_time + INTERVAL '1' HOUR
EMIT CHANGES;

-- @name: payment_reconciliation
-- @description: Every order and payment with a reconciliation status: MATCHED, or unmatched from either side once 30 minutes have passed.
CREATE STREAM payment_reconciliation AS
SELECT
    COALESCE(o.order_id, p.order_id) AS order_id,
    o.total_amount,
    p.payment_id,
    p.amount AS paid_amount,
    CASE WHEN p.payment_id IS NULL THEN 'ORDER_WITHOUT_PAYMENT' WHEN o.order_id IS NULL THEN 'PAYMENT_WITHOUT_ORDER' ELSE 'MATCHED' END AS reconciliation_status
FROM orders AS o
FULL OUTER JOIN payments AS p ON o.order_id = p.order_id WITHIN INTERVAL '30' MINUTE
EMIT CHANGES;
