# OmniSim server image. Front-end packages come from npm at build time (no CDN at run time).
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
    && npm run build \
    && pip install --no-cache-dir .
EXPOSE 8080
CMD ["omnisim", "serve", "--host", "0.0.0.0", "--deck", "demo"]
