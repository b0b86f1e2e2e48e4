# Digital First bot — a conventional image: Python 3.11 slim, the bot installed with pip, a non-root user.
# Build:  docker build -t digital-first-bot:1.0.0 .
# Run:    docker run --rm --env-file /etc/dfbot/env digital-first-bot:1.0.0 dfbot db upgrade   (once per release)
#         docker run -d --env-file /etc/dfbot/env -p 127.0.0.1:3978:3978 digital-first-bot:1.0.0
# Configuration is by environment variables only (README, "Configuration"); no secret is baked in.
# See docs/deploy.md.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# .dockerignore keeps the context to pyproject.toml, README.md, the Python packages and manifest/.
COPY . .
# The learned intent model is built here from the paraphrase corpus (scikit-learn in a throwaway venv), then
# installed with the package as package data; the running bot reads its weights without scikit-learn.
RUN python -m venv /opt/train \
 && /opt/train/bin/pip install --upgrade pip \
 && /opt/train/bin/pip install ".[train]" \
 && /opt/train/bin/python scripts/train_intents.py \
 && python -m venv /opt/dfbot \
 && /opt/dfbot/bin/pip install --upgrade pip \
 && /opt/dfbot/bin/pip install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/dfbot/bin:$PATH \
    PORT=3978 \
    DATABASE_URL=sqlite+aiosqlite:////app/var/dfbot.sqlite3 \
    OUTBOX_DIR=/app/var/outbox
RUN groupadd --system --gid 10001 dfbot \
 && useradd --system --uid 10001 --gid dfbot --home-dir /app --shell /usr/sbin/nologin dfbot
COPY --from=build /opt/dfbot /opt/dfbot
WORKDIR /app
# The Teams app template and icons, so `python -m dfbot.package` also works inside the container.
COPY manifest ./manifest
RUN mkdir -p /app/var/outbox && chown -R dfbot:dfbot /app/var
USER dfbot
VOLUME ["/app/var"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3978'), timeout=4)"]
CMD ["dfbot", "serve"]
