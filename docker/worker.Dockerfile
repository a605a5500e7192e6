# The worker image: BullMQ processors (token refresh, syncs). No public HTTP; probes on WORKER_HEALTH_PORT.
# Build from the repository root: docker build -f docker/worker.Dockerfile -t integrations-hub-worker .
FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NG_CLI_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx nx build worker --output-style=static

FROM node:20-bookworm-slim
ENV NODE_ENV=production WORKER_HEALTH_HOST=0.0.0.0 WORKER_HEALTH_PORT=3001
WORKDIR /app
COPY --from=build /src/dist/apps/worker/package.json /src/dist/apps/worker/package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist/apps/worker/ ./
USER node
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3001/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node directly (exec form), so BullMQ can finish running jobs before exit.
CMD ["node", "main.js"]
