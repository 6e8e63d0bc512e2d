-- =============================================================================
-- iot_sensor_alerts.sql — environmental sensor alerting for cold-chain sites
-- -----------------------------------------------------------------------------
-- Sensors in warehouses and refrigerated trucks report temperature, humidity,
-- battery and a free-form JSON payload from the gateway. Two jobs write into
-- one sensor_alerts stream:
--   * temperature_alerts   — readings above the maximum configured for the
--                            sensor type (scalar subquery over a table), with
--                            the gateway's trace id from the message headers;
--   * environment_alerts   — humidity out of the 20–80% band UNION ALL low
--                            battery, from calibrated sensors only.
-- Malformed readings are skipped rather than dead-lettered: sensors resend.
-- =============================================================================

CREATE STREAM sensor_readings (
    device_id STRING,
    sensor_type STRING,
    site_id STRING,
    temperature DOUBLE,
    humidity DOUBLE,
    battery_pct INT,
    readings MAP<STRING, DOUBLE>,
    payload STRING,
    is_calibrated BOOLEAN,
    reading_time TIMESTAMP
) WITH (
    'topic' = 'sensor_readings',
    'format' = 'json',
    'timestamp' = 'reading_time',
    'watermark.delay' = '5s',
    'watermark.idle' = '30s',
    'errors' = 'skip'
);

CREATE TABLE sensor_thresholds (
    sensor_type STRING PRIMARY KEY,
    min_temperature DOUBLE,
    max_temperature DOUBLE,
    max_humidity DOUBLE,
    updated_at TIMESTAMP
) WITH (
    'topic' = 'sensor_thresholds',
    'format' = 'json'
);

CREATE STREAM sensor_alerts (
    device_id STRING,
    site_id STRING,
    country_prefix STRING,
    alert_type STRING,
    measured_value DOUBLE,
    firmware STRING,
    diagnostics STRING,
    all_readings MAP<STRING, DOUBLE>,
    trace_id STRING,
    reading_time TIMESTAMP
) WITH (
    'topic' = 'sensor_alerts',
    'format' = 'json',
    'partitions' = '3'
);

-- @name: temperature_alerts
-- @description: Readings hotter than the maximum configured for their sensor type, with firmware, diagnostics and gateway trace id.
INSERT INTO sensor_alerts
SELECT
    r.device_id,
    r.site_id,
    SUBSTRING(r.site_id, 1, 3) AS country_prefix,
    'HIGH_TEMPERATURE' AS alert_type,
    r.temperature AS measured_value,
    JSON_VALUE(r.payload, '$.firmware.version') AS firmware,
    JSON_QUERY(r.payload, '$.diagnostics') AS diagnostics,
    r.readings AS all_readings,
    CASE WHEN HAS_HEADER('trace-id') THEN HEADER('trace-id') ELSE 'untraced' END AS trace_id,
    r.reading_time
FROM sensor_readings AS r
WHERE r.temperature IS NOT NULL AND r.temperature > (SELECT t.max_temperature FROM sensor_thresholds AS t WHERE t.sensor_type = r.sensor_type);

-- @name: environment_alerts
-- @description: Humidity outside 20-80% and batteries at or below 15%, from calibrated sensors that came through a known gateway.
INSERT INTO sensor_alerts
SELECT
    device_id,
    site_id,
    SUBSTRING(site_id, 1, 3) AS country_prefix,
    'HUMIDITY_OUT_OF_RANGE' AS alert_type,
    humidity AS measured_value,
    JSON_VALUE(payload, '$.firmware.version') AS firmware,
    JSON_QUERY(payload, '$.diagnostics') AS diagnostics,
    readings AS all_readings,
    HEADER('trace-id') AS trace_id,
    reading_time
FROM sensor_readings
WHERE humidity NOT BETWEEN 20 AND 80 AND is_calibrated = TRUE AND HAS_HEADER('x-gateway-id')
UNION ALL
SELECT
    device_id,
    site_id,
    SUBSTRING(site_id, 1, 3) AS country_prefix,
    'LOW_BATTERY' AS alert_type,
    CAST(battery_pct AS DOUBLE) AS measured_value,
    JSON_VALUE(payload, '$.firmware.version') AS firmware,
    JSON_QUERY(payload, '$.diagnostics') AS diagnostics,
    readings AS all_readings,
    HEADER('trace-id') AS trace_id,
    reading_time
FROM sensor_readings
WHERE battery_pct <= 15 AND NOT is_calibrated = FALSE AND HAS_HEADER('x-gateway-id');
