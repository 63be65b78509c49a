/*
 * The one rule for the ids people type: district, school and token ids (and the system's own
 * hazard and photo ids) are lowercase. Whatever way one comes in (an API query, path or body, the
 * admin CLI, a roster file), it is put in canonical form here before it is compared or looked up,
 * so `CS-02`, ` cs-02 ` and `ｃｓ－０２` (full-width, as a Chinese input method types it) all name
 * school cs-02. Submission ids are the client's own (e.g. a UUID its app made) and are kept
 * exactly as sent.
 */

/** The canonical form of an id: Unicode NFKC (full-width to ASCII), trimmed, lowercase. */
export function canonicalId(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

/** `canonicalId` of an optional value (undefined stays undefined). */
export function canonicalIdOrUndefined(value: string | undefined): string | undefined {
  return value === undefined ? undefined : canonicalId(value);
}
