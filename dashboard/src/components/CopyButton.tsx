import { useSignal } from '@preact/signals';
import { copyText } from '../lib/clipboard.ts';

/** A copy button that says, to eyes and screen readers, whether the copy worked. */
export function CopyButton(props: { text: string; label: string }) {
  const state = useSignal<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    state.value = (await copyText(props.text)) ? 'copied' : 'failed';
    setTimeout(() => (state.value = 'idle'), 2500);
  };
  return (
    <span class="copy">
      <button
        type="button"
        class="button button-secondary"
        onClick={copy}
        aria-label={`Copy ${props.label}`}
      >
        {state.value === 'copied' ? 'Copied' : state.value === 'failed' ? 'Copy failed' : 'Copy'}
      </button>
      <span class="sr-only" role="status">
        {state.value === 'copied'
          ? `${props.label} copied to the clipboard`
          : state.value === 'failed'
            ? 'Copy failed: select the text and copy it by hand'
            : ''}
      </span>
    </span>
  );
}
