# The newsalert worker image (used by docker-compose.yml's `worker` service).
#   docker build -t newsalert .
#   docker run --rm -e NEWSALERT_KAFKA_BROKER=host:9092 -p 9108:9108 newsalert
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so code edits do not reinstall them. README.md* : the glob lets the
# build work before a README exists (pyproject names it as the long description).
COPY pyproject.toml README.md* ./
COPY streams ./streams
COPY alerts ./alerts
RUN pip install .

# Runtime data read relative to the source tree (streams/settings.py: REPO_ROOT/config).
COPY config ./config
COPY seeds ./seeds
# Import the package from /app rather than site-packages, so REPO_ROOT resolves to /app
# and config/ (plus anything else found relative to the tree) is found.
ENV PYTHONPATH=/app \
    NEWSALERT_CONFIG_DIR=/app/config \
    NEWSALERT_DATA_DIR=/data \
    NEWSALERT_KAFKA_BROKER=kafka:19092 \
    NEWSALERT_METRICS_PORT=9108

RUN useradd --create-home --uid 10001 newsalert && mkdir -p /data && chown newsalert /data
USER newsalert
VOLUME ["/data"]
EXPOSE 9108 6066

CMD ["newsalert", "worker"]
