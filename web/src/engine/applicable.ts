import type { CatalogueForm, Me } from './types';

/** Whether a form applies to the school (the catalogue's `appliesTo` against the school's flags from /v1/me). */
export function appliesToSchool(form: Pick<CatalogueForm, 'appliesTo'>, school: Me['school']): boolean {
  if (!school) return false;
  switch (form.appliesTo) {
    case 'all':
      return true;
    case 'hasCanteen':
      return school.hasCanteen;
    case 'boarding':
      return school.boarding;
    case 'nutritionProgramme':
      return school.nutritionProgramme;
    default:
      // An applies-to rule this app does not know yet: show the form; the server decides.
      return true;
  }
}
