import type { PolicyEffectsInput } from '../../../../../src/domain/policy/document.js';
import type { RETURN_METHODS } from '../../../../../src/domain/policy/vocabulary.js';
import type { RESOLUTIONS } from '../../../../../src/domain/returnLifecycle.js';
import type { EFFECTS_TEXTS } from './effectsTexts.js';

type Effects = PolicyEffectsInput;
type Resolution = (typeof RESOLUTIONS)[number];
type Method = (typeof RETURN_METHODS)[number];

/** What every group of effect fields works with: the texts, the effects, a setter and labels. */
export interface EffectsFields {
  t: (typeof EFFECTS_TEXTS)['en'];
  value: Effects;
  set: <K extends keyof Effects>(k: K, v: Effects[K]) => void;
  /** The shop currency's sign: amounts in a policy are in the shop's currency. */
  sign: string;
  defaults?: boolean;
  labels: { resolution: Record<Resolution, string>; method: Record<Method, string> };
}
