import type { Evaluation, Order, Reason } from './api.js';
import type { PickedPhoto } from './PhotoPicker.js';

/** What the lookup found: the order, the shop's reasons and the policy's first verdict on each line.
 * Its own module so the steps and the app that strings them together do not import each other. */
export interface Found {
  order: Order;
  reasons: Reason[];
  evaluation: Evaluation;
}

/** One line the shopper chose to send back, as the summary and the request need it. */
export interface Choice {
  orderLineId: string;
  /** The order line's title, for the summary. */
  title: string;
  /** The item's picture, for the summary. */
  image?: { url: string; alt: string } | null;
  quantity: number;
  reasonCode: string;
  resolution: string;
  comment: string;
  exchangeVariantId: string | null;
  exchangeTitle: string | null;
  photos: PickedPhoto[];
}
