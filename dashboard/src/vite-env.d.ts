/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Build-time API base URL; a config.json next to index.html overrides it at run time. */
  readonly VITE_API_URL?: string;
}
