/*
 * What GET /v1/me returns (me.ts), in a module that imports nothing: the web app uses this very
 * type (web/src/engine/types.ts).
 */

export interface MeView {
  role: 'school' | 'official' | 'admin';
  tokenId: string;
  /** The caller's district (schools and officials). */
  district?: { districtId: string; name: string; timezone: string; locale: 'zh-CN' | 'en' };
  /** The caller's school, with the flags that decide which forms apply to it (schools only). */
  school?: {
    schoolId: string;
    name: string;
    kind: string;
    hasCanteen: boolean;
    boarding: boolean;
    nutritionProgramme: boolean;
  };
  /** Today in the district's timezone, and whether it is a school day by the district's calendar (the rule compliance counts by). */
  today?: { date: string; schoolDay: boolean };
}
