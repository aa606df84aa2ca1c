# syntax=docker/dockerfile:1
# Image of the validating resolver the chart runs beside each relay (relay.dnssec.mode: sidecar): Debian's unbound,
# listening on the pod's loopback (127.0.0.1:5353). Build from the repository root:
#   docker build -f docker/unbound.Dockerfile -t strictmail/strictmail-unbound:TAG .      (or: make images)

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends unbound dns-root-data \
 && rm -rf /var/lib/apt/lists/*
COPY docker/unbound/strictmail-unbound.conf /etc/unbound/strictmail-unbound.conf
# The UID the chart runs as (podSecurityContext.runAsUser); /var/lib/unbound is an emptyDir it can write.
USER 65532:65532
EXPOSE 5353
# Seed the RFC 5011 anchor file from the packaged root key when the volume is new, then run in the foreground.
ENTRYPOINT ["/bin/sh", "-c", "[ -f /var/lib/unbound/root.key ] || cp /usr/share/dns/root.key /var/lib/unbound/root.key; exec /usr/sbin/unbound -d -p -c /etc/unbound/strictmail-unbound.conf"]
