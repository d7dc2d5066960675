import { useState } from 'react';
import type { PolicyDocumentInput } from '../../../../../src/domain/policy/document.js';
import { useT } from '../../i18n.js';
import { VERSION_TEXTS } from './versionTexts.js';

/** A version's document as edited (null while it is as saved), in the forms or as JSON text that
 * may not parse yet, and whether the last save went through. */
export function useVersionEditing() {
  const t = useT(VERSION_TEXTS);
  const [edited, setEdited] = useState<PolicyDocumentInput | null>(null);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  function edit(next: PolicyDocumentInput) {
    setEdited(next);
    setSaved(false);
  }
  function discard() {
    setEdited(null);
    setJsonText(null);
    setJsonError(null);
  }
  function showJson(doc: PolicyDocumentInput) {
    setJsonText(JSON.stringify(doc, null, 2));
    setJsonError(null);
    setMode('json');
  }
  function typeJson(text: string) {
    setJsonText(text);
    try {
      edit(JSON.parse(text) as PolicyDocumentInput);
      setJsonError(null);
    } catch (err) {
      setJsonError(`${t.badJson}: ${(err as Error).message}`);
    }
  }
  return {
    edited,
    edit,
    discard,
    mode,
    showForm: () => setMode('form'),
    showJson,
    jsonText,
    typeJson,
    jsonError,
    saved,
    setSaved,
  };
}

export type VersionEditing = ReturnType<typeof useVersionEditing>;
