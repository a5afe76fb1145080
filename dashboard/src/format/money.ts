const formats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: string, currency: string, precise: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency}|${precise}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(precise && { minimumFractionDigits: 2, maximumFractionDigits: 4 }),
    });
    formats.set(key, format);
  }
  return format;
}

/** Amount in its own currency; `precise` keeps up to 4 decimals (EPC). Unknown codes fall back to "12.50 XYZ". */
export function formatMoney(
  amount: number,
  currency: string,
  locale: string,
  precise = false,
): string {
  try {
    return moneyFormat(locale, currency, precise).format(amount);
  } catch {
    return `${amount.toFixed(precise ? 4 : 2)} ${currency}`;
  }
}

export function formatMoneyList(
  list: readonly { currency: string; amount: number }[],
  locale: string,
  precise = false,
): string {
  if (list.length === 0) return '–';
  return list.map((m) => formatMoney(m.amount, m.currency, locale, precise)).join(' · ');
}
