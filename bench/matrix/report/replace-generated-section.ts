export const SECTION_BEGIN =
  '<!-- bench:results:begin (written by `npm run bench`; edit outside these markers) -->';
export const SECTION_END = '<!-- bench:results:end -->';

/**
 * The document with its generated section replaced by `section`; the
 * hand-written text around the markers stays as it is. A document without
 * the markers gets the section appended, with them.
 */
export function replaceGeneratedSection(doc: string, section: string): string {
  const block = `${SECTION_BEGIN}\n\n${section.trimEnd()}\n\n${SECTION_END}`;
  const begin = doc.indexOf(SECTION_BEGIN);
  const end = doc.indexOf(SECTION_END);

  if (begin < 0 || end < begin) return `${doc.trimEnd()}\n\n${block}\n`;

  return doc.slice(0, begin) + block + doc.slice(end + SECTION_END.length);
}
