const ALERTS = 'alerts';

export function alertsUrl(base: string, customer: string): string {
  return `${base}/${ALERTS}/${encodeURIComponent(customer)}`;
}
