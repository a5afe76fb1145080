import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';

/** A header's words as a sighted reader sees them: none for a checkbox or a screen-reader-only name. */
function visibleText(cell: HTMLTableCellElement): string {
  const copy = cell.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
  return copy.textContent?.trim() ?? '';
}

/**
 * Names every body cell after its column (`data-label`), so that on a phone, where a `stacks` table
 * shows each row as a card (styles.css), money columns and a row's actions need no sideways
 * scrolling. Rows added later (a live refresh) are named as they come; a row spanning the whole
 * table (a history) is left as it is.
 */
export function useStackedCells(table: RefObject<HTMLTableElement | null>): void {
  useLayoutEffect(() => {
    const el = table.current;
    if (!el) return;
    const label = () => {
      const heads = [...(el.tHead?.rows[0]?.cells ?? [])].map(visibleText);
      for (const row of el.tBodies[0]?.rows ?? []) {
        if (row.cells.length !== heads.length) continue;
        for (const [i, cell] of [...row.cells].entries())
          if (cell.dataset.label !== heads[i]) cell.dataset.label = heads[i];
      }
    };
    label();
    // Only rows and cells coming and going matter; setting a label is not one of them.
    const observer = new MutationObserver(label);
    observer.observe(el, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
}
