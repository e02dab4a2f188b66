FROM python:3.11-slim
# Tesseract reads the words of screenshots readers send (TIPLINE_OCR): the script models cover the region's
# eight languages; the language packs are Debian's own for each of them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-osd \
       tesseract-ocr-script-cyrl tesseract-ocr-script-latn tesseract-ocr-rus tesseract-ocr-kaz \
       tesseract-ocr-uzb tesseract-ocr-uzb-cyrl tesseract-ocr-kir tesseract-ocr-tgk tesseract-ocr-aze \
       tesseract-ocr-tur tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*
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
