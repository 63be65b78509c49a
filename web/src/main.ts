import { html, render } from 'htm/preact';
import { App } from './app';
import { takeLoginToken } from './auth';
import './styles.css';

// First thing, before any await: the login link's token leaves the address bar and the history.
const loginToken = takeLoginToken(location, history);

if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('./sw.js')
    .catch((error: unknown) => console.warn('service worker not registered', error));
}
// Ask the browser to keep the outbox through storage pressure (a queued submission must survive).
void navigator.storage?.persist?.().catch(() => undefined);

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(html`<${App} loginToken=${loginToken} />`, root);
}
