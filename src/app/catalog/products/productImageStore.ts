/** Where product images uploaded to Retour are kept: each as a re-encoded image and a small square
 * for lists, the portal and return lines. On disk in the data directory (the same store as return
 * photos, in a folder of its own), so an object store can take its place behind these calls. */
export interface ProductImageStore {
  put(id: string, files: Record<'image' | 'thumbnail', Buffer>): Promise<void>;
  get(id: string, variant: 'image' | 'thumbnail'): Promise<Buffer | null>;
  remove(id: string): Promise<void>;
  /** Every image kept, with when it was stored. */
  list(): AsyncIterable<{ id: string; storedAt: Date }>;
}

declare module '../../kernel/context.js' {
  interface AppPorts {
    /** Product images staff uploaded. */
    productImages: ProductImageStore;
  }
}
