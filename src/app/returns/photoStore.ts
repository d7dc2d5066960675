export type PhotoVariant = 'image' | 'thumbnail';

/** Where return photos live. On disk in the data directory today (src/integrations/photos); an
 * object store can take its place behind the same three calls. */
export interface PhotoStore {
  put(id: string, files: Record<PhotoVariant, Buffer>): Promise<void>;
  get(id: string, variant: PhotoVariant): Promise<Buffer | null>;
  remove(id: string): Promise<void>;
}

declare module '../kernel/context.js' {
  interface AppPorts {
    /** Where return and inspection photos are kept. */
    photos: PhotoStore;
  }
}
