# The api image: NestJS HTTP API + the built web app + the `hub` CLI (migrations, admin commands).
# Build from the repository root: docker build -f docker/api.Dockerfile -t integrations-hub-api .
FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NG_CLI_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p api,web --output-style=static

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 WEB_DIST_DIR=/app/web
WORKDIR /app
# Nx writes a package.json with only what the bundle imports.
COPY --from=build /src/dist/apps/api/package.json /src/dist/apps/api/package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist/apps/api/ ./
COPY --from=build /src/dist/apps/web/browser/ ./web/
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "main.js"]
