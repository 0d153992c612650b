# The Headroom image: `headroom serve` (processor API), `headroom work` (workers) and
# `headroom autoscale` (the predictive autoscaler) — the Pulumi program (infra/pulumi) runs it
# with one of those as the argument. TypeScript runs through tsx, a runtime dependency: there
# is no build step. Build from the repository root: docker build -t <registry>/headroom:<tag> .

# Dependencies only, so the layer is cached until package-lock.json changes.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no install hook is needed at run time (and none runs as root in the image).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    # tsx keeps its transform cache in the temp dir; /tmp is the one writable path when the
    # root filesystem is read-only (the Pulumi program mounts an emptyDir there).
    TMPDIR=/tmp
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
# Sources are owned by root and read-only for the runtime user.
COPY --chown=root:root . .
# The node user (uid 1000) of the base image; the Pulumi program's securityContext matches it.
USER 1000:1000
ENTRYPOINT ["bin/headroom"]
CMD ["--help"]
