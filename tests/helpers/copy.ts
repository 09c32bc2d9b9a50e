import type { Council } from '../../src/domain/council.ts';
import { loadCopy } from '../../src/server/i18n/load.ts';
import type { Copy } from '../../src/server/i18n/translator.ts';

/**
 * The real catalogue (content/locales) with a council's facts and wording, as the service loads it,
 * in strict mode: a missing key or value throws, so a test cannot pass on a half-worded page.
 */
export function createTestCopy(council: Council, options: { locale?: string; sessionMinutes?: number } = {}): Copy {
  return loadCopy({
    council,
    councilSource: `the ${council.slug} test council`,
    locale: options.locale ?? 'en',
    settings: { retentionDays: council.retentionDays, sessionMinutes: options.sessionMinutes ?? 120 },
    strict: true,
  });
}
