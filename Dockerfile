FROM python:3.11-slim
# Fail closed: production settings unless DEBUG=1 is passed on purpose.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=0
WORKDIR /app
# Tesseract reads scanned notices (OCR); without it a scan is refused with a clear error.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY decisions decisions
COPY archive_site archive_site
RUN pip install --no-cache-dir .
COPY . .
# A throwaway key: production settings refuse a short one, and collectstatic signs nothing.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput
# Run as an unprivileged user that cannot change the code it serves.
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin archive
USER archive
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "archive_site.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
