import { featureModule, type PlatformDeps } from '../module';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { searchRoutes } from './search.routes';
import { createSearchService } from './search.service';

export type { SearchService, SearchSource, SearchDocument, SearchKind } from './search.service';

/**
 * Plain-language search over the statute, the question bank and FAQ. Other features register
 * their documents on `service` (register + reload); the statute is indexed at start-up.
 */
export function createSearchModule({ clock, logger }: PlatformDeps, deps: { civilCode: CivilCodeService }) {
  const service = createSearchService({ civilCode: deps.civilCode, clock, logger });
  return featureModule('search', service, searchRoutes(service), {
    seeders: [{ name: 'search:index', kind: 'reference', run: () => service.ready() }],
    tasks: [
      { name: 'search:misses', everyMs: 10_000, run: async () => void (await service.flushMisses()) },
      { name: 'search:lexicon', everyMs: 30_000, run: () => service.refreshLexicon() },
      // Bank questions and FAQ change through their own features; re-read them now and then.
      { name: 'search:refresh', everyMs: 120_000, run: async () => { await service.reload('question'); await service.reload('faq'); } },
    ],
  });
}
