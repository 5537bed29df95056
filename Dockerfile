# QRV ops bot: multi-stage build, runs as a non-root user with node as PID 1.
#   docker build -t qrv-ops-bot .
#   docker run --env-file .env -e QRV_HTTP_HOST=0.0.0.0 -p 8080:8080 qrv-ops-bot
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the build runs below, once the sources are there.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    QRV_HTTP_HOST=0.0.0.0 \
    QRV_HTTP_PORT=8080 \
    QRV_DATA_DIR=/data/db \
    QRV_LOG_DIR=/data/logs
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY manifest.yml ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s CMD ["node", "-e", "fetch('http://127.0.0.1:8080/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1 (no npm, no shell): SIGTERM reaches the bot, which shuts down gracefully.
ENTRYPOINT ["node", "dist/main.js"]
CMD ["start"]
