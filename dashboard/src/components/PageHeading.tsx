import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let firstPage = true;

/** The page's h1; after in-app navigation it takes focus, so screen readers announce the new page. */
export function PageHeading(props: { children: ComponentChildren; description?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstPage) firstPage = false;
    else ref.current?.focus();
  }, []);
  return (
    <div class="page-heading">
      <h1 tabIndex={-1} ref={ref}>
        {props.children}
      </h1>
      {props.description && <p class="lead">{props.description}</p>}
    </div>
  );
}
