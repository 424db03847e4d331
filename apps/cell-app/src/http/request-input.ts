import type { IncomingMessage } from 'node:http';

import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

import { badInput, CellAppError } from './cell-app-error';

/** Request bodies are small JSON documents; anything bigger is refused. */
const MAX_BODY_BYTES = 16 * 1024;

export const cartIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{1,64}$/,
    'must be 1-64 chars of A-Z, a-z, 0-9, _ or -',
  );

export const skuSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,32}$/, 'must be 1-32 chars of a-z, 0-9 or -');

/** The tenant named by `x-tenant-id`, validated. */
export function readTenantId(req: IncomingMessage): string {
  const header = req.headers['x-tenant-id'];
  if (header === undefined || header === '') {
    throw new CellAppError('TENANT_MISSING', 'x-tenant-id header is required', {
      details: { field: 'x-tenant-id' },
    });
  }

  const parsed = idSchema.safeParse(header);
  if (!parsed.success) {
    throw badInput('x-tenant-id', parsed.error.issues[0]?.message ?? 'invalid');
  }

  return parsed.data;
}

/** The `x-config-version` a gateway routed by, or null. */
export function readConfigVersion(req: IncomingMessage): number | null {
  const header = req.headers['x-config-version'];
  if (typeof header !== 'string' || !/^[0-9]{1,15}$/.test(header)) return null;

  return Number.parseInt(header, 10);
}

/** Reads and parses a JSON body with `schema`, naming the failing field. */
export async function readJsonBody<T>(
  req: IncomingMessage,
  schema: z.ZodType<T>,
): Promise<T> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/json')) {
    throw new CellAppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'request body must be application/json',
      { details: { field: 'content-type' } },
    );
  }

  const text = await readBody(req);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CellAppError('BAD_REQUEST', 'body: not valid JSON', {
      cause: error,
      details: { field: 'body' },
    });
  }

  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    throw new CellAppError('BAD_REQUEST', `${field}: ${issue?.message}`, {
      details: {
        field,
        fieldErrors: parsed.error.issues.map((each) => ({
          field: each.path.join('.') || 'body',
          message: each.message,
        })),
      },
    });
  }

  return parsed.data;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;

  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_BODY_BYTES) {
      throw new CellAppError(
        'PAYLOAD_TOO_LARGE',
        `request body exceeds ${MAX_BODY_BYTES} bytes`,
      );
    }
    chunks.push(chunk);
  }

  return Buffer.concat(chunks).toString('utf8');
}
