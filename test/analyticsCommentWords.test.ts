import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentWordsSql } from '../src/app/analytics/facts/returnFactsSql.js';
import type { DbHandle } from '../src/db/connection.js';
import { COMMENT_STOP_WORDS, commentWords } from '../src/domain/analytics/commentWords.js';
import { createTestDb, DB_KINDS } from './support/databases.js';

const SAMPLES = [
  'Runs small, the sleeves are too short. Small!',
  'Valt klein uit; de mouwen zijn te kort en de stof is dun',
  'Kleur wijkt af van de foto — veel donkerder dan verwacht',
  'ÉCRU colour, not WHITE as shown… Größe passt nicht, zu groß',
  'Naad gescheurd na 1x wassen!!! 2e keer al',
  "Didn't fit: the zipper broke after two days",
  'Ærlig talt: façade, naïef, coördinatie, İstanbul, ŒUVRE, ÿes',
  'a an in on ik je we',
  '',
  '   ',
  'tab\tseparated\nnew-line words_and_underscores 42abc abc42def',
];

describe('comment words', () => {
  it('lower-cases, keeps words of three letters or more, leaves stop words out and counts each once', () => {
    expect(commentWords('Runs small, the sleeves are too short. Small!')).toEqual(['runs', 'small', 'sleeves', 'short']);
    expect(commentWords('Valt klein uit; de mouwen zijn te kort')).toEqual(['valt', 'klein', 'mouwen', 'kort']);
    expect(commentWords(null)).toEqual([]);
    expect(COMMENT_STOP_WORDS.every((w) => w === w.toLowerCase())).toBe(true);
  });
});

describe.each(DB_KINDS)('comment words in SQL (%s)', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(() => handle?.close());

  it('gives the same words as the rule in TypeScript', async () => {
    for (const comment of [...SAMPLES, null]) {
      const { rows } = await sql<{ words: string[] }>`select ${commentWordsSql(sql`${comment}::text`)} as words`.execute(
        handle.db,
      );
      expect(rows[0]?.words, String(comment)).toEqual(commentWords(comment));
    }
  });
});
