import { describe, expect, it } from 'vitest';

import {
  replaceGeneratedSection,
  SECTION_BEGIN,
  SECTION_END,
} from './replace-generated-section';

describe('replaceGeneratedSection', () => {
  it('replaces only what lies between the markers', () => {
    const doc = `# Benchmarks\n\nMethod.\n\n${SECTION_BEGIN}\nold\n${SECTION_END}\n\nNotes.\n`;
    const out = replaceGeneratedSection(doc, 'new table\n');

    expect(out).toBe(
      `# Benchmarks\n\nMethod.\n\n${SECTION_BEGIN}\n\nnew table\n\n${SECTION_END}\n\nNotes.\n`,
    );
  });

  it('is stable: writing the same section twice changes nothing', () => {
    const once = replaceGeneratedSection('# B\n', 'x');

    expect(replaceGeneratedSection(once, 'x')).toBe(once);
  });

  it('appends the section with its markers to a doc without them', () => {
    const out = replaceGeneratedSection('# Benchmarks\n', 'table');

    expect(out).toBe(
      `# Benchmarks\n\n${SECTION_BEGIN}\n\ntable\n\n${SECTION_END}\n`,
    );
  });
});
