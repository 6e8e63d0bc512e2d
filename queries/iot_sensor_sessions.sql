-- =============================================================================
-- iot_sensor_sessions.sql — machine run sessions on a production line
-- -----------------------------------------------------------------------------
-- CNC machines emit telemetry while they run and go quiet when idle. A gap of
-- more than 30 seconds between two readings ends a run, so a SESSION window
-- per machine turns the telemetry (one reading every 5 s) into runs with their
-- duration, energy and vibration profile. Runs of fewer than three readings
-- are noise (HAVING, written before WINDOW). Runs longer than ten minutes with
-- high vibration are flagged for maintenance.
--
--   machine_telemetry (topic machine_telemetry)
--     └─ machine_runs              one row per run and machine
--          └─ long_run_maintenance  long, rough runs (topic maintenance_requests)
-- =============================================================================

CREATE STREAM machine_telemetry (
    machine_id STRING,
    line_id STRING,
    program_id STRING,
    spindle_rpm INT,
    vibration_mm_s DOUBLE,
    power_kw DOUBLE,
    sent_at_epoch BIGINT,
    event_time TIMESTAMP
) WITH (
    'topic' = 'machine_telemetry',
    'format' = 'json',
    'timestamp' = 'event_time',
    'watermark.delay' = '5s',
    'watermark.idle' = '1m'
);

-- @name: machine_runs
-- @description: One row per machine run (readings separated by at most 30 s) with duration (first to last reading), energy and vibration statistics.
CREATE STREAM machine_runs AS
SELECT
    machine_id,
    _window_start AS run_start,
    _window_end AS run_end,
    FLOOR((_window_end - _window_start - 30000) / 1000.0) AS run_seconds,
    FROM_UNIXTIME(MIN(sent_at_epoch)) AS first_device_time,
    FROM_UNIXTIME(MAX(sent_at_epoch)) AS last_device_time,
    COUNT(*) AS readings,
    MIN(spindle_rpm) AS min_rpm,
    MAX(spindle_rpm) AS max_rpm,
    ROUND(AVG(vibration_mm_s), 2) AS avg_vibration,
    MAX(vibration_mm_s) AS peak_vibration,
    ROUND(SUM(power_kw) * 5 / 3600, 3) AS energy_kwh
FROM machine_telemetry
WHERE spindle_rpm > 0
GROUP BY machine_id
HAVING COUNT(*) >= 3
WINDOW SESSION(event_time, INTERVAL '30' SECOND)
EMIT FINAL;

-- @name: long_run_maintenance
-- @description: Runs longer than 10 minutes whose vibration peaked at or above 7.1 mm/s (ISO 10816 zone C), as maintenance requests.
CREATE STREAM long_run_maintenance AS
SELECT
    machine_id,
    run_start,
    run_end,
    run_seconds,
    peak_vibration AS peak_vibration_mm_s,
    CASE WHEN peak_vibration >= 11.2 THEN 'STOP_MACHINE' ELSE 'SCHEDULE_SERVICE' END AS action
FROM machine_runs
WHERE run_seconds >= 600 AND peak_vibration >= 7.1
EMIT CHANGES
WITH (
    'topic' = 'maintenance_requests',
    'key' = 'machine_id'
);
