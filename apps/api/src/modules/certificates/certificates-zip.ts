import type { CertificateRepository, FileStorage } from '@dz/persistence';
import archiver from 'archiver';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Certificates read per page while zipping: memory stays flat whatever the count. */
const PAGE = 500;

/** A name safe in every unzip tool: no path separators or control characters. */
export function zipEntryName(number: string, personName: string): string {
  const safe = [...personName].map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
  return `${number}-${safe}.pdf`;
}

/**
 * Streams an event's certificates as one ZIP (stored, not deflated: PDFs are compressed
 * already) into `out`, with extra files first (the results xlsx). One certificate at a time:
 * the next is appended when the archive has taken the last, so neither the rows nor the files
 * pile up in memory.
 */
export async function writeCertificatesZip(
  out: Writable,
  eventId: string,
  certificates: CertificateRepository,
  storage: FileStorage,
  extras: { name: string; content: Buffer }[],
): Promise<number> {
  const archive = archiver('zip', { store: true });
  const failed = new Promise<never>((_, reject) => archive.once('error', reject));
  failed.catch(() => undefined);
  archive.pipe(out);
  const step = async (append: () => void) => {
    const taken = once(archive, 'entry');
    append();
    await Promise.race([taken, failed]);
  };
  for (const extra of extras) await step(() => archive.append(extra.content, { name: extra.name }));
  let after = '';
  let count = 0;
  for (;;) {
    const page = await certificates.filesPage(eventId, after, PAGE);
    for (const file of page) {
      await step(() => archive.append(storage.read(file.storageKey), { name: `证书/${zipEntryName(file.number, file.personName)}` }));
      count += 1;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].number;
  }
  const finished = once(out, 'finish');
  await archive.finalize();
  await Promise.race([finished, failed]);
  return count;
}
