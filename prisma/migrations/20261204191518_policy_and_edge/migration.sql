-- CreateEnum
CREATE TYPE "DecisionResult" AS ENUM ('allow', 'deny', 'error');

-- CreateEnum
CREATE TYPE "RouteAuth" AS ENUM ('public', 'required', 'optional');

-- CreateEnum
CREATE TYPE "DegradationLevel" AS ENUM ('normal', 'degraded', 'limited', 'survival');

-- CreateTable
CREATE TABLE "PolicyBundle" (
    "digest" TEXT NOT NULL,
    "revision" TEXT NOT NULL,
    "entrypoints" TEXT[],
    "sizeBytes" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "sources" JSONB,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyBundle_pkey" PRIMARY KEY ("digest")
);

-- CreateTable
CREATE TABLE "ActivePolicy" (
    "scope" TEXT NOT NULL,
    "bundleDigest" TEXT NOT NULL,
    "entrypoint" TEXT NOT NULL,
    "activatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActivePolicy_pkey" PRIMARY KEY ("scope")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "gatewayId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "revision" TEXT NOT NULL,
    "entrypoint" TEXT NOT NULL,
    "result" "DecisionResult" NOT NULL,
    "reason" TEXT,
    "inputDigest" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "durationUs" DOUBLE PRECISION NOT NULL,
    "tenantId" TEXT,
    "cellId" TEXT,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionLoss" (
    "gatewayId" TEXT NOT NULL,
    "dropped" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DecisionLoss_pkey" PRIMARY KEY ("gatewayId")
);

-- CreateTable
CREATE TABLE "TokenIssuer" (
    "id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "audiences" TEXT[],
    "algorithms" TEXT[],
    "leewaySeconds" INTEGER NOT NULL DEFAULT 30,
    "tenantClaim" TEXT NOT NULL DEFAULT 'tenant',
    "keys" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TokenIssuer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RevokedToken" (
    "tokenId" TEXT NOT NULL,
    "reason" TEXT,
    "revokedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RevokedToken_pkey" PRIMARY KEY ("tokenId")
);

-- CreateTable
CREATE TABLE "EdgeRoute" (
    "id" TEXT NOT NULL,
    "pathPrefix" TEXT NOT NULL,
    "methods" TEXT[],
    "auth" "RouteAuth" NOT NULL,
    "timeoutMs" INTEGER NOT NULL DEFAULT 1000,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EdgeRoute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForcedDegradation" (
    "cellId" TEXT NOT NULL,
    "level" "DegradationLevel" NOT NULL,
    "reason" TEXT NOT NULL,
    "forcedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForcedDegradation_pkey" PRIMARY KEY ("cellId")
);

-- CreateIndex
CREATE INDEX "Decision_at_idx" ON "Decision"("at");

-- CreateIndex
CREATE INDEX "Decision_tenantId_at_idx" ON "Decision"("tenantId", "at");

-- CreateIndex
CREATE INDEX "Decision_result_at_idx" ON "Decision"("result", "at");

-- CreateIndex
CREATE UNIQUE INDEX "TokenIssuer_issuer_key" ON "TokenIssuer"("issuer");

-- CreateIndex
CREATE INDEX "EdgeRoute_pathPrefix_idx" ON "EdgeRoute"("pathPrefix");

-- AddForeignKey
ALTER TABLE "ActivePolicy" ADD CONSTRAINT "ActivePolicy_bundleDigest_fkey" FOREIGN KEY ("bundleDigest") REFERENCES "PolicyBundle"("digest") ON DELETE RESTRICT ON UPDATE CASCADE;

