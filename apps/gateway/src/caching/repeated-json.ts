/** Texts kept before the table starts over. */
const MAX_TEXTS = 4096;

const texts = new Map<string, string>();

/**
 * `JSON.stringify(value)` for strings that repeat from request to request
 * (tenant, cell, region, route, method, revision, gateway ids): a lookup
 * costs a fraction of escaping the string again, and the lines that carry
 * them (decision log, access log, policy input) are built on every
 * request. Only for ids: the table is bounded by starting over when full,
 * so values a client chooses freely would only churn it.
 */
export function repeatedJson(value: string): string {
  let text = texts.get(value);
  if (text === undefined) {
    if (texts.size >= MAX_TEXTS) texts.clear();
    text = JSON.stringify(value);
    texts.set(value, text);
  }

  return text;
}
