// librdkafka and its mock cluster (used for fault-injection tests).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
