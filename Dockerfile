# The newsalert worker image (used by docker-compose.yml's `worker` service).
#   docker build -t newsalert .
#   docker run --rm -e NEWSALERT_KAFKA_BROKER=host:9092 -p 9108:9108 newsalert
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# A plain install: the default configs, the broker script and the seeds ship as package data.
COPY pyproject.toml README.md ./
COPY newsalert ./newsalert
COPY streams ./streams
COPY alerts ./alerts
COPY config ./config
COPY scripts ./scripts
COPY seeds ./seeds
RUN pip install . && rm -rf /src

# Mount a folder of edited configs (`newsalert init DIR` writes one) and point
# NEWSALERT_CONFIG_DIR at it to change subscriptions without a rebuild.
ENV NEWSALERT_DATA_DIR=/data \
    NEWSALERT_KAFKA_BROKER=kafka:19092 \
    NEWSALERT_METRICS_PORT=9108 \
    NEWSALERT_METRICS_HOST=0.0.0.0

RUN useradd --create-home --uid 10001 newsalert && mkdir -p /data && chown newsalert /data
USER newsalert
WORKDIR /data
VOLUME ["/data"]
EXPOSE 9108 6066

CMD ["newsalert", "worker"]
