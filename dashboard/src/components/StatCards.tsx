import type { Card } from '../models/cards.ts';

const arrows = { up: '▲', down: '▼', flat: '', new: '', none: '' };

export function StatCards(props: { cards: Card[]; comparedWith: string }) {
  return (
    <ul class="cards" aria-label="Totals for the range">
      {props.cards.map((card) => (
        <li key={card.id} class="card" data-card={card.id}>
          <h2 class="card-label">{card.label}</h2>
          {card.lines.length === 0 && (
            <p class="card-value muted" data-value="0">
              –
            </p>
          )}
          {card.lines.map((line) => (
            <div key={line.currency ?? card.id} class="card-line">
              <p
                class="card-value"
                data-value={line.value}
                data-currency={line.currency ?? undefined}
              >
                {line.text}
              </p>
              {line.delta && (
                <p class={`delta delta-${line.delta.trend}`}>
                  <span aria-hidden="true">{arrows[line.delta.trend]} </span>
                  {line.delta.text}
                  <span class="sr-only"> compared with {props.comparedWith}</span>
                </p>
              )}
            </div>
          ))}
          <p class="card-hint">{card.hint}</p>
        </li>
      ))}
    </ul>
  );
}
