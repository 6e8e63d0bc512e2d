-- =============================================================================
-- iot_device_health.sql — fleet health of edge devices
-- -----------------------------------------------------------------------------
-- Each edge device sends a heartbeat every second (status, CPU, memory, Wi-Fi
-- signal, firmware). This application:
--   * firmware_inventory   — lists each (device, firmware) pair once (DISTINCT),
--                            to follow a firmware rollout;
--   * device_health_1m     — per-minute health per device, windowed on the
--                            Kafka message timestamp (WINDOW TUMBLING(1m));
--   * device_status        — latest status per device, a continuously updated table;
--   * degraded_devices     — minutes with missed heartbeats or high load,
--                            enriched from the device registry (a CSV file);
--   * bad_heartbeats       — impossible readings with their Kafka key, partition
--                            and offset, so they can be traced to the producer;
--   * gateway_events       — ingests the gateways' JSON-lines log files into
--                            Kafka, configured with the Rust Velostream spelling
--                            ('gateway_log.type' = 'file_source', 'gateway_log.path').
-- =============================================================================

CREATE STREAM device_heartbeats (
    device_id STRING,
    firmware_version STRING,
    status STRING,
    cpu_pct DOUBLE,
    memory_pct DOUBLE,
    rssi_dbm INT,
    uptime_s BIGINT,
    reported_at TIMESTAMP
) WITH (
    'connector' = 'kafka',
    'topic' = 'device_heartbeats',
    'format' = 'json',
    'watermark.delay' = '5s',
    'watermark.idle' = '15s'
);

CREATE TABLE device_registry (
    device_id STRING PRIMARY KEY,
    model STRING,
    site_id STRING,
    owner_team STRING,
    installed_on DATE
) WITH (
    'connector' = 'file',
    'path' = 'data/device_registry.csv',
    'format' = 'csv'
);

-- @name: firmware_inventory
-- @description: Each device and firmware version pair once, with the major version, to track a rollout.
CREATE STREAM firmware_inventory AS
SELECT DISTINCT device_id, firmware_version, SPLIT_PART(firmware_version, '.', 1) AS firmware_major
FROM device_heartbeats
WHERE firmware_version IS NOT NULL;

-- @name: device_health_1m
-- @description: Per device and minute: heartbeats received, CPU mean/variance/stddev, peak memory, RMS signal and last status.
CREATE STREAM device_health_1m AS
SELECT
    device_id,
    _window_start AS minute_start,
    _window_end AS minute_end,
    COUNT(*) AS heartbeats,
    ROUND(AVG(cpu_pct), 1) AS avg_cpu_pct,
    ROUND(VARIANCE(cpu_pct), 2) AS cpu_variance,
    ROUND(STDDEV(cpu_pct), 2) AS cpu_stddev,
    MAX(memory_pct) AS peak_memory_pct,
    ROUND(SQRT(AVG(POWER(rssi_dbm, 2))), 1) AS rssi_rms_dbm,
    LAST_VALUE(status) AS last_status
FROM device_heartbeats
GROUP BY device_id
WINDOW TUMBLING(1m)
EMIT FINAL;

-- @name: device_status
-- @description: Latest status, firmware and time last seen per device, updated with every heartbeat.
CREATE TABLE device_status AS
SELECT
    device_id,
    LAST_VALUE(status) AS status,
    LAST_VALUE(firmware_version) AS firmware_version,
    MAX(_timestamp) AS last_seen_ms,
    COUNT(*) AS heartbeats_total
FROM device_heartbeats
GROUP BY device_id
EMIT CHANGES;

-- @name: degraded_devices
-- @description: Device-minutes with under 50 of 60 heartbeats or CPU above 90%, with model, site and owning team.
CREATE STREAM degraded_devices AS
SELECT
    h.device_id,
    r.model,
    COALESCE(r.site_id, 'UNREGISTERED') AS site_id,
    r.owner_team,
    h.minute_start,
    h.heartbeats,
    h.avg_cpu_pct,
    h.last_status,
    CASE WHEN h.heartbeats < 30 THEN 'MOSTLY_OFFLINE' WHEN h.heartbeats < 50 THEN 'MISSING_HEARTBEATS' ELSE 'OVERLOADED' END AS condition
FROM device_health_1m AS h
LEFT JOIN device_registry AS r ON h.device_id = r.device_id
WHERE h.heartbeats < 50 OR h.avg_cpu_pct > 90;

-- @name: bad_heartbeats
-- @description: Heartbeats with impossible values, with their Kafka key, partition and offset for tracing.
CREATE STREAM bad_heartbeats AS
SELECT
    _key AS message_key,
    _partition AS source_partition,
    _offset AS source_offset,
    device_id,
    cpu_pct,
    memory_pct,
    rssi_dbm
FROM device_heartbeats
WHERE device_id IS NULL OR cpu_pct < 0 OR cpu_pct > 100 OR memory_pct NOT BETWEEN 0 AND 100 OR rssi_dbm >= 0;

-- @name: gateway_events
-- @description: Reads the gateways' JSON-lines log files and publishes the warnings and errors to Kafka.
CREATE STREAM gateway_events AS
SELECT gateway_id, UPPER(level) AS level, message, logged_at
FROM gateway_log
WHERE UPPER(level) IN ('WARN', 'ERROR')
EMIT CHANGES
WITH (
    'gateway_log.type' = 'file_source',
    'gateway_log.path' = 'data/gateway_log.jsonl',
    'gateway_log.format' = 'json',
    'gateway_events.type' = 'kafka_sink',
    'gateway_events.topic' = 'gateway_events',
    'gateway_events.format' = 'json'
);
