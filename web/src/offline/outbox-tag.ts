/** The Background Sync tag of the outbox (page and service worker). */
export const SYNC_TAG = 'houqin-outbox';
