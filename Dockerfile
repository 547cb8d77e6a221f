FROM node:22-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY . .
RUN npm ci && npm prune --omit=dev
EXPOSE 3000
CMD ["node", "dist/src/cli/main.js", "serve"]
