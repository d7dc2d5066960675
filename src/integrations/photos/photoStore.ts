import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
}
