import { render } from 'preact';
import { App } from './components/App.tsx';
import { DashboardContext } from './components/context.ts';
import { loadConfig } from './config.ts';
import { browserHashPort } from './lib/hash-port.ts';
import { localKeyStore } from './lib/key-store.ts';
import { saveFile } from './lib/download.ts';
import { createDashboard } from './state.ts';
import './styles.css';

const config = await loadConfig(import.meta.env.VITE_API_URL);
const dashboard = createDashboard({
  apiUrl: config.apiUrl,
  store: localKeyStore(),
  hash: browserHashPort(),
  locale: navigator.language || 'en-US',
  save: (file) => saveFile(file),
});

const root = document.getElementById('app')!;
// Drop the static "Loading…" placeholder; render() would otherwise keep it.
root.textContent = '';
render(
  <DashboardContext.Provider value={dashboard}>
    <App />
  </DashboardContext.Provider>,
  root,
);
void dashboard.session.restore();
