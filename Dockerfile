# The assistant as a container: `npm start` with the shipped corpus. See docs/deployment.md for several replicas over
# one index on object storage (set LANCEDB_URI and LANCEDB_STORAGE_OPTIONS) and for running `npm run ingest`.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATA_DIR=/app/.data

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY corpus ./corpus

RUN mkdir -p /app/.data /app/node_modules/.cache && chown -R node:node /app/.data /app/node_modules/.cache
USER node
EXPOSE 8787
CMD ["npm", "start"]
