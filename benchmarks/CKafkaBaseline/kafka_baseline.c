// The plain-C librdkafka baseline for benchmarks/VeloBench: the same work as the VeloKafka side,
// written the way librdkafka's own examples do it.
#include "kafka_baseline.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int apply(rd_kafka_conf_t *conf, const char *key, const char *value, kafka_baseline_result *r) {
    char errstr[256];
    if (rd_kafka_conf_set(conf, key, value, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
        snprintf(r->error, sizeof r->error, "%s: %s", key, errstr);
        return -1;
    }
    return 0;
}

static int apply_all(rd_kafka_conf_t *conf, const char *const *properties, kafka_baseline_result *r) {
    for (const char *const *p = properties; p && p[0] && p[1]; p += 2) {
        if (apply(conf, p[0], p[1], r) != 0) return -1;
    }
    return 0;
}

static void delivery_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    kafka_baseline_result *r = opaque;
    if (m->err) {
        if (r->failed++ == 0) snprintf(r->error, sizeof r->error, "%s", rd_kafka_err2str(m->err));
    }
}

kafka_baseline_result kafka_baseline_produce(const char *brokers, const char *topic, int64_t count,
                                             size_t size, const char *const *properties) {
    kafka_baseline_result r = {0};
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (apply(conf, "bootstrap.servers", brokers, &r) || apply_all(conf, properties, &r)) {
        rd_kafka_conf_destroy(conf);
        return r;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, delivery_cb);
    rd_kafka_conf_set_opaque(conf, &r);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        snprintf(r.error, sizeof r.error, "%s", errstr);
        return r;
    }
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    char *payload = malloc(size);
    memset(payload, 'x', size);

    double start = now_seconds();
    for (int64_t i = 0; i < count; i++) {
        for (;;) {
            int rc = rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, payload, size, NULL, 0, NULL);
            if (rc == 0) break;
            if (rd_kafka_last_error() == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(rk, 1);
                continue;
            }
            if (r.failed++ == 0) snprintf(r.error, sizeof r.error, "%s", rd_kafka_err2str(rd_kafka_last_error()));
            break;
        }
        rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 120 * 1000);
    r.seconds = now_seconds() - start;
    r.messages = count - r.failed;
    r.bytes = r.messages * (int64_t)size;

    free(payload);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    return r;
}

kafka_baseline_result kafka_baseline_consume(const char *brokers, const char *topic, const char *group,
                                             int64_t count, double timeout_seconds, double settle_seconds,
                                             const char *const *properties) {
    kafka_baseline_result r = {0};
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (apply(conf, "bootstrap.servers", brokers, &r) || apply(conf, "group.id", group, &r) ||
        apply(conf, "auto.offset.reset", "earliest", &r) || apply(conf, "enable.auto.commit", "false", &r) ||
        apply_all(conf, properties, &r)) {
        rd_kafka_conf_destroy(conf);
        return r;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!rk) {
        snprintf(r.error, sizeof r.error, "%s", errstr);
        return r;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);

    double start = 0, paused = 0, deadline = now_seconds() + timeout_seconds;
    while (r.messages < count && now_seconds() < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m) continue;
        if (m->err) {
            if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF && r.failed++ == 0)
                snprintf(r.error, sizeof r.error, "%s", rd_kafka_message_errstr(m));
        } else {
            if (r.messages == 0) start = now_seconds(); // time from the first record, as VeloBench does
            r.messages++;
            r.bytes += (int64_t)m->len;
        }
        rd_kafka_message_destroy(m);
        if (r.messages == 1 && paused == 0 && settle_seconds > 0) {
            // Not timed: the broker persists its state after the group join, and the fetch of the
            // backlog completes in the background.
            double pause_start = now_seconds();
            struct timespec ts = {(time_t)settle_seconds, (long)((settle_seconds - (double)(time_t)settle_seconds) * 1e9)};
            nanosleep(&ts, NULL);
            paused = now_seconds() - pause_start;
            deadline += paused;
        }
    }
    r.seconds = start > 0 ? now_seconds() - start - paused : 0;
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return r;
}

kafka_baseline_result kafka_baseline_pipe(const char *brokers, const char *in_topic, const char *out_topic,
                                          const char *group, int64_t count, double timeout_seconds) {
    kafka_baseline_result r = {0};
    char errstr[256];
    rd_kafka_conf_t *cconf = rd_kafka_conf_new();
    if (apply(cconf, "bootstrap.servers", brokers, &r) || apply(cconf, "group.id", group, &r) ||
        apply(cconf, "auto.offset.reset", "earliest", &r) || apply(cconf, "enable.auto.commit", "false", &r) ||
        apply(cconf, "receive.message.max.bytes", "1000000000", &r)) {
        rd_kafka_conf_destroy(cconf);
        return r;
    }
    rd_kafka_conf_t *pconf = rd_kafka_conf_new();
    if (apply(pconf, "bootstrap.servers", brokers, &r) || apply(pconf, "linger.ms", "5", &r) ||
        apply(pconf, "enable.idempotence", "true", &r)) {
        rd_kafka_conf_destroy(cconf);
        rd_kafka_conf_destroy(pconf);
        return r;
    }
    rd_kafka_t *consumer = rd_kafka_new(RD_KAFKA_CONSUMER, cconf, errstr, sizeof errstr);
    if (!consumer) {
        snprintf(r.error, sizeof r.error, "%s", errstr);
        rd_kafka_conf_destroy(pconf);
        return r;
    }
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, pconf, errstr, sizeof errstr);
    if (!producer) {
        snprintf(r.error, sizeof r.error, "%s", errstr);
        rd_kafka_destroy(consumer);
        return r;
    }
    rd_kafka_poll_set_consumer(consumer);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, in_topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(consumer, topics);
    rd_kafka_topic_partition_list_destroy(topics);

    // Timed like the engine's job: from subscription to every output delivered.
    double start = now_seconds(), deadline = start + timeout_seconds;
    while (r.messages < count && now_seconds() < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(consumer, 100);
        if (!m) continue;
        if (m->err) {
            if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF && r.failed++ == 0)
                snprintf(r.error, sizeof r.error, "%s", rd_kafka_message_errstr(m));
        } else {
            for (;;) {
                rd_kafka_resp_err_t err = rd_kafka_producev(
                    producer, RD_KAFKA_V_TOPIC(out_topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                    RD_KAFKA_V_KEY(m->key, m->key_len), RD_KAFKA_V_VALUE(m->payload, m->len), RD_KAFKA_V_END);
                if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                    rd_kafka_poll(producer, 10);
                    continue;
                }
                if (err && r.failed++ == 0) snprintf(r.error, sizeof r.error, "%s", rd_kafka_err2str(err));
                break;
            }
            r.messages++;
            r.bytes += (int64_t)m->len;
            rd_kafka_poll(producer, 0);
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_flush(producer, 60 * 1000);
    r.seconds = now_seconds() - start;
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    rd_kafka_destroy(producer);
    return r;
}

const char *kafka_baseline_librdkafka_version(void) {
    return rd_kafka_version_str();
}
