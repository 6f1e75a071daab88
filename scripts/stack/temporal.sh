# The Temporal dev server (temporal CLI built from the Go module proxy), sqlite file under .stack/.
# shellcheck shell=bash

temporal_up() {
  mkdir -p "$STACK_DIR/temporal"
  spawn temporal "$TEMPORAL_PORT" "$BIN/temporal" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" \
    --http-port "$TEMPORAL_HTTP_PORT" --ui-port "$TEMPORAL_UI_PORT" --metrics-port "$TEMPORAL_METRICS_PORT" \
    --db-filename "$STACK_DIR/temporal/temporal.db" --namespace default --log-format json --log-level warn
  await temporal 120 temporal_status
}

temporal_status() {
  "$BIN/temporal" operator namespace describe --namespace default --address "127.0.0.1:$TEMPORAL_PORT" >/dev/null
}
