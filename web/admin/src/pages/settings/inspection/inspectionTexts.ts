import { texts } from '../../../i18n.js';

/** The words of the inspection settings. */
export const INSPECTION_TEXTS = texts({
  en: {
    rules: 'Disposition rules (grade × category)',
    grade: 'Grade',
    category: 'Category',
    all: 'All categories',
    disposition: 'Disposition',
    recovery: 'Recovers (% of price paid)',
    remove: 'Remove',
    addRule: 'Add a rule for a category',
    saveRules: 'Save rules',
    checklists: 'Inspection checklists',
    checklistHint: 'One item per line: code | English | Dutch',
    saveChecklists: 'Save checklists',
    addChecklist: 'Add a checklist for',
    saved: 'Saved.',
  },
  nl: {
    rules: 'Bestemmingsregels (klasse × categorie)',
    grade: 'Klasse',
    category: 'Categorie',
    all: 'Alle categorieën',
    disposition: 'Bestemming',
    recovery: 'Levert op (% van de betaalde prijs)',
    remove: 'Verwijderen',
    addRule: 'Regel voor een categorie toevoegen',
    saveRules: 'Regels opslaan',
    checklists: 'Keuringschecklists',
    checklistHint: 'Eén item per regel: code | Engels | Nederlands',
    saveChecklists: 'Checklists opslaan',
    addChecklist: 'Checklist toevoegen voor',
    saved: 'Opgeslagen.',
  },
});
