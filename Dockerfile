# Digital First bot — a conventional image: Python 3.11 slim (Debian 13), the bot installed with pip, a
# non-root user, and PostgreSQL 17's client tools for `dfbot db backup` (pg_dump dumps servers up to its own
# major version: 17 covers every version Azure Database for PostgreSQL flexible server offers up to 17).
# Build:  docker build -t digital-first-bot:1.0.0 .
# Run:    docker run --rm --env-file /etc/dfbot/env -v dfbot-data:/app/var digital-first-bot:1.0.0 dfbot db upgrade
#         docker run -d --env-file /etc/dfbot/env -v dfbot-data:/app/var -p 127.0.0.1:3978:3978 digital-first-bot:1.0.0
# Configuration is by environment variables only (README, "Configuration"); no secret is baked in.
# See docs/deploy.md.
#
# The base image is pinned by digest, so a rebuild months later starts from the same bytes. To move to a
# newer patch release of the base: `docker buildx imagetools inspect python:3.11-slim-trixie`, put the new
# digest in BASE below, rebuild, run the tests against the image, and say so in the release notes.
ARG BASE=python:3.11-slim-trixie@sha256:9534e5a8e315485d4061ed659af0fd78a284c015f9b73661b41d6bab25604534

FROM ${BASE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# .dockerignore keeps the context to pyproject.toml, README.md, the Python packages and manifest/.
COPY . .
# The learned intent model is built here from the paraphrase corpus (scikit-learn in a throwaway venv), then
# installed with the package as package data; the running bot reads its weights without scikit-learn.
# Every package comes from the lock files, checked against its SHA-256 (the same locks `make` uses).
RUN python -m venv /opt/train \
 && /opt/train/bin/pip install --require-hashes --no-deps -r requirements-dev.lock -r requirements-build.lock \
 && /opt/train/bin/pip install --no-deps --no-build-isolation . \
 && /opt/train/bin/python scripts/train_intents.py \
 && python -m venv /opt/dfbot \
 && /opt/dfbot/bin/pip install --require-hashes --no-deps -r requirements.lock -r requirements-build.lock \
 && /opt/dfbot/bin/pip install --no-deps --no-build-isolation . \
 && /opt/dfbot/bin/pip check

FROM ${BASE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/dfbot/bin:$PATH \
    PORT=3978 \
    DATABASE_URL=sqlite+aiosqlite:////app/var/dfbot.sqlite3 \
    OUTBOX_DIR=/app/var/outbox
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-17 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 dfbot \
 && useradd --system --uid 10001 --gid dfbot --home-dir /app --shell /usr/sbin/nologin dfbot
COPY --from=build /opt/dfbot /opt/dfbot
WORKDIR /app
# The Teams app template and icons, so `dfbot package` (or `python -m dfbot.package`) also works inside the container.
COPY manifest ./manifest
RUN mkdir -p /app/var/outbox && chown -R dfbot:dfbot /app/var
USER dfbot
VOLUME ["/app/var"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3978'), timeout=4)"]
CMD ["dfbot", "serve"]
