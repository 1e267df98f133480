import { useEffect } from 'react';

const SITE_NAME = '达州技能大赛';

/** Sets the browser tab's title to `<page> - 达州技能大赛` (the site name alone without a page). */
export function useDocumentTitle(page?: string): void {
  useEffect(() => {
    document.title = page ? `${page} - ${SITE_NAME}` : SITE_NAME;
  }, [page]);
}
