import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A font as fontkit parses it; pdfkit embeds any object with a `layout` method as is. */
export interface ParsedFont {
  layout: (...args: unknown[]) => unknown;
  postscriptName: string;
}

const fonts: { regular?: ParsedFont; bold?: ParsedFont } = {};

/**
 * Noto Sans SC as TrueType (OFL-1.1, from npm), read and parsed once per process and reused by
 * every document: parsing the 10.5 MB file per document dominates the cost of a short PDF. The
 * parser is the fontkit that pdfkit itself loads, so the object is the kind pdfkit expects; pdfkit
 * embeds only the glyphs a document draws.
 */
export function cjkFont(weight: 'regular' | 'bold'): ParsedFont {
  const cached = fonts[weight];
  if (cached) return cached;
  const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Buffer): ParsedFont };
  const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  const file = weight === 'bold' ? join('700Bold', 'NotoSansSC_700Bold.ttf') : join('400Regular', 'NotoSansSC_400Regular.ttf');
  const parsed = fontkit.create(readFileSync(join(dir, file)));
  fonts[weight] = parsed;
  return parsed;
}
