import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create } from 'fontkit';

/**
 * The PDF's typeface: Noto Sans, whole (from @expo-google-fonts/noto-sans, the Google Fonts files
 * unsplit), so a name such as Łucja, Ştefan, Γιώργος, Олександр or Nguyễn prints as typed. PDF's
 * built-in Helvetica knows only Western European letters and would print others as the wrong
 * characters; the web's subset files would need the font changed mid-word. Scripts Noto Sans
 * does not cover (Arabic, Bengali, Chinese, emoji…) would show as empty boxes and reach the PDF's
 * text as nothing at all, so the PDF asks `canDrawCharacter` first.
 */

export type Weight = 'regular' | 'bold';

const FILES: Record<Weight, string> = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
};

export interface PdfFont {
  /** The name the document registers the font under. */
  name: Weight;
  bytes: Buffer;
}

let loaded: PdfFont[] | undefined;

/** Both weights, read once on the first PDF (about 1.3 MB; each PDF embeds only the letters it uses). */
export function pdfFonts(): PdfFont[] {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = (Object.keys(FILES) as Weight[]).map((name) => ({ name, bytes: readFileSync(require.resolve(FILES[name])) }));
  return loaded;
}

let drawable: ((codePoint: number) => boolean)[] | undefined;

/**
 * Whether both weights have a glyph for this character. Asked of fontkit, the font reader pdfkit
 * itself uses, so the answer is the one pdfkit acts on: without a glyph it draws the font's empty
 * box and writes no character into the PDF's text.
 */
export function canDrawCharacter(codePoint: number): boolean {
  drawable ??= pdfFonts().map(({ bytes }) => {
    const face = create(bytes);
    if (!('hasGlyphForCodePoint' in face)) throw new TypeError('The PDF font file holds a collection of fonts, not one font.');
    return (code: number) => face.hasGlyphForCodePoint(code);
  });
  return drawable.every((has) => has(codePoint));
}
