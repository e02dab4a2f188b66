FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
COPY locales ./locales
RUN pip install --no-cache-dir '.[semantic,postgres,redis,video]'
RUN useradd --create-home tipline
USER tipline
ENTRYPOINT ["tipline"]
CMD ["run"]
