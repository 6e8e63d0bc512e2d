// Plain librdkafka C calls: the baseline VeloKafka is measured against in the same run.
#ifndef KAFKA_BASELINE_H
#define KAFKA_BASELINE_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int64_t messages;   // messages produced or consumed
    int64_t bytes;      // payload bytes
    double seconds;     // wall time of the measured loop
    int failed;         // delivery failures (produce) or errors (consume)
    char error[256];    // first error, empty when none
} kafka_baseline_result;

/// Produces `count` messages of `size` bytes (key: none) to `topic` and waits for every delivery.
/// `properties` is a NULL-terminated array of alternating key, value strings applied to the config.
kafka_baseline_result kafka_baseline_produce(const char *brokers, const char *topic, int64_t count,
                                             size_t size, const char *const *properties);

/// Consumes `count` messages from the beginning of `topic` with group `group`.
/// The clock runs from the first message to the last, except for a pause of `settle_seconds` right
/// after the first message (0 for none), which lets the broker and the background fetch settle.
kafka_baseline_result kafka_baseline_consume(const char *brokers, const char *topic, const char *group,
                                             int64_t count, double timeout_seconds, double settle_seconds,
                                             const char *const *properties);
/// Consumes `count` messages from the beginning of `in_topic` and produces each (key and value) to
/// `out_topic`, then waits for every delivery: the floor of a Kafka→Kafka passthrough job.
kafka_baseline_result kafka_baseline_pipe(const char *brokers, const char *in_topic, const char *out_topic,
                                          const char *group, int64_t count, double timeout_seconds);
/// The version of the librdkafka the binary runs with, such as "2.0.2".
const char *kafka_baseline_librdkafka_version(void);
#endif
