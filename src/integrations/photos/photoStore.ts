import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhotoStore, PhotoVariant } from '../../app/returns/photoStore.js';

const FILE_OF: Record<PhotoVariant, string> = { image: 'image.jpg', thumbnail: 'thumbnail.webp' };

/** One directory per photo, fanned out by the id's last characters so no directory grows huge. */
export class DiskPhotoStore implements PhotoStore {
  constructor(private readonly root: string) {}

  private dirOf(id: string): string {
    if (!/^[a-z]+_[0-9a-z]{26}$/.test(id)) throw new Error(`not a photo id: ${id}`);
    return join(this.root, id.slice(-2), id);
  }

  async put(id: string, files: Record<PhotoVariant, Buffer>): Promise<void> {
    const dir = this.dirOf(id);
    await mkdir(dir, { recursive: true });
    // Written under a temporary name and renamed: a crash never leaves half a photo to serve.
    for (const variant of Object.keys(FILE_OF) as PhotoVariant[]) {
      const target = join(dir, FILE_OF[variant]);
      await writeFile(`${target}.part`, files[variant]);
      await rename(`${target}.part`, target);
    }
  }

  async get(id: string, variant: PhotoVariant): Promise<Buffer | null> {
    try {
      return await readFile(join(this.dirOf(id), FILE_OF[variant]));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    await rm(this.dirOf(id), { recursive: true, force: true });
  }

  /** Every photo kept, with when it was written (its image file's time), one fan-out directory at
   * a time; a photo removed meanwhile is skipped. */
  async *list(): AsyncIterable<{ id: string; storedAt: Date }> {
    for (const fan of await namesIn(this.root)) {
      for (const id of await namesIn(join(this.root, fan))) {
        if (!/^[a-z]+_[0-9a-z]{26}$/.test(id)) continue;
        const written = await stat(join(this.root, fan, id, FILE_OF.image)).catch(() => null);
        if (written) yield { id, storedAt: written.mtime };
      }
    }
  }
}

/** The entries of a directory, none when it does not exist (nothing stored yet). */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
