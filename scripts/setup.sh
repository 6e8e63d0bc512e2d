#!/usr/bin/env bash
# Install what building and testing Velostream needs, and only what is missing:
#   - apt: librdkafka-dev libsqlite3-dev libedit-dev pkg-config kcat tmux (the REPL tests drive a terminal)
#   - the local Kafka broker: noida-db 0.2.3 from PyPI (pinned by hash on x86_64)
#     into ${VELO_BROKER_HOME:-$HOME/.cache/velostream/broker}/noida-db-0.2.3
#   - checks that swift is on PATH
# Quiet when everything is already there. Safe to run any number of times.
#
#   bash scripts/setup.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_apt_packages
install_broker
check_swift
