import type { ComponentChildren } from 'preact';

/** What a new affiliate sees instead of an empty table: what is missing and what to do next. */
export function EmptyState(props: { title: string; children: ComponentChildren }) {
  return (
    <div class="empty" data-empty>
      <h2>{props.title}</h2>
      {props.children}
    </div>
  );
}
